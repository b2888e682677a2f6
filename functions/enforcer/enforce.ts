/**
 * The enforcer's logic, with its clients and clock injected: on `Budget State Changed`, plan the
 * account's postures against what was recorded and act on the difference (in check mode: undo
 * what enforce mode did earlier, only report new changes), then emit `Guardrail Action Taken`.
 */
import { randomUUID } from 'node:crypto';
import type { AccountPolicy } from '../../core/catalog/types';
import type { ActionOutcome, BudgetStateChanged, GuardrailActionTaken } from '../../core/events/schemas';
import { planPosture } from '../../core/posture/plan';
import type { PlannedAction } from '../../core/posture/types';
import { previousMonth } from '../../core/runtime/month';
import { monthOf } from '../../core/storage/keys';
import { Ledger, activePostures } from '../aws/action-ledger';
import type { ActionClients } from './actions';
import { executePlan, executeReverts } from './execute';
import { GateDeps, gated } from './gate';

export interface EnforcerDeps {
  readonly catalog: { account(accountId: string): Promise<AccountPolicy | undefined> };
  readonly ledger: Ledger;
  readonly publish: (detail: GuardrailActionTaken) => Promise<void>;
  /** Clients acting in the member account; the session name carries the account and state. */
  readonly clientsFor: (accountId: string, session: string) => ActionClients;
  readonly clock: () => Date;
  readonly concurrency?: number;
  /** Grace periods, approvals and exemptions (docs/people-in-the-loop.md); without it every planned action runs. */
  readonly gate?: GateDeps;
}

export type EnforceResult =
  | { readonly status: 'ignored'; readonly reason: string }
  | { readonly status: 'done'; readonly dryRun: boolean; readonly actions: ActionOutcome[] };

export class RejectedEventError extends Error {}

export async function enforce(deps: EnforcerDeps, event: BudgetStateChanged, eventId: string): Promise<EnforceResult> {
  const policy = await deps.catalog.account(event.accountId);
  if (!policy) {
    throw new RejectedEventError(`Budget State Changed for account ${event.accountId} (${event.accountName}), which is not in the catalog; nothing was done. Add accounts/<name>.ts and deploy, or check the sender`);
  }
  if (policy.mode === 'skip') return { status: 'ignored', reason: `account ${policy.name} is in skip mode` };
  const now = deps.clock();
  const month = monthOf(now);
  if (event.month !== month) {
    return { status: 'ignored', reason: `the event is for ${event.month} but it is ${month}; the monthly reset restores earlier months` };
  }
  const dryRun = event.dryRun || policy.mode === 'check';
  if (!dryRun && !(await deps.ledger.advanceState(policy.id, month, event.state, event.at, eventId))) {
    return { status: 'ignored', reason: `a newer state than ${event.state} at ${event.at} was already acted on` };
  }
  // Last month's records too: a revert the reset could not finish is retried here.
  const recorded = activePostures([
    ...await deps.ledger.records(policy.id, previousMonth(month)),
    ...await deps.ledger.records(policy.id, month),
  ]);
  const plan = planPosture({ policy, state: event.state, month, recorded });
  const execute = dryRun ? executeReverts : executePlan;
  const run = async (actionsToRun: readonly PlannedAction[]) => (actionsToRun.length === 0 ? [] : execute(
    { ledger: deps.ledger, clients: deps.clientsFor(policy.id, `enforcer-${policy.id}-${event.state}`), clock: deps.clock, concurrency: deps.concurrency },
    { account: policy, plan: actionsToRun, state: event.state, token: `${eventId}:${randomUUID()}` },
  ));
  // The one point where people in the loop act: the gate holds, gives back or lets through (enforce mode only).
  const actions = deps.gate && !dryRun
    ? (await gated(deps.gate, { policy, state: event.state, month, now, plan, recorded }, run)).actions
    : await run(plan);
  if (actions.length > 0) {
    await deps.publish({
      accountId: policy.id, accountName: policy.name, month, state: event.state,
      trigger: 'state-change', dryRun, actions, at: now.toISOString(),
    });
  }
  return { status: 'done', dryRun, actions };
}
