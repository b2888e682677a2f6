/**
 * Executes a posture plan: for each action, claim the ledger record (conditional write), run the
 * action's apply or revert (which saves prior values before changing anything), record the result.
 * Reverts run before applies; each phase with bounded concurrency. A failing action is recorded
 * and reported; the others go on, and the next reconcile plans it again.
 */
import type { BudgetState } from '../../core/budget/state';
import type { AccountPolicy } from '../../core/catalog/types';
import type { ActionOutcome } from '../../core/events/schemas';
import type { PlannedAction } from '../../core/posture/types';
import type { Ledger } from '../aws/action-ledger';
import { messageOf } from '../aws/aws-errors';
import { ACTIONS, ActionClients } from './actions';
import { mapLimit } from './concurrency';

export const DEFAULT_CONCURRENCY = 4;

export interface ExecuteDeps {
  readonly ledger: Ledger;
  readonly clients: ActionClients;
  readonly clock: () => Date;
  readonly concurrency?: number;
}

export interface ExecuteRequest {
  readonly account: AccountPolicy;
  readonly plan: readonly PlannedAction[];
  readonly state: BudgetState;
  /** Unique per run: only the run holding a record's intent may write its prior values and result. */
  readonly token: string;
}

const describe = (a: PlannedAction) => ({
  kind: a.kind, target: a.target, direction: a.direction, ...(a.region ? { region: a.region } : {}),
});

/** The report of a plan that is not executed (check mode). */
export const plannedOutcomes = (plan: readonly PlannedAction[]): ActionOutcome[] =>
  plan.map((a) => ({ ...describe(a), outcome: 'planned', from: a.from, to: a.to }));

/**
 * A dry run (mode check, or an account switched to it) still undoes what the guardrail really did
 * earlier: those reverts come from records of executed actions, and restoring is never the change
 * a dry run protects against. New changes are only planned.
 */
export async function executeReverts(deps: ExecuteDeps, req: ExecuteRequest): Promise<ActionOutcome[]> {
  const reverts = req.plan.filter((a) => a.direction === 'revert');
  const executed = reverts.length > 0 ? await executePlan(deps, { ...req, plan: reverts }) : [];
  return [...executed, ...plannedOutcomes(req.plan.filter((a) => a.direction === 'apply'))];
}

export async function executePlan(deps: ExecuteDeps, req: ExecuteRequest): Promise<ActionOutcome[]> {
  const limit = deps.concurrency ?? DEFAULT_CONCURRENCY;
  const run = (a: PlannedAction) => runOne(deps, req, a);
  const reverts = await mapLimit(req.plan.filter((a) => a.direction === 'revert'), limit, run);
  const applies = await mapLimit(req.plan.filter((a) => a.direction === 'apply'), limit, run);
  return [...reverts, ...applies].filter((o): o is ActionOutcome => o !== undefined);
}

/** Undefined when another run holds the record, or already made this change: that run reports it. */
async function runOne(deps: ExecuteDeps, req: ExecuteRequest, a: PlannedAction): Promise<ActionOutcome | undefined> {
  const { ledger } = deps;
  const accountId = req.account.id;
  let claimed: { claimed: boolean; prior?: unknown };
  try {
    claimed = await ledger.claim(accountId, a, { token: req.token, state: req.state, now: deps.clock() });
  } catch (error) {
    return { ...describe(a), outcome: 'failed', from: a.from, to: a.to, error: `recording intent failed: ${messageOf(error)}` };
  }
  if (!claimed.claimed) return undefined;
  const action = ACTIONS[a.kind];
  try {
    const result = await action[a.direction]({
      account: req.account,
      action: a,
      prior: claimed.prior,
      remember: (prior) => ledger.remember(accountId, a, req.token, prior),
      clients: deps.clients,
    });
    await ledger.complete(accountId, a, req.token, result, deps.clock());
    return { ...describe(a), outcome: result.outcome, from: result.from ?? a.from, to: result.to ?? a.to };
  } catch (error) {
    const message = messageOf(error);
    await ledger.fail(accountId, a, req.token, message, deps.clock()).catch(() => undefined);
    return { ...describe(a), outcome: 'failed', from: a.from, to: a.to, error: message };
  }
}
