/**
 * Monthly restore (1st of the month, 00:05 UTC) and on demand: for each account, the new month's
 * state (Unknown until the evaluator has data) decides what is still required; everything the
 * guardrail did last month (or this month) that is no longer required is reverted, and the owners
 * are told access is back through `Guardrail Action Taken` (trigger "reset").
 */
import { randomUUID } from 'node:crypto';
import type { BudgetState } from '../../core/budget/state';
import type { AccountPolicy } from '../../core/catalog/types';
import type { ActionOutcome, GuardrailActionTaken } from '../../core/events/schemas';
import { planPosture } from '../../core/posture/plan';
import { previousMonth } from '../../core/runtime/month';
import { monthOf } from '../../core/storage/keys';
import { Ledger, activePostures } from '../aws/action-ledger';
import { messageOf } from '../aws/aws-errors';
import type { ActionClients } from '../enforcer/actions';
import { executePlan } from '../enforcer/execute';

export interface ResetDeps {
  readonly catalog: { accounts(): Promise<AccountPolicy[]> };
  readonly ledger: Ledger;
  /** The evaluator's state of the month; 'unknown' when it has no data yet. */
  readonly monthState: (accountId: string, month: string) => Promise<BudgetState>;
  readonly publish: (detail: GuardrailActionTaken) => Promise<void>;
  readonly clientsFor: (accountId: string, session: string) => ActionClients;
  readonly clock: () => Date;
  readonly concurrency?: number;
}

export interface ResetRequest {
  /** Only these accounts (on demand); every catalog account when absent. */
  readonly accountIds?: readonly string[];
}

export interface AccountReset {
  readonly accountId: string;
  readonly accountName: string;
  readonly state?: BudgetState;
  readonly actions: ActionOutcome[];
  readonly error?: string;
}

export async function resetAccounts(deps: ResetDeps, request: ResetRequest = {}): Promise<AccountReset[]> {
  const all = await deps.catalog.accounts();
  const unknown = (request.accountIds ?? []).filter((id) => !all.some((a) => a.id === id));
  if (unknown.length > 0) throw new Error(`accountIds ${unknown.join(', ')} are not in the catalog; pass ids of accounts/<name>.ts files`);
  // Every mode: an account switched to check or skip still gets back what enforce mode changed.
  const chosen = all.filter((a) => !request.accountIds || request.accountIds.includes(a.id));
  const out: AccountReset[] = [];
  // One account at a time: each already runs its actions concurrently, and one failing account must not stop the rest.
  for (const account of chosen) {
    try {
      out.push(await resetAccount(deps, account));
    } catch (error) {
      out.push({ accountId: account.id, accountName: account.name, actions: [], error: messageOf(error) });
    }
  }
  return out;
}

async function resetAccount(deps: ResetDeps, account: AccountPolicy): Promise<AccountReset> {
  const now = deps.clock();
  const month = monthOf(now);
  const state = await deps.monthState(account.id, month);
  const records = [
    ...await deps.ledger.records(account.id, previousMonth(month)),
    ...await deps.ledger.records(account.id, month),
  ];
  // Only the restore: what the new month's state requires is the enforcer's job on its next event.
  const plan = planPosture({ policy: account, state, month, recorded: activePostures(records) })
    .filter((a) => a.direction === 'revert');
  if (plan.length === 0) return { accountId: account.id, accountName: account.name, state, actions: [] };
  // Reverts undo recorded, executed actions, so they run in every mode: check and skip protect
  // against new changes, not against getting back what enforce mode changed.
  const actions = await executePlan(
    { ledger: deps.ledger, clients: deps.clientsFor(account.id, `reset-${account.id}-${state}`), clock: deps.clock, concurrency: deps.concurrency },
    { account, plan, state, token: `reset-${month}:${randomUUID()}` },
  );
  if (actions.length > 0) {
    await deps.publish({
      accountId: account.id, accountName: account.name, month, state,
      trigger: 'reset', dryRun: false, actions, at: now.toISOString(),
    });
  }
  return { accountId: account.id, accountName: account.name, state, actions };
}
