/**
 * What `guardrails status` shows for one account, from what the hub table holds: the state and
 * what decided it, the actions in force and since when, the saved values the guardrail will give
 * back and when, and what waits on people (grace periods, approvals, exemptions). Pure.
 */
import { BudgetState, EVIDENCE_LABELS, STATE_LABELS, StateEvidence } from '../budget/state';
import type { AccountPolicy, EnforcedState } from '../catalog/types';
import { isActive } from '../gate/exemptions';
import { graceOver, isOpen } from '../gate/holds';
import type { Exemption, Hold } from '../gate/types';

/** A ledger record as the status reads it (functions/aws/action-ledger.ts writes them). */
export interface LedgerRecord {
  readonly kind: string;
  readonly target: string;
  readonly region?: string;
  readonly month: string;
  readonly posture: string;
  readonly direction: 'apply' | 'revert';
  readonly status: 'intent' | 'done' | 'failed';
  readonly state: BudgetState;
  readonly prior?: unknown;
  readonly error?: string;
  readonly updatedAt: string;
}

export interface StoredStateView {
  readonly state: BudgetState;
  readonly actualUsd: number | null;
  readonly forecastUsd: number | null;
  readonly targetUsd: number;
  readonly reason: string;
  readonly decidedBy?: StateEvidence;
  readonly evaluatedAt: string;
  readonly changedAt: string;
}

export interface StatusInput {
  readonly account: AccountPolicy;
  readonly month: string;
  readonly now: Date;
  readonly state?: StoredStateView;
  /** This month's and last month's records. */
  readonly records: readonly LedgerRecord[];
  readonly holds: readonly Hold[];
  readonly exemptions: readonly Exemption[];
  /** What the runtime meter changed at a group's limit this month (restored at the monthly reset). */
  readonly runtimeActions?: readonly RuntimeAction[];
}

export interface RuntimeAction {
  readonly kind: string;
  readonly target: string;
  readonly group: string;
  readonly prior: unknown;
  readonly status: 'applied' | 'reverted';
  readonly appliedAt: string;
}

export interface ActionInForce {
  readonly kind: string;
  readonly target: string;
  readonly region?: string;
  readonly posture: string;
  /** The state it was applied at. */
  readonly appliedAt: BudgetState;
  readonly since: string;
  /** Set when a runtime budget, not the budget state, made the change. */
  readonly runtimeGroup?: string;
}

export interface SavedValue {
  readonly kind: string;
  readonly target: string;
  readonly region?: string;
  readonly saved: unknown;
  /** When the guardrail gives it back. */
  readonly restoredWhen: string;
}

export interface AccountStatus {
  readonly account: string;
  readonly accountId: string;
  readonly mode: AccountPolicy['mode'];
  readonly month: string;
  readonly state: (StoredStateView & { readonly decidedByText: string }) | null;
  readonly inForce: ActionInForce[];
  /** Changes started but not finished, or failed: the next run or reconcile retries them. */
  readonly inDoubt: (ActionInForce & { readonly status: string; readonly direction: string; readonly error?: string })[];
  readonly toRestore: SavedValue[];
  readonly pending: {
    readonly grace: { readonly state: EnforcedState; readonly runsAt: string; readonly actions: number; readonly request: string }[];
    readonly approvals: { readonly state: EnforcedState; readonly status: string; readonly askedAgainAt?: string; readonly notBefore?: string; readonly actions: number; readonly request: string }[];
    readonly exemptions: { readonly kind: string; readonly until: string; readonly reason: string; readonly by: string }[];
  };
}

/** 00:05 UTC on the 1st of the month after `month`: the monthly reset. */
export function monthlyResetAfter(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 1, 0, 5)).toISOString();
}

const where = (r: { region?: string }) => (r.region ? { region: r.region } : {});

export function accountStatus(input: StatusInput): AccountStatus {
  const { account, month, now } = input;
  const inForceRecords = input.records.filter((r) => r.direction === 'apply' && r.status === 'done');
  const doubtful = input.records.filter((r) => r.status !== 'done');
  const reset = monthlyResetAfter(month);
  const restoreWhen = (r: LedgerRecord) => (r.month < month
    ? 'now: a revert left from an earlier month is retried by the next run'
    : `when the state falls below ${STATE_LABELS[r.state]}, or at the monthly reset (${reset})`);
  const holds = input.holds.filter((h) => h.status !== 'cancelled' && !isOpen(h, now));
  const runtime = (input.runtimeActions ?? []).filter((r) => r.status === 'applied');
  return {
    account: account.name,
    accountId: account.id,
    mode: account.mode,
    month,
    state: input.state ? { ...input.state, decidedByText: EVIDENCE_LABELS[input.state.decidedBy ?? 'none'] } : null,
    inForce: [
      ...inForceRecords.map((r) => ({ kind: r.kind, target: r.target, ...where(r), posture: r.posture, appliedAt: r.state, since: r.updatedAt })),
      ...runtime.map((r) => ({
        kind: r.kind, target: r.target, posture: r.kind === 'stop-instances' ? 'stopped' : 'detached',
        appliedAt: input.state?.state ?? 'unknown', since: r.appliedAt, runtimeGroup: r.group,
      })),
    ],
    inDoubt: doubtful.map((r) => ({
      kind: r.kind, target: r.target, ...where(r), posture: r.posture, appliedAt: r.state, since: r.updatedAt,
      status: r.status, direction: r.direction, ...(r.error ? { error: r.error } : {}),
    })),
    toRestore: input.records
      .filter((r) => r.prior !== undefined && r.prior !== null && !(r.direction === 'revert' && r.status === 'done'))
      .map((r) => ({ kind: r.kind, target: r.target, ...where(r), saved: r.prior, restoredWhen: restoreWhen(r) }))
      .concat(runtime.map((r) => ({ kind: r.kind, target: r.target, saved: r.prior, restoredWhen: `at the monthly reset (${reset}), when runtime budget ${r.group} starts again` }))),
    pending: {
      grace: holds.filter((h) => !h.approval && h.graceUntil && !graceOver(h, now))
        .map((h) => ({ state: h.state, runsAt: h.graceUntil!, actions: h.actions.length, request: h.holdId })),
      approvals: holds.filter((h) => h.approval).map((h) => ({
        state: h.state, status: h.status, actions: h.actions.length, request: h.holdId,
        ...(h.postponedUntil ? { askedAgainAt: h.postponedUntil } : {}),
        ...(h.graceUntil && !graceOver(h, now) ? { notBefore: h.graceUntil } : {}),
      })),
      exemptions: input.exemptions.filter((e) => isActive(e, now)).map((e) => ({ kind: e.kind, until: e.until, reason: e.reason, by: e.by })),
    },
  };
}
