/** Layers defaults under the user's values. Input is assumed to have passed the schema. */
import { z } from 'zod';
import * as d from './defaults';
import type {
  accountSchema, alertsSchema, costBasisSchema, orgSchema, policyDetachmentSchema, stateActionsSchema, stateThresholdsSchema,
} from './schema';
import { resolveChat } from './chat';
import type {
  AccountPolicy, AlertThresholds, Backend, CostBasis, OrgSettings, PolicyDetachment, StateActions, StateGate, StateThresholds,
} from './types';

type AlertsIn = z.output<typeof alertsSchema> | undefined;
type StatesIn = z.output<typeof stateThresholdsSchema> | undefined;

const sortedUnique = (xs: readonly number[]) => [...new Set(xs)].sort((a, b) => a - b);

function resolveAlerts(input: AlertsIn, base: AlertThresholds): AlertThresholds {
  return {
    actualPct: input?.actual ?? base.actualPct,
    forecastPct: input?.forecast ?? base.forecastPct,
  };
}

function resolveStates(input: StatesIn, base: StateThresholds): StateThresholds {
  return {
    unusedPct: input?.unused ?? base.unusedPct,
    underPct: input?.under ?? base.underPct,
    critical: {
      actualPct: input?.critical?.actual ?? base.critical.actualPct,
      forecastPct: input?.critical?.forecast ?? base.critical.forecastPct,
    },
    shutdown: {
      actualPct: input?.shutdown?.actual ?? base.shutdown.actualPct,
      forecastPct: input?.shutdown?.forecast ?? base.shutdown.forecastPct,
    },
    forecastMinDays: input?.forecastMinDays ?? base.forecastMinDays,
  };
}

function resolveCosts(input: z.output<typeof costBasisSchema> | undefined, base: CostBasis): CostBasis {
  return { metric: input?.metric ?? base.metric, includeCredits: input?.includeCredits ?? base.includeCredits };
}

function resolveBackend(input: z.output<typeof orgSchema>['backend'], hubRegion: string): Backend {
  if (!input || input.type === 'local') return { type: 'local' };
  if (input.type === 's3') {
    return { type: 's3', bucket: input.bucket, region: input.region ?? hubRegion, keyPrefix: input.keyPrefix ?? d.DEFAULT_STATE_KEY_PREFIX };
  }
  return {
    type: 'cloud',
    organization: input.organization,
    workspacePrefix: input.workspacePrefix ?? d.DEFAULT_WORKSPACE_PREFIX,
    hostname: input.hostname ?? d.DEFAULT_TFC_HOSTNAME,
  };
}

export function resolveOrg(org: z.output<typeof orgSchema>): OrgSettings {
  return {
    hubAccountId: org.hubAccountId,
    hubRegion: org.hubRegion,
    organizationId: org.organizationId,
    senderEmail: org.senderEmail,
    opsEmails: org.opsEmails ?? [],
    memberRoleName: org.memberRoleName ?? d.DEFAULT_MEMBER_ROLE,
    busAccess: org.busAccess ?? 'organization',
    evaluationSchedule: org.evaluationSchedule ?? d.DEFAULT_EVALUATION_SCHEDULE,
    tagPolicySchedule: org.tagPolicySchedule ?? d.DEFAULT_TAG_POLICY_SCHEDULE,
    enforcementReconcileSchedule: org.enforcementReconcileSchedule ?? d.DEFAULT_ENFORCEMENT_RECONCILE_SCHEDULE,
    logRetentionDays: org.logRetentionDays ?? d.DEFAULT_LOG_RETENTION_DAYS,
    backend: resolveBackend(org.backend, org.hubRegion),
    chat: resolveChat(org.chat, org.hubRegion),
    defaults: {
      mode: org.defaults?.mode ?? d.DEFAULT_MODE,
      alerts: resolveAlerts(org.defaults?.alerts, d.DEFAULT_ALERTS),
      states: resolveStates(org.defaults?.states, d.DEFAULT_STATES),
      costs: resolveCosts(org.defaults?.costs, d.DEFAULT_COSTS),
      workloadRegions: org.defaults?.workloadRegions ?? d.DEFAULT_WORKLOAD_REGIONS,
    },
  };
}

