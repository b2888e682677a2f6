/**
 * Monthly restore (1st of the month, 00:05 UTC) and on demand: for each account, the new month's
 * state (Unknown until the evaluator has data) decides what is still required; everything the
 * guardrail did last month (or this month) that is no longer required is reverted, and the owners
 * are told access is back through `Guardrail Action Taken` (trigger "reset"). A posture the new
 * month's state still requires in an enforcing account is not reverted: the enforcer carries its
 * saved values into the new month. Accounts whose file was deleted from the catalog are restored
 * from the policy the enforcer kept when it acted (while their member role still exists).
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
import { ExecutedAction, executePlan, toAnnounce } from '../enforcer/execute';
import { withAccountLease } from '../enforcer/lease';

export interface ResetDeps {
  readonly catalog: { accounts(): Promise<AccountPolicy[]> };
  readonly ledger: Ledger;
  /** The evaluator's state of the month; 'unknown' when it has no data yet. */
  readonly monthState: (accountId: string, month: string) => Promise<BudgetState>;
  readonly publish: (detail: GuardrailActionTaken) => Promise<void>;
  readonly clientsFor: (accountId: string, session: string) => ActionClients;
  readonly clock: () => Date;
  readonly concurrency?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly leaseWaitMs?: number;
  /**
   * Restores what runtime limits changed last month and is not restored yet (the runtime meter's
   * own records: functions/runtime-meter/monthly-reset.ts), announcing it itself. The runtime meter
   * does this on the 1st and retries it every 5 minutes; an on-demand reset does it at once.
   */
  readonly runtime?: (account: AccountPolicy, month: string) => Promise<ActionOutcome[]>;
}

export interface ResetRequest {
  /** Only these accounts (on demand); every catalog account when absent. */
  readonly accountIds?: readonly string[];
}

export interface AccountReset {
  readonly accountId: string;
  readonly accountName: string;
  readonly state?: BudgetState;
  readonly actions: ExecutedAction[];
  readonly error?: string;
  /** No longer in the catalog: restored from the policy kept when the guardrail acted. */
  readonly removedFromCatalog?: true;
}

export async function resetAccounts(deps: ResetDeps, request: ResetRequest = {}): Promise<AccountReset[]> {
  const catalog = await deps.catalog.accounts();
  const removed = (await deps.ledger.recordedAccounts()).filter((r) => !catalog.some((a) => a.id === r.id));
  const all = [...catalog, ...removed];
  const unknown = (request.accountIds ?? []).filter((id) => !all.some((a) => a.id === id));
  if (unknown.length > 0) {
    throw new Error(`accountIds ${unknown.join(', ')} are neither in the catalog nor recorded by the guardrail; pass ids of accounts/<name>.ts files or of accounts the guardrail acted on`);
  }
  // Every mode: an account switched to check or skip still gets back what enforce mode changed.
  const chosen = all.filter((a) => !request.accountIds || request.accountIds.includes(a.id));
  const out: AccountReset[] = [];
  // One account at a time: each already runs its actions concurrently, and one failing account must not stop the rest.
  for (const account of chosen) {
    const isRemoved = removed.includes(account);
    const flag = isRemoved ? { removedFromCatalog: true as const } : {};
    try {
      out.push({ ...await withAccountLease(deps, account.id, `reset:${randomUUID()}`, () => resetAccount(deps, account, isRemoved)), ...flag });
    } catch (error) {
      out.push({ accountId: account.id, accountName: account.name, actions: [], error: messageOf(error), ...flag });
    }
  }
  return out;
}

export async function resetAccount(deps: ResetDeps, account: AccountPolicy, removedFromCatalog = false): Promise<AccountReset> {
  const now = deps.clock();
  const month = monthOf(now);
  // An account removed from the catalog requires nothing any more: everything is given back.
  // Otherwise the state the enforcer already acted on this month wins over a stale evaluator read,
  // so a retried reset never undoes what this month's state applied.
  const state = removedFromCatalog ? 'unknown'
    : (await deps.ledger.actedState(account.id, month))?.state ?? await deps.monthState(account.id, month);
  const records = [
    ...await deps.ledger.records(account.id, previousMonth(month)),
    ...await deps.ledger.records(account.id, month),
  ];
  const runtime = deps.runtime ? await deps.runtime(account, month) : [];
  // Only the restore: what the new month's state requires is the enforcer's job (it carries the
  // saved values of a posture still required into the new month).
  const plan = planPosture({ policy: account, state, month, recorded: activePostures(records), carry: account.mode === 'enforce' })
    .filter((a) => a.direction === 'revert');
  if (plan.length === 0) {
    if (removedFromCatalog && activePostures(records).length === 0) await deps.ledger.forgetAccount(account.id);
    return { accountId: account.id, accountName: account.name, state, actions: [...runtime] };
  }
  // Reverts undo recorded, executed actions, so they run in every mode: check and skip protect
  // against new changes, not against getting back what enforce mode changed.
  const actions = await executePlan(
    { ledger: deps.ledger, clients: deps.clientsFor(account.id, `reset-${account.id}-${state}`), clock: deps.clock, concurrency: deps.concurrency },
    { account, plan, state, token: `reset-${month}:${randomUUID()}` },
  );
  if (removedFromCatalog && actions.length === plan.length && actions.every((a) => a.outcome !== 'failed')) await deps.ledger.forgetAccount(account.id);
  const news: ActionOutcome[] = toAnnounce(actions);
  if (news.length > 0) {
    await deps.publish({
      accountId: account.id, accountName: account.name, month, state,
      trigger: 'reset', dryRun: false, actions: news, at: now.toISOString(),
    });
  }
  return { accountId: account.id, accountName: account.name, state, actions: [...actions, ...runtime] };
}
