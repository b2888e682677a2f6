/** Cost history for `guardrails backtest`: daily charges per account, whatever file they came from. */
import type { DailyCharge } from '../forecast';

export interface CostLine extends DailyCharge {
  readonly accountId: string;
}

export type HistoryFormat = 'cost-explorer' | 'csv' | 'focus';

export interface CostHistory {
  readonly format: HistoryFormat;
  /** What the amounts are: a Cost Explorer metric, "amountUsd", or a FOCUS cost column. */
  readonly amounts: string;
  readonly lines: readonly CostLine[];
  /** Rows read but left out, with why (another cloud's rows in a FOCUS export, say). */
  readonly skipped: readonly { readonly why: string; readonly rows: number }[];
}

/** "<file>:<line>: <field>: <what is wrong>; <how to fix>", like the catalog's messages. */
export class HistoryError extends Error {
  constructor(file: string, line: number | null, field: string, problem: string) {
    super(`${file}${line === null ? '' : `:${line}`}: ${field}: ${problem}`);
    this.name = 'HistoryError';
  }
}

export const ISO_DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** True when the text is a real calendar day (2026-02-30 is not). */
export function isCalendarDay(day: string): boolean {
  if (!ISO_DAY.test(day)) return false;
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}

/** Adds the amounts of lines with the same account, day and record type: files list them per service, hour or resource. */
export function mergeLines(lines: readonly CostLine[]): CostLine[] {
  const merged = new Map<string, CostLine>();
  for (const l of lines) {
    const key = `${l.accountId}|${l.day}|${l.recordType}`;
    const prior = merged.get(key);
    merged.set(key, prior ? { ...prior, usd: prior.usd + l.usd, estimated: prior.estimated || l.estimated } : l);
  }
  return [...merged.values()].sort((a, b) => a.accountId.localeCompare(b.accountId) || a.day.localeCompare(b.day) || a.recordType.localeCompare(b.recordType));
}
