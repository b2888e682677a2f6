/**
 * The enforcer's logic, with its clients and clock injected: on `Budget State Changed`, plan the
 * account's postures against what was recorded and act on the difference (in check mode: undo
 * what enforce mode did earlier, only report new changes), then emit `Guardrail Action Taken`.
 * Every run holds the account's lease (lease.ts), so one account's enforcement runs one at a time;
 * the gate (gate.ts) is the one point between planning and acting.
 */
import { randomUUID } from 'node:crypto';
import type { BudgetState } from '../../core/budget/state';
import type { AccountPolicy } from '../../core/catalog/types';
import type { BudgetStateChanged, GuardrailActionTaken } from '../../core/events/schemas';
import { planPosture } from '../../core/posture/plan';
import type { PlannedAction } from '../../core/posture/types';
import { previousMonth } from '../../core/runtime/month';
import { monthOf } from '../../core/storage/keys';
import { Ledger, activePostures } from '../aws/action-ledger';
import type { ActionClients } from './actions';
import { ExecutedAction, executePlan, executeReverts, toAnnounce } from './execute';
import { GateDeps, gated } from './gate';
import { withAccountLease } from './lease';

export interface EnforcerDeps {
  readonly catalog: { account(accountId: string): Promise<AccountPolicy | undefined>; accounts?(): Promise<AccountPolicy[]> };
  readonly ledger: Ledger;
  readonly publish: (detail: GuardrailActionTaken) => Promise<void>;
  /** Clients acting in the member account; the session name carries the account and state. */
  readonly clientsFor: (accountId: string, session: string) => ActionClients;
  readonly clock: () => Date;
  readonly concurrency?: number;
  /** Grace periods, approvals and exemptions (docs/people-in-the-loop.md); without it every planned action runs. */
  readonly gate?: GateDeps;
  /** Waits while another run holds the account's lease (tests advance their clock). */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly leaseWaitMs?: number;
}

export type EnforceResult =
  | { readonly status: 'ignored'; readonly reason: string }
  | { readonly status: 'done'; readonly dryRun: boolean; readonly actions: ExecutedAction[] };

export class RejectedEventError extends Error {}

export async function enforce(deps: EnforcerDeps, event: BudgetStateChanged, eventId: string): Promise<EnforceResult> {
  const policy = await deps.catalog.account(event.accountId);
  if (!policy) {
    throw new RejectedEventError(`Budget State Changed for account ${event.accountId} (${event.accountName}), which is not in the catalog; nothing was done. Add accounts/<name>.ts and deploy, or check the sender`);
  }
  if (policy.mode === 'skip') return { status: 'ignored', reason: `account ${policy.name} is in skip mode` };
  const month = monthOf(deps.clock());
  if (event.month !== month) {
    return { status: 'ignored', reason: `the event is for ${event.month} but it is ${month}; the monthly reset restores earlier months` };
  }
  const dryRun = event.dryRun || policy.mode === 'check';
  return withAccountLease(deps, policy.id, `enforcer:${eventId}:${randomUUID()}`, async (): Promise<EnforceResult> => {
    if (!dryRun && !(await deps.ledger.advanceState(policy.id, month, event.state, event.at, eventId))) {
      return { status: 'ignored', reason: `a newer state than ${event.state} at ${event.at} was already acted on` };
    }
    const actions = await planAndExecute(deps, policy, event.state, { dryRun, session: 'enforcer', token: eventId });
    await announce(deps, policy, event.state, 'state-change', dryRun, actions);
    return { status: 'done', dryRun, actions };
  });
}

interface RunOptions {
  readonly dryRun: boolean;
  readonly session: string;
  readonly token: string;
  readonly reassert?: boolean;
}

