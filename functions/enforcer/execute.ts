/**
 * Executes a posture plan (what passed the gate, gate.ts): for each action, claim the ledger
 * record (conditional write), run the action's apply or revert (which saves prior values before
 * changing anything), record the result. Reverts run before applies; each phase with bounded
 * concurrency. A failing action is recorded and reported; the others go on, and the next run
 * plans it again. A failure identical to the record's last one is flagged `repeatedFailure`, so
 * it is announced once, not on every retry or reconcile.
 */
import type { BudgetState } from '../../core/budget/state';
import type { AccountPolicy } from '../../core/catalog/types';
import type { ActionOutcome } from '../../core/events/schemas';
import type { PlannedAction } from '../../core/posture/types';
import { BASELINE } from '../../core/posture/types';
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
  /** The periodic reconcile: applies already recorded as done are claimed and run again. */
  readonly reassert?: boolean;
}

/** An executed action's outcome; `repeatedFailure` marks a failure already announced by an earlier run. */
export type ExecutedAction = ActionOutcome & { readonly repeatedFailure?: true };

const describe = (a: PlannedAction) => ({
  kind: a.kind, target: a.target, direction: a.direction, ...(a.region ? { region: a.region } : {}),
});

/** The report of a plan that is not executed (check mode). */
export const plannedOutcomes = (plan: readonly PlannedAction[]): ActionOutcome[] =>
  plan.map((a) => ({ ...describe(a), outcome: 'planned', from: a.from, to: a.to }));

/** What is news for the owners: everything but failures they were already told about. */
export const toAnnounce = (actions: readonly ExecutedAction[]): ActionOutcome[] =>
  actions.filter((a) => !a.repeatedFailure).map(({ repeatedFailure: _repeated, ...a }) => a);

/**
 * A dry run (mode check, or an account switched to it) still undoes what the guardrail really did
 * earlier: those reverts come from records of executed actions, and restoring is never the change
 * a dry run protects against. New changes are only planned.
 */
export async function executeReverts(deps: ExecuteDeps, req: ExecuteRequest): Promise<ExecutedAction[]> {
  const reverts = req.plan.filter((a) => a.direction === 'revert');
  const executed = reverts.length > 0 ? await executePlan(deps, { ...req, plan: reverts }) : [];
  return [...executed, ...plannedOutcomes(req.plan.filter((a) => a.direction === 'apply'))];
}

export async function executePlan(deps: ExecuteDeps, req: ExecuteRequest): Promise<ExecutedAction[]> {
  const limit = deps.concurrency ?? DEFAULT_CONCURRENCY;
  const run = (a: PlannedAction) => runOne(deps, req, a);
  const reverts = await mapLimit(req.plan.filter((a) => a.direction === 'revert'), limit, run);
  const applies = await mapLimit(req.plan.filter((a) => a.direction === 'apply'), limit, run);
  return [...reverts, ...applies].filter((o): o is ExecutedAction => o !== undefined);
}

/** Undefined when another run holds the record, or already made this change: that run reports it. */
async function runOne(deps: ExecuteDeps, req: ExecuteRequest, a: PlannedAction): Promise<ExecutedAction | undefined> {
  const { ledger } = deps;
  const accountId = req.account.id;
  let claimed: Awaited<ReturnType<Ledger['claim']>>;
  try {
    claimed = await ledger.claim(accountId, a, { token: req.token, state: req.state, now: deps.clock(), reassert: req.reassert });
  } catch (error) {
    return { ...describe(a), outcome: 'failed', from: a.from, to: a.to, error: `recording intent failed: ${messageOf(error)}` };
  }
  if (!claimed.claimed) return undefined;
  const action = ACTIONS[a.kind];
  try {
    const prior = a.carryFrom ? await carryForward(deps, req, a, claimed.prior) : claimed.prior;
    const result = await action[a.direction]({
      account: req.account,
      action: a,
      prior,
      remember: (next) => ledger.remember(accountId, a, req.token, next),
      clients: deps.clients,
      clock: deps.clock,
    });
    await ledger.complete(accountId, a, req.token, result, deps.clock());
    return { ...describe(a), outcome: result.outcome, from: result.from ?? a.from, to: result.to ?? a.to };
  } catch (error) {
    const message = messageOf(error);
    await ledger.fail(accountId, a, req.token, message, deps.clock()).catch(() => undefined);
    return {
      ...describe(a), outcome: 'failed', from: a.from, to: a.to, error: message,
      ...(claimed.lastError === message ? { repeatedFailure: true as const } : {}),
    };
  }
}

/**
 * Moves the earlier month's record of this target into this month's: its saved values (the
 * owners' own, saved before the guardrail first changed the resource) become this record's, and
 * the earlier record is closed as carried forward without touching the resource. Never re-reading
 * the resource matters: it still holds the posture the guardrail put in place last month.
 */
async function carryForward(deps: ExecuteDeps, req: ExecuteRequest, a: PlannedAction, own: unknown): Promise<unknown> {
  const accountId = req.account.id;
  const earlier: PlannedAction = {
    kind: a.kind, target: a.target, ...(a.region ? { region: a.region } : {}),
    from: a.from, to: BASELINE[a.kind], direction: 'revert', month: a.carryFrom!,
  };
  const old = await deps.ledger.claim(accountId, earlier, { token: req.token, state: req.state, now: deps.clock() });
  if (!old.claimed) {
    throw new Error(`the ${a.carryFrom} record of this target is held by another run or already closed; the next run plans it again`);
  }
  const prior = old.prior ?? own;
  if (prior !== undefined) await deps.ledger.remember(accountId, a, req.token, prior);
  await deps.ledger.complete(accountId, earlier, req.token, { outcome: 'unchanged', to: `carried forward to ${a.month}` }, deps.clock());
  return prior;
}
