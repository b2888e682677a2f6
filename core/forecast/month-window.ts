/** The month-to-date window Cost Explorer is asked for, in UTC calendar days. */
const DAY_MS = 24 * 3600 * 1000;

export const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export function monthBounds(now: Date): { start: Date; end: Date } {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return { start, end };
}

/** Complete days before today the run-rate may look back: 7, and one more to skip the 1st of the month. */
export const RATE_LOOKBACK_DAYS = 8;

/**
 * Cost Explorer's End is exclusive and must be after Start: from the month start (or 8 days back,
 * early in a month, so the run-rate has complete days of usage on the 1st too) to tomorrow, so
 * today's partial figures are included.
 */
export function costQueryWindow(now: Date): { Start: string; End: string } {
  const { start, end } = monthBounds(now);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const tomorrow = new Date(today + DAY_MS);
  const from = Math.min(start.getTime(), today - RATE_LOOKBACK_DAYS * DAY_MS);
  return { Start: isoDay(new Date(from)), End: isoDay(tomorrow <= end ? tomorrow : end) };
}

/** Fractional days from now to the end of the month. */
export const daysLeftInMonth = (now: Date) => Math.max(0, (monthBounds(now).end.getTime() - now.getTime()) / DAY_MS);
/** Fractional days elapsed since the month began. */
export const daysElapsedInMonth = (now: Date) => (now.getTime() - monthBounds(now).start.getTime()) / DAY_MS;
