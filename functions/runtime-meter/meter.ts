/**
 * The runtime meter's three entry points, each receiving its clients and clock:
 * an EC2 state change forwarded from a member account, the 5-minute reconcile, and the one-time
 * schedule firing at a group's predicted exhaustion.
 */
import type { AccountPolicy, RuntimeBudget } from '../../core/catalog/types';
import type { Envelope, RuntimeExhaustionPayload } from '../../core/events/schemas';
import { ec2StateChangeDetailSchema } from '../../core/events/schemas';
import { RuntimeLedger, Transition, applyTransition, runningAt } from '../../core/runtime/ledger';
import { monthOfSeconds, secondsOfIso } from '../../core/runtime/month';
import { matchesTags } from '../aws/runtime-ec2';
import type { StoredLedger } from '../aws/runtime-ledger-store';
import { MeterDeps, nowSeconds } from './deps';
import { grantAllAccess } from './grant-access';
import { loadLedger, updateLedger } from './ledger-update';
import { restoreLastMonth } from './monthly-reset';
import { reconcileLedger } from './reconcile-group';
import { settle } from './settle';

export type MeterResult =
  | { readonly status: 'rejected'; readonly reason: string }
  | { readonly status: 'ignored'; readonly reason: string }
  | { readonly status: 'metered'; readonly groups: readonly { readonly group: string; readonly outcome: string }[] };

const TRANSITIONS: Record<string, Transition | undefined> = {
  running: 'run', stopping: 'stop', stopped: 'stop', 'shutting-down': 'stop', terminated: 'stop',
};

const meteredAccount = (a: AccountPolicy | undefined) => a !== undefined && a.mode !== 'skip' && a.runtimeBudgets.length > 0;

export async function onStateChange(deps: MeterDeps, envelope: Envelope): Promise<MeterResult> {
  const parsed = ec2StateChangeDetailSchema.safeParse(envelope.detail);
  if (!parsed.success) {
    const reason = `detail is not an EC2 state change: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`;
    deps.log({ message: 'event rejected', reason, eventId: envelope.id });
    return { status: 'rejected', reason };
  }
  const account = await deps.catalog.account(envelope.account);
  if (!account) {
    const reason = `account ${envelope.account} is not in the catalog`;
    deps.log({ message: 'event rejected', reason, eventId: envelope.id });
    return { status: 'rejected', reason };
  }
  if (!meteredAccount(account)) return { status: 'ignored', reason: `account ${account.name} has no metered runtime budget` };
  const instanceId = parsed.data['instance-id'];
  const transition = TRANSITIONS[parsed.data.state];
  if (!transition) return { status: 'ignored', reason: `state ${parsed.data.state} neither starts nor stops the clock` };

  const at = Math.floor(secondsOfIso(envelope.time, 'event time'));
  const now = nowSeconds(deps);
  const described = await (await deps.member.ec2(account.id, envelope.region)).describe(instanceId);
  const price = transition === 'run' && described?.instanceType ? await deps.prices.hourlyUsd(envelope.region, described.instanceType) : undefined;

  const groups: { group: string; outcome: string }[] = [];
  for (const budget of account.runtimeBudgets) {
    // The event's month, and the current month when a late event from last month still changes who runs now.
    const months = [...new Set([monthOfSeconds(at), monthOfSeconds(now)])].filter((m) => m <= monthOfSeconds(now));
    for (const month of months) {
      const current = await loadLedger(deps, account.id, month, budget);
      const member = (described !== undefined && matchesTags(described.tags, budget.instanceTags)) || current.ledger.instances[instanceId] !== undefined;
      if (!member) continue;
      let outcome = 'unchanged';
      const stored = await updateLedger(deps, account, budget, month, (s) => {
        const applied = applyTransition(s.ledger, {
          instanceId, at, transition, source: 'event', region: envelope.region,
          instanceType: described?.instanceType, hourlyUsd: price?.hourlyUsd,
        });
        outcome = applied.outcome;
        return applied.outcome === 'outside-month' ? null : { ...s, ledger: applied.ledger };
      });
      if (outcome === 'too-late') deps.log({ message: 'event older than the folded ledger; the reconcile corrects the state', instanceId, at });
      groups.push({ group: `${budget.name}@${month}`, outcome });
      if (month === monthOfSeconds(now)) {
        // Before settle: a settle that fails must not lose the re-forecast.
        const synced = await syncForecast(deps, account, budget, stored);
        await settle(deps, account, budget, synced);
      }
    }
  }
  return { status: 'metered', groups };
}