/** Plans the state's postures against this month's and last month's records, and executes what passes the gate. */
async function planAndExecute(deps: EnforcerDeps, policy: AccountPolicy, state: BudgetState, run: RunOptions): Promise<ExecutedAction[]> {
  const now = deps.clock();
  const month = monthOf(now);
  // Last month's records too: a revert the reset could not finish is retried here, and a posture
  // this month still requires carries its saved values forward.
  const recorded = activePostures([
    ...await deps.ledger.records(policy.id, previousMonth(month)),
    ...await deps.ledger.records(policy.id, month),
  ]);
  const plan = planPosture({ policy, state, month, recorded, carry: !run.dryRun, reassert: run.reassert });
  const execute = async (toRun: readonly PlannedAction[]): Promise<ExecutedAction[]> => {
    if (toRun.length === 0) return [];
    // Before the first change: the reset can restore this account even after its file is deleted.
    if (!run.dryRun && toRun.some((a) => a.direction === 'apply')) await deps.ledger.noteAccount(policy, deps.clock());
    return (run.dryRun ? executeReverts : executePlan)(
      { ledger: deps.ledger, clients: deps.clientsFor(policy.id, `${run.session}-${policy.id}-${state}`), clock: deps.clock, concurrency: deps.concurrency },
      { account: policy, plan: toRun, state, token: `${run.token}:${randomUUID()}`, reassert: run.reassert },
    );
  };
  // The one point where people in the loop act: the gate holds, gives back or lets through (enforce mode only).
  return deps.gate && !run.dryRun
    ? (await gated(deps.gate, { policy, state, month, now, plan, recorded }, execute)).actions as ExecutedAction[]
    : execute(plan);
}

async function announce(
  deps: EnforcerDeps, policy: AccountPolicy, state: BudgetState, trigger: GuardrailActionTaken['trigger'], dryRun: boolean, actions: readonly ExecutedAction[],
): Promise<void> {
  const news = toAnnounce(actions);
  if (news.length === 0) return;
  const now = deps.clock();
  await deps.publish({ accountId: policy.id, accountName: policy.name, month: monthOf(now), state, trigger, dryRun, actions: news, at: now.toISOString() });
}

export interface ReconcileReport {
  readonly accountId: string;
  readonly accountName: string;
  readonly state: BudgetState;
  readonly actions: ExecutedAction[];
  readonly error?: string;
}

/**
 * The periodic reconcile (every `enforcementReconcileSchedule`, 15 minutes by default): for each
 * account, re-apply the posture of the state last acted on this month (Unknown when none: what
 * the reset restores), so a resource changed by hand since (an instance started again, an RDS
 * instance AWS restarted after 7 days, a lockdown detached) is corrected, and a revert that failed
 * is retried. Only corrections and new failures are announced (trigger `reconcile`).
 */
export async function reconcileAccounts(deps: EnforcerDeps): Promise<ReconcileReport[]> {
  if (!deps.catalog.accounts) throw new Error('the reconcile needs the catalog\'s account list');
  const month = monthOf(deps.clock());
  const reports: ReconcileReport[] = [];
  for (const policy of await deps.catalog.accounts()) {
    const state = (await deps.ledger.actedState(policy.id, month))?.state ?? 'unknown';
    try {
      const actions = await withAccountLease(deps, policy.id, `reconcile:${randomUUID()}`, async () => {
        const dryRun = policy.mode !== 'enforce';
        const done = await planAndExecute(deps, policy, state, { dryRun, session: 'reconcile', token: 'reconcile', reassert: !dryRun });
        // Only what changed something or failed anew is news; re-applying a posture that held is not.
        const news = done.filter((a) => a.outcome === 'applied' || a.outcome === 'owner-changed' || a.outcome === 'failed');
        await announce(deps, policy, state, 'reconcile', false, news);
        return done;
      });
      reports.push({ accountId: policy.id, accountName: policy.name, state, actions });
    } catch (error) {
      reports.push({ accountId: policy.id, accountName: policy.name, state, actions: [], error: (error as Error).message });
    }
  }
  return reports;
}