export const EMPTY_STATE_ACTIONS: StateActions = {
  stopInstances: [], scaleToZero: [], stopRdsClusters: [], stopRdsInstances: [],
  pauseRedshiftClusters: [], detachPolicies: [], lockdown: [], tagUnapproved: [],
};

function resolveDetachments(input: z.output<typeof policyDetachmentSchema>[] | undefined): PolicyDetachment[] {
  return (input ?? []).map((p) => ({ policy: p.policy, users: p.users ?? [], groups: p.groups ?? [], roles: p.roles ?? [] }));
}

function resolveStateActions(input: z.output<typeof stateActionsSchema> | undefined): StateActions {
  // graceMinutes and approval sit beside the actions in the catalog but resolve into `gates`.
  const actions = Object.fromEntries(Object.entries(input ?? {}).filter(([k]) => k !== 'graceMinutes' && k !== 'approval'));
  return { ...EMPTY_STATE_ACTIONS, ...actions, detachPolicies: resolveDetachments(input?.detachPolicies) };
}

export const NO_GATE: StateGate = { graceMinutes: d.DEFAULT_GRACE_MINUTES, approval: d.DEFAULT_APPROVAL };

function resolveGate(input: z.output<typeof stateActionsSchema> | undefined): StateGate {
  return { graceMinutes: input?.graceMinutes ?? NO_GATE.graceMinutes, approval: input?.approval ?? NO_GATE.approval };
}

export function resolveAccount(name: string, a: z.output<typeof accountSchema>, org: OrgSettings): AccountPolicy {
  const e = a.enforcement;
  return {
    name,
    id: a.id,
    owners: a.owners,
    mode: a.mode ?? org.defaults.mode,
    targetUsd: a.targetUsd ?? null,
    alerts: resolveAlerts(a.alerts, org.defaults.alerts),
    serviceAlarms: a.serviceAlarms ?? [],
    states: resolveStates(a.states, org.defaults.states),
    costs: resolveCosts(a.costs, org.defaults.costs),
    workloadRegions: a.workloadRegions ?? org.defaults.workloadRegions,
    enforcement: {
      over: resolveStateActions(e?.over),
      critical: resolveStateActions(e?.critical),
      shutdown: resolveStateActions(e?.shutdown),
      lockdownOn: {
        via: e?.lockdownOn?.via ?? 'principals',
        users: e?.lockdownOn?.users ?? [],
        groups: e?.lockdownOn?.groups ?? [],
        roles: e?.lockdownOn?.roles ?? [],
      },
      restartInstancesOnRestore: e?.restartInstancesOnRestore ?? false,
    },
    teamAccess: a.teamAccess ?? [],
    accessPolicies: (a.accessPolicies ?? []).map((p) => ({
      name: p.name, actions: p.actions, resourceTags: p.resourceTags,
      users: p.users ?? [], groups: p.groups ?? [], roles: p.roles ?? [],
    })),
    runtimeBudgets: (a.runtimeBudgets ?? []).map((r) => ({
      name: r.name,
      minutesPerMonth: r.minutesPerMonth,
      instanceTags: r.instanceTags,
      alertPct: sortedUnique(r.alerts ?? d.DEFAULT_RUNTIME_ALERTS),
      atLimit: { stopInstances: r.atLimit?.stopInstances ?? true, detachPolicies: resolveDetachments(r.atLimit?.detachPolicies) },
    })),
    tagPolicy: a.tagPolicy
      ? {
        rules: a.tagPolicy.rules,
        scope: { vpcIds: a.tagPolicy.scope?.vpcIds ?? [], tags: a.tagPolicy.scope?.tags ?? {} },
        untagged: a.tagPolicy.untagged ?? d.DEFAULT_UNTAGGED_ACTION,
        lookbackDays: a.tagPolicy.lookbackDays ?? d.DEFAULT_TAG_LOOKBACK_DAYS,
      }
      : null,
    gates: { over: resolveGate(e?.over), critical: resolveGate(e?.critical), shutdown: resolveGate(e?.shutdown) },
  };
}
