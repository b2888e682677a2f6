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
}

const region = (p: { region?: string }) => (p.region ? { region: p.region } : {});

/**
 * Reverts first (what is no longer required, including everything from an earlier month), then
 * applies (what is required and not yet recorded as done, or recorded with another posture).
 */
export function planPosture(input: PlanInput): PlannedAction[] {
  const required = requiredPostures(input.policy, input.state);
  const requiredByKey = new Map(required.map((r) => [postureKey(r), r]));
  const current = new Map<string, RecordedPosture>();
  const reverts: PlannedAction[] = [];
  for (const rec of input.recorded) {
    const stillRequired = rec.month === input.month && requiredByKey.has(postureKey(rec));
    if (stillRequired) current.set(postureKey(rec), rec);
    else reverts.push(revertOf(rec));
  }
  const applies: PlannedAction[] = [];
  for (const req of required) {
    const rec = current.get(postureKey(req));
    if (rec && !rec.pending && rec.posture === req.posture) continue;
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
