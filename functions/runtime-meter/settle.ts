/**
 * What follows a ledger write for the current month: threshold alerts (an outbox: crossed →
 * alerted, so a failed publish is retried by the next invocation), at-limit enforcement (only
 * after EC2 confirms the usage), the one-time stop schedule (recorded only once the Scheduler call
 * succeeded), and last the group's dashboard metric, whose failure is logged and never stops the
 * rest (a CloudWatch outage must not keep instances running past the allowance).
 */
import type { AccountPolicy, RuntimeBudget } from '../../core/catalog/types';
import { DETAIL_TYPES, RUNTIME_EXHAUSTION_KIND, RuntimeExhaustionPayload } from '../../core/events/schemas';
import { exhaustionAt, limitReached, pendingAlerts, recordAlerted, usedMinutes } from '../../core/runtime/budget';
import { runningAt } from '../../core/runtime/ledger';
import { isoOfSeconds } from '../../core/runtime/month';
import { SCHEDULE_LEAD_SECONDS, exhaustionScheduleName, scheduleFireAt } from '../../core/runtime/schedule';
import { messageOf } from '../aws/aws-errors';
import type { StoredLedger } from '../aws/runtime-ledger-store';
import { MeterDeps, nowSeconds } from './deps';
import { enforceLimit } from './enforce-limit';
import { updateLedger } from './ledger-update';
import { reconcileLedger } from './reconcile-group';

/** When the allowance runs out within the schedule lead, the meter waits for that instant itself instead of scheduling. */
export async function settle(deps: MeterDeps, account: AccountPolicy, budget: RuntimeBudget, stored: StoredLedger): Promise<StoredLedger> {
  const soon = exhaustionAt(stored.ledger, nowSeconds(deps));
  if (soon !== null && !limitReached(stored.ledger, nowSeconds(deps)) && soon - nowSeconds(deps) <= SCHEDULE_LEAD_SECONDS) {
    await deps.sleep(soon - nowSeconds(deps));
    stored = (await reconcileLedger(deps, account, budget)).stored;
  }
  const now = nowSeconds(deps);
  const { ledger } = stored;

  const pending = pendingAlerts(ledger);
  if (pending.length > 0) {
    const running = runningAt(ledger, now).map((r) => r.instanceId);
    for (const pct of pending) {
      await deps.bus.publish(DETAIL_TYPES.runtimeThresholdCrossed, {
        accountId: account.id, accountName: account.name, month: ledger.month, group: budget.name, thresholdPct: pct,
        usedMinutes: usedMinutes(ledger, now), allowanceMinutes: budget.minutesPerMonth, runningInstances: running, at: isoOfSeconds(now),
      });
      deps.log({ message: 'runtime threshold crossed', accountId: account.id, group: budget.name, month: ledger.month, thresholdPct: pct });
      stored = await updateLedger(deps, account, budget, ledger.month, (s) => ({ ...s, ledger: recordAlerted(s.ledger, [pct]) }));
    }
  }

  const stillBurning = account.mode === 'enforce' && runningAt(stored.ledger, now).length > 0;
  if (limitReached(stored.ledger, now) && (stored.enforcedAt === null || stillBurning)) {
    // A lost stop event would make the ledger over-count: act only on EC2's own view.
    stored = (await reconcileLedger(deps, account, budget)).stored;
    if (limitReached(stored.ledger, nowSeconds(deps))) {
      await enforceLimit(deps, account, budget, stored.ledger.month);
      stored = await updateLedger(deps, account, budget, stored.ledger.month, (s) => ({ ...s, enforcedAt: now }));
    }
  }

  const desired = limitReached(stored.ledger, now) ? null : exhaustionAt(stored.ledger, now);
  if (desired !== stored.scheduledAt) {
    const name = exhaustionScheduleName(account.id, budget.name);
    if (desired === null) {
      await deps.scheduler.remove(name);
      deps.log({ message: 'stop schedule deleted: nothing burns the allowance', accountId: account.id, group: budget.name });
    } else {
      const payload: RuntimeExhaustionPayload = {
        kind: RUNTIME_EXHAUSTION_KIND, accountId: account.id, group: budget.name, month: stored.ledger.month, exhaustsAt: isoOfSeconds(desired),
      };
      await deps.scheduler.upsert(name, scheduleFireAt(desired), payload);
      deps.log({ message: 'stop schedule set', accountId: account.id, group: budget.name, exhaustsAt: isoOfSeconds(desired), firesAt: isoOfSeconds(scheduleFireAt(desired)) });
    }
    stored = await updateLedger(deps, account, budget, stored.ledger.month, (s) => ({ ...s, scheduledAt: desired }));
  }
  await publishMetric(deps, account, budget, stored);
  return stored;
}

async function publishMetric(deps: MeterDeps, account: AccountPolicy, budget: RuntimeBudget, stored: StoredLedger): Promise<void> {
  try {
    await deps.metrics.putRuntimeMinutes(account.id, budget.name, usedMinutes(stored.ledger, nowSeconds(deps)), deps.clock());
  } catch (err) {
    deps.log({ message: 'runtime metric not published (enforcement went on)', accountId: account.id, group: budget.name, error: messageOf(err) });
  }
}