const runningSetKey = (ledger: RuntimeLedger, now: number) => runningAt(ledger, now).map((r) => r.instanceId).sort().join(',');

/**
 * The running costly instances changed since the evaluator was last told, so the account's
 * forecast did too (docs/architecture.md#budget-states): ask it to re-forecast, then record which
 * running set it was told about. A request lost to a failure (here or later in the invocation) is
 * sent by the next invocation, event or 5-minute reconcile, because the ledger still differs.
 */
async function syncForecast(deps: MeterDeps, account: AccountPolicy, budget: RuntimeBudget, stored: StoredLedger): Promise<StoredLedger> {
  const running = runningSetKey(stored.ledger, nowSeconds(deps));
  if (running === (stored.forecastFor ?? '')) return stored;
  await deps.bus.requestEvaluation({ accountId: account.id, month: stored.ledger.month, group: budget.name, at: deps.clock().toISOString() });
  return updateLedger(deps, account, budget, stored.ledger.month, (s) => ({ ...s, forecastFor: running }));
}

/**
 * The 5-minute reconcile: last month's unfinished restores retried, then every metered account and group against DescribeInstances in its
 * workload regions, then the access the guardrail owns (after the groups, so a limit reached in
 * this run has already recorded its revocation).
 */
export async function reconcileAll(deps: MeterDeps): Promise<{ readonly corrections: number; readonly granted: number; readonly failures: number }> {
  let corrections = 0;
  let failures = 0;
  const accounts = await deps.catalog.accounts();
  // Last month's restores that did not finish (the 1st's reset failed, in any mode) are retried first.
  const month = monthOfSeconds(nowSeconds(deps));
  for (const account of accounts) {
    try {
      await restoreLastMonth(deps, account, month);
    } catch (err) {
      failures++;
      deps.log({ message: 'runtime restore retry failed', accountId: account.id, error: (err as Error).message });
    }
  }
  for (const account of accounts.filter(meteredAccount)) {
    for (const budget of account.runtimeBudgets) {
      try {
        corrections += await reconcileGroup(deps, account, budget);
      } catch (err) {
        failures++;
        deps.log({ message: 'runtime reconcile failed', accountId: account.id, group: budget.name, error: (err as Error).message });
      }
    }
  }
  const grants = await grantAllAccess(deps, accounts);
  if (failures > 0 || grants.failures > 0) {
    throw new Error(`runtime reconcile failed for ${failures} group(s) and ${grants.failures} access grant(s); see the log`);
  }
  return { corrections, granted: grants.granted, failures };
}

export async function reconcileGroup(deps: MeterDeps, account: AccountPolicy, budget: RuntimeBudget): Promise<number> {
  const { stored, corrections } = await reconcileLedger(deps, account, budget);
  await settle(deps, account, budget, await syncForecast(deps, account, budget, stored));
  return corrections;
}

/** The one-time schedule fired: account the burn up to now, reconciled with EC2, and act on it. */
export async function onExhaustion(deps: MeterDeps, payload: RuntimeExhaustionPayload): Promise<MeterResult> {
  const account = await deps.catalog.account(payload.accountId);
  const budget = account?.runtimeBudgets.find((b) => b.name === payload.group);
  if (!account || !budget || !meteredAccount(account)) {
    const reason = `no metered runtime budget ${payload.group} for account ${payload.accountId}`;
    deps.log({ message: 'exhaustion schedule rejected', reason });
    return { status: 'rejected', reason };
  }
  const month = monthOfSeconds(nowSeconds(deps));
  if (payload.month !== month) return { status: 'ignored', reason: `schedule for ${payload.month} fired in ${month}` };
  // Scheduler deleted the schedule when it fired; forget it, then decide on EC2's own view of the
  // group (a missed stop event must not make the meter stop the survivors early).
  await updateLedger(deps, account, budget, month, (s) => ({ ...s, scheduledAt: null }));
  const corrections = await reconcileGroup(deps, account, budget);
  return { status: 'metered', groups: [{ group: `${budget.name}@${month}`, outcome: `reconciled (${corrections} correction(s))` }] };
}
