/**
 * Read-modify-write of a ledger with optimistic versioning (retried on conflict); a write also
 * records newly crossed thresholds and the limit.
 */
import type { AccountPolicy, RuntimeBudget } from '../../core/catalog/types';
import { newlyCrossed, recordCrossed, recordLimitReached } from '../../core/runtime/budget';
import { FOLD_AFTER_SECONDS, RuntimeLedger, carryOver, compact, emptyLedger } from '../../core/runtime/ledger';
import { previousMonth } from '../../core/runtime/month';
import { LedgerConflictError, StoredLedger } from '../aws/runtime-ledger-store';
import { MeterDeps, nowSeconds } from './deps';

const MAX_ATTEMPTS = 8;

export const allowanceSeconds = (budget: RuntimeBudget) => budget.minutesPerMonth * 60;

/** The stored ledger, or a new one (carrying last month's running instances) that is not written yet. */
export async function loadLedger(deps: MeterDeps, accountId: string, month: string, budget: RuntimeBudget): Promise<StoredLedger> {
  const stored = await deps.ledgers.get(accountId, month, budget.name);
  if (stored) return stored;
  const previous = await deps.ledgers.get(accountId, previousMonth(month), budget.name);
  const ledger = previous
    ? carryOver(previous.ledger, month, allowanceSeconds(budget))
    : emptyLedger(accountId, month, budget.name, allowanceSeconds(budget));
  return { ledger, version: 0, scheduledAt: null, enforcedAt: null };
}

/**
 * Applies `change` and records newly crossed thresholds and the limit, retrying on a concurrent
 * write. `change` returning null means nothing to write.
 */
export async function updateLedger(
  deps: MeterDeps, account: AccountPolicy, budget: RuntimeBudget, month: string,
  change: (stored: StoredLedger, now: number) => StoredLedger | null,
): Promise<StoredLedger> {
  for (let attempt = 1; ; attempt++) {
    const now = nowSeconds(deps);
    const stored = await loadLedger(deps, account.id, month, budget);
    const changed = change(stored, now);
    if (changed === null && stored.version > 0) return stored;
    const base = changed ?? stored;
    let ledger: RuntimeLedger = compact({ ...base.ledger, allowanceSeconds: allowanceSeconds(budget) }, now - FOLD_AFTER_SECONDS);
    ledger = recordLimitReached(recordCrossed(ledger, newlyCrossed(ledger, budget.alertPct, now)), now);
    try {
      return await deps.ledgers.put({ ...base, ledger }, now);
    } catch (err) {
      if (!(err instanceof LedgerConflictError) || attempt >= MAX_ATTEMPTS) throw err;
    }
  }
}
