/**
 * Decisions over a runtime ledger: which alert thresholds are newly crossed, when the allowance
 * runs out at the current burn rate, and whether the limit is reached. Pure; times in epoch seconds.
 */
import { RuntimeLedger, runningAt, usedSeconds } from './ledger';
import { monthEnd } from './month';

/** Thresholds (percent of the allowance) reached at `now` and not yet recorded this month, ascending. */
export function newlyCrossed(ledger: RuntimeLedger, alertPct: readonly number[], now: number): number[] {
  const used = usedSeconds(ledger, now);
  return [...alertPct]
    .filter((pct) => !ledger.crossedPct.includes(pct) && used >= (pct / 100) * ledger.allowanceSeconds)
    .sort((a, b) => a - b);
}

export function recordCrossed(ledger: RuntimeLedger, pcts: readonly number[]): RuntimeLedger {
  if (pcts.length === 0) return ledger;
  return { ...ledger, crossedPct: [...new Set([...ledger.crossedPct, ...pcts])].sort((a, b) => a - b) };
}

/** Crossed thresholds whose alert has not been published yet (the outbox). */
export const pendingAlerts = (ledger: RuntimeLedger): number[] =>
  ledger.crossedPct.filter((pct) => !ledger.alertedPct.includes(pct));

export function recordAlerted(ledger: RuntimeLedger, pcts: readonly number[]): RuntimeLedger {
  return { ...ledger, alertedPct: [...new Set([...ledger.alertedPct, ...pcts])].sort((a, b) => a - b) };
}

export const limitReached = (ledger: RuntimeLedger, now: number): boolean => usedSeconds(ledger, now) >= ledger.allowanceSeconds;

export function recordLimitReached(ledger: RuntimeLedger, now: number): RuntimeLedger {
  if (ledger.limitReachedAt !== null || !limitReached(ledger, now)) return ledger;
  // The exact moment: now minus the overshoot spread over the instances burning.
  const over = usedSeconds(ledger, now) - ledger.allowanceSeconds;
  const burning = Math.max(1, runningAt(ledger, now).length);
  return { ...ledger, limitReachedAt: Math.floor(now - over / burning) };
}

/**
 * When the allowance runs out if the instances running at `now` keep running (n instances burn
 * n seconds per second): `now` when it is already used up, null when nothing runs or the month
 * ends first (the new month's ledger starts over). Rounded up to the second, so a schedule at
 * that instant never fires before the allowance is used up (and never needs a second round).
 */
export function exhaustionAt(ledger: RuntimeLedger, now: number): number | null {
  const burning = runningAt(ledger, now).length;
  if (burning === 0) return null;
  const remaining = ledger.allowanceSeconds - usedSeconds(ledger, now);
  if (remaining <= 0) return Math.floor(now);
  const at = Math.ceil(now + remaining / burning);
  return at < monthEnd(ledger.month) ? at : null;
}

export const usedMinutes = (ledger: RuntimeLedger, now: number): number =>
  Math.round((usedSeconds(ledger, now) / 60) * 100) / 100;
