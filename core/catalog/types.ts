/**
 * The resolved catalog: every default applied, every list present. This is what modules/,
 * functions/ and cli/ consume; the DynamoDB policy item of an account is an `AccountPolicy`.
 */
import type { TagRule, TagSelector } from './schema';
import type { ChatSettings } from './chat';

export type { TagRule, TagSelector };

export interface Principals {
  readonly users: readonly string[];
  readonly groups: readonly string[];
  readonly roles: readonly string[];
}

/** Detach `policy` (a name in the member account, or a full ARN) from these principals. */
export interface PolicyDetachment extends Principals {
  readonly policy: string;
}

export type Mode = 'skip' | 'check' | 'enforce';

export interface ActualForecastPct {
  readonly actualPct: number;
  readonly forecastPct: number;
}

/** State thresholds as percentages of the target (docs/architecture.md#budget-states). */
export interface StateThresholds {
  readonly unusedPct: number;
  readonly underPct: number;
  readonly critical: ActualForecastPct;
  readonly shutdown: ActualForecastPct;
  /** Complete days of usage a forecast needs before it alone may raise the state above Over. */
  readonly forecastMinDays: number;
}

/** Which Cost Explorer figures an account is measured in (docs/budget-states.md). */
export interface CostBasis {
  readonly metric: 'UnblendedCost' | 'NetUnblendedCost' | 'AmortizedCost';
  /** Credits and refunds lower the actual (they are never a rate). */
  readonly includeCredits: boolean;
}

export interface AlertThresholds {
  readonly actualPct: readonly number[];
  readonly forecastPct: readonly number[];
}

export interface StateActions {
  readonly stopInstances: readonly TagSelector[];
  readonly scaleToZero: readonly string[];
  readonly stopRdsClusters: readonly string[];
  readonly stopRdsInstances: readonly string[];
  readonly pauseRedshiftClusters: readonly string[];
  readonly detachPolicies: readonly PolicyDetachment[];
  readonly lockdown: readonly string[];
  readonly tagUnapproved: readonly TagSelector[];
}

export type EnforcedState = 'over' | 'critical' | 'shutdown';
export const ENFORCED_STATES: readonly EnforcedState[] = ['over', 'critical', 'shutdown'];

/** People in the loop at one state (enforcement.<state>.graceMinutes / .approval). */
export type Approval = 'auto' | 'manual';
export interface StateGate {
  /** Minutes between announcing the state's actions and running them (0: at once). */
  readonly graceMinutes: number;
  /** 'manual': the actions are staged until approved. */
  readonly approval: Approval;
}

export interface LockdownTarget extends Principals {
  readonly via: 'principals' | 'scp';
}

export interface Enforcement {
  readonly over: StateActions;
  readonly critical: StateActions;
  readonly shutdown: StateActions;
  readonly lockdownOn: LockdownTarget;
  readonly restartInstancesOnRestore: boolean;
}

export interface ServiceAlarm {
  readonly service: string;
  readonly amountUsd: number;
}

export interface TeamAccess {
  readonly name: string;
  readonly group: string;
  readonly services: readonly string[];
  readonly resourceTag: { readonly key: string; readonly value: string };
  /** The member stack creates `group`; false or absent: the group must exist before the first apply. */
  readonly createGroup?: boolean;
}

/** A policy the member stack creates and the guardrail may detach and reattach (e.g. AllowGPUAccess). */
export interface AccessPolicy extends Principals {
  readonly name: string;
  readonly actions: readonly string[];
  readonly resourceTags?: TagSelector;
}

export interface RuntimeBudget {
  readonly name: string;
  readonly minutesPerMonth: number;
  readonly instanceTags: TagSelector;
  readonly alertPct: readonly number[];
  readonly atLimit: {
    readonly stopInstances: boolean;
    readonly detachPolicies: readonly PolicyDetachment[];
  };
}

export interface TagPolicy {
  readonly rules: readonly TagRule[];
  readonly scope: { readonly vpcIds: readonly string[]; readonly tags: TagSelector };
  readonly untagged: 'stop' | 'terminate' | 'ignore';
  readonly lookbackDays: number;
}

export interface AccountPolicy {
  /** The file name without `.ts`; also the stack suffix (`member-<name>`). */
  readonly name: string;
  readonly id: string;
  readonly owners: readonly string[];
  readonly mode: Mode;
  /** Monthly target in USD; null only for an account in `skip` mode that sets none. */
  readonly targetUsd: number | null;
  readonly alerts: AlertThresholds;
  readonly serviceAlarms: readonly ServiceAlarm[];
  readonly states: StateThresholds;
  readonly costs: CostBasis;
  readonly workloadRegions: readonly string[];
  readonly enforcement: Enforcement;
  readonly teamAccess: readonly TeamAccess[];
  readonly accessPolicies: readonly AccessPolicy[];
  readonly runtimeBudgets: readonly RuntimeBudget[];
  readonly tagPolicy: TagPolicy | null;
  /** Grace and approval per enforced state, from `enforcement.<state>.graceMinutes` / `.approval`. */
  readonly gates: Readonly<Record<EnforcedState, StateGate>>;
}

export type Backend =
  | { readonly type: 'local' }
  | { readonly type: 's3'; readonly bucket: string; readonly region: string; readonly keyPrefix: string }
  | { readonly type: 'cloud'; readonly organization: string; readonly workspacePrefix: string; readonly hostname: string };

export interface OrgSettings {
  readonly hubAccountId: string;
  readonly hubRegion: string;
  readonly organizationId: string;
  readonly senderEmail: string;
  readonly opsEmails: readonly string[];
  readonly memberRoleName: string;
  readonly busAccess: 'organization' | 'catalog';
  readonly evaluationSchedule: string;
  readonly tagPolicySchedule: string;
  /** How often the enforcer re-applies the current state's posture (default every 15 minutes). */
  readonly enforcementReconcileSchedule: string;
  readonly logRetentionDays: number;
  readonly backend: Backend;
  /** Slack or Microsoft Teams channel through AWS Chatbot; null when not configured. */
  readonly chat: ChatSettings | null;
  readonly defaults: {
    readonly mode: Mode;
    readonly alerts: AlertThresholds;
    readonly states: StateThresholds;
    readonly costs: CostBasis;
    readonly workloadRegions: readonly string[];
  };
}

export interface Catalog {
  readonly org: OrgSettings;
  /** Sorted by name. */
  readonly accounts: readonly AccountPolicy[];
}
