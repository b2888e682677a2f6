/**
 * Approve or postpone held actions: shared by the approval endpoint (email links) and
 * `guardrails approve|postpone`. The decision is a conditional write on the hold's id and status,
 * so it loses cleanly to a state change that cancelled the hold first; then it is audited,
 * announced, and the enforcer is asked to look at the account again (it acts only if the state
 * still holds, and sets the reminder of a postponement).
 */
import type { BudgetState } from '../../core/budget/state';
import type { EnforcedState } from '../../core/catalog/types';
import type { GuardrailHoldChanged, RecheckPayload } from '../../core/events/schemas';
import { DETAIL_TYPES } from '../../core/events/schemas';
import { Decision, Hold, POSTPONE_HOURS, recheckPayload } from '../../core/gate';
import type { AuditLog } from './audit-log';
import type { HoldStore } from './hold-store';

export interface DecisionDeps {
  readonly holds: Pick<HoldStore, 'get' | 'transition'>;
  readonly announce: (detail: GuardrailHoldChanged) => Promise<void>;
  readonly audit: Pick<AuditLog, 'record'>;
  /** Invokes the enforcer (asynchronously) with a recheck payload. */
  readonly recheck: (payload: RecheckPayload) => Promise<void>;
  /** The account's state now (from the state item), for the announcement. */
  readonly currentState: (accountId: string, month: string) => Promise<BudgetState | undefined>;
  readonly clock: () => Date;
}

export interface DecisionRequest {
  readonly accountId: string;
  readonly accountName: string;
  readonly month: string;
  readonly state: EnforcedState;
  /** The hold an email link names; the CLI decides whatever hold is current. */
  readonly holdId?: string;
  readonly decision: Decision;
  readonly by: string;
  readonly via: 'email' | 'cli';
}

export type DecisionResult =
  | { readonly status: 'decided'; readonly hold: Hold; readonly detail: GuardrailHoldChanged }
  | { readonly status: 'not-pending'; readonly why: string };

const DECIDABLE = ['pending', 'postponed'] as const;

/** Why a hold cannot be decided, or undefined when it can. */
export function undecidable(hold: Hold | undefined, holdId: string | undefined): string | undefined {
  if (!hold) return 'no actions are waiting for an approval';
  if (holdId !== undefined && hold.holdId !== holdId) return 'this request was replaced by a newer one (see the latest email)';
  if (!hold.approval) return 'these actions need no approval';
  if (hold.status === 'cancelled') return 'the request was cancelled: the state fell back before anyone decided';
  if (!(DECIDABLE as readonly string[]).includes(hold.status)) return `it was already decided (${hold.status}${hold.decidedBy ? ` by ${hold.decidedBy}` : ''})`;
  return undefined;
}

export async function decide(deps: DecisionDeps, req: DecisionRequest): Promise<DecisionResult> {
  const hold = await deps.holds.get(req.accountId, req.month, req.state);
  const why = undecidable(hold, req.holdId);
  if (why || !hold) return { status: 'not-pending', why: why ?? 'no hold' };
  const now = deps.clock();
  const at = now.toISOString();
  const postponedUntil = req.decision === 'postpone' ? new Date(now.getTime() + POSTPONE_HOURS * 3_600_000).toISOString() : undefined;
  const status = req.decision === 'approve' ? 'approved' as const : 'postponed' as const;
  const won = await deps.holds.transition(hold, DECIDABLE, { status, decidedBy: req.by, decidedAt: at, ...(postponedUntil ? { postponedUntil } : {}) });
  if (!won) return { status: 'not-pending', why: 'the request changed while deciding (the state fell back, or someone else decided first)' };
  const decided: Hold = { ...hold, status, decidedBy: req.by, decidedAt: at, ...(postponedUntil ? { postponedUntil } : {}) };
  const detail: GuardrailHoldChanged = {
    accountId: hold.accountId, accountName: req.accountName, month: hold.month, state: hold.state,
    currentState: (await deps.currentState(hold.accountId, hold.month)) ?? hold.state,
    holdId: hold.holdId, change: status, graceUntil: hold.graceUntil, approval: true,
    ...(postponedUntil ? { postponedUntil } : {}), by: req.by, via: req.via, actions: [...hold.actions], at,
  };
  await deps.audit.record({ accountId: hold.accountId, eventId: `${req.decision}-${hold.holdId}`, at, detailType: DETAIL_TYPES.guardrailHoldChanged, detail });
  await deps.announce(detail);
  await deps.recheck(recheckPayload(hold.accountId, req.decision === 'approve' ? 'approved' : 'postponed'));
  return { status: 'decided', hold: decided, detail };
}
