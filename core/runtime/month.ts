/** Calendar months in UTC as epoch-second windows; the runtime ledger is kept per month. */
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

function parts(month: string): [number, number] {
  const m = MONTH.exec(month);
  if (!m) throw new Error(`month "${month}" is not yyyy-mm; pass e.g. "2026-11"`);
  return [Number(m[1]), Number(m[2]) - 1];
}

/** First second of the month (inclusive), epoch seconds. */
export const monthStart = (month: string): number => {
  const [y, m] = parts(month);
  return Date.UTC(y, m, 1) / 1000;
};

/** First second of the next month (exclusive end), epoch seconds. */
export const monthEnd = (month: string): number => {
  const [y, m] = parts(month);
  return Date.UTC(y, m + 1, 1) / 1000;
};

export const monthOfSeconds = (epochSeconds: number): string => new Date(epochSeconds * 1000).toISOString().slice(0, 7);

export const previousMonth = (month: string): string => monthOfSeconds(monthStart(month) - 1);
export const isoOfSeconds = (epochSeconds: number): string => new Date(Math.floor(epochSeconds) * 1000).toISOString().replace('.000Z', 'Z');

/** Parses an ISO time to epoch seconds, failing with the field name on garbage. */
export function secondsOfIso(iso: string, field = 'time'): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`${field} "${iso}" is not an ISO-8601 time`);
  return ms / 1000;
}
