/**
 * Posture planning: compare what the state requires with what the guardrail recorded and act
 * only on the difference. Pure: the enforcer and the reset function execute the result.
 */
import type { BudgetState } from '../budget/state';
import type { AccountPolicy } from '../catalog/types';
import { requiredPostures } from './required';
import type { PlannedAction, RecordedPosture, RequiredPosture } from './types';
import { BASELINE, postureKey } from './types';

export interface PlanInput {
  readonly policy: AccountPolicy;
  readonly state: BudgetState;
  /** Month being planned (yyyy-mm). Records of other months are no longer required. */
  readonly month: string;
  /** Active records: postures the guardrail put (or was putting) in place and has not undone. */
  readonly recorded: readonly RecordedPosture[];
  /**
   * Enforcing (mode enforce, not a dry run): an earlier month's record of a target this month
   * still requires is carried forward (its saved values move to this month's record) instead of
   * being reverted and re-applied. Off, earlier months are reverted as before.
   */
  readonly carry?: boolean;
  /**
   * The periodic reconcile: apply every required posture again, also those recorded as done, so
   * a resource changed since (an instance started by hand, a policy re-attached) is corrected.
   */
  readonly reassert?: boolean;
}

const region = (p: { region?: string }) => (p.region ? { region: p.region } : {});

/**
 * Reverts first (what is no longer required, including an earlier month's records, unless
 * `carry` moves them into this month), then applies (what is required and not yet recorded as
 * done, or recorded with another posture; everything required when `reassert`).
 *
 * Within one target, an earlier month's record and this month's never both act: either the old
 * one is reverted (not required now) or it is carried into this month's apply, so a revert of
 * January can never undo February's posture, and February never saves a size January set.
 */
export function planPosture(input: PlanInput): PlannedAction[] {
  const required = requiredPostures(input.policy, input.state);
  const requiredByKey = new Map(required.map((r) => [postureKey(r), r]));
  const current = new Map<string, RecordedPosture>();
  const earlier = new Map<string, RecordedPosture>();
  const reverts: PlannedAction[] = [];
  for (const rec of input.recorded) {
    const key = postureKey(rec);
    if (!requiredByKey.has(key)) reverts.push(revertOf(rec));
    else if (rec.month === input.month) current.set(key, rec);
    else if (input.carry) earlier.set(key, rec);
    else reverts.push(revertOf(rec));
  }
  const applies: PlannedAction[] = [];
  for (const req of required) {
    const key = postureKey(req);
    const old = earlier.get(key);
    if (old) {
      applies.push({ ...applyOf(req, old, input.month), carryFrom: old.month });
      continue;
    }
    const rec = current.get(key);
    if (rec && !rec.pending && rec.posture === req.posture && !input.reassert) continue;
    applies.push(applyOf(req, rec, input.month));
  }
  return [...sortActions(reverts), ...sortActions(applies)];
}

function revertOf(rec: RecordedPosture): PlannedAction {
  return {
    kind: rec.kind, target: rec.target, ...region(rec),
    from: rec.posture, to: BASELINE[rec.kind], direction: 'revert', month: rec.month,
  };
}

function applyOf(req: RequiredPosture, rec: RecordedPosture | undefined, month: string): PlannedAction {
  return {
    kind: req.kind, target: req.target, ...region(req),
    from: rec?.posture ?? BASELINE[req.kind], to: req.posture, direction: 'apply', month,
  };
}

const sortActions = (actions: PlannedAction[]) =>
  actions.sort((a, b) => postureKey(a).localeCompare(postureKey(b)));

/**
 * The records after every action of `plan` succeeded: the model the property tests and the
 * in-memory ledger use to state "applying twice equals applying once".
 */
export function recordAfter(recorded: readonly RecordedPosture[], plan: readonly PlannedAction[]): RecordedPosture[] {
  const byKey = new Map(recorded.map((r) => [`${r.month}|${postureKey(r)}`, r]));
  for (const a of plan) {
    const key = `${a.month}|${postureKey(a)}`;
    if (a.direction === 'revert') byKey.delete(key);
    else byKey.set(key, { kind: a.kind, target: a.target, ...region(a), posture: a.to, month: a.month, pending: false });
  }
  return [...byKey.values()];
}
