/** `guardrails backtest` without the command line: histories and a catalog in, one replay per account out. */
import type { AccountPolicy } from '../catalog/types';
import { CostHistory, CostLine, mergeLines } from './history';
import { AccountReplay, ReplayOptions, ReplaySummary, replayAccount, summarize } from './replay';

export interface BacktestOptions extends Partial<Pick<ReplayOptions, 'from' | 'to' | 'everyHours'>> {
  /** Only these accounts (names or ids); default: every catalog account with a target that the history names. */
  readonly accounts?: readonly string[];
}

export interface BacktestResult {
  readonly from: string;
  readonly to: string;
  readonly everyHours: number;
  /** What the amounts are, per file read: "UnblendedCost", "BilledCost", "amountUsd". */
  readonly sources: readonly { readonly format: string; readonly amounts: string; readonly lines: number; readonly skipped: CostHistory['skipped'] }[];
  readonly accounts: readonly (AccountReplay & { readonly summary: ReplaySummary })[];
  /** Account ids in the history that the catalog does not have (or that are in mode skip). */
  readonly notInCatalog: readonly string[];
}

export function backtest(histories: readonly CostHistory[], catalog: readonly AccountPolicy[], options: BacktestOptions = {}): BacktestResult {
  const lines: CostLine[] = mergeLines(histories.flatMap((h) => h.lines));
  if (lines.length === 0) throw new Error('the cost history has no rows; export at least one day of costs');
  const from = options.from ?? lines.reduce((m, l) => (l.day < m ? l.day : m), lines[0].day);
  const to = options.to ?? lines.reduce((m, l) => (l.day > m ? l.day : m), lines[0].day);
  if (from > to) throw new Error(`--from ${from} is after --to ${to}`);
  const named = new Set(lines.map((l) => l.accountId));
  const evaluable = catalog.filter((a) => a.mode !== 'skip' && a.targetUsd !== null);
  const chosen = options.accounts
    ? options.accounts.map((n) => {
      const a = evaluable.find((x) => x.name === n || x.id === n);
      if (!a) throw new Error(`account "${n}" is not in the catalog with a target; use one of: ${evaluable.map((x) => x.name).join(', ')}`);
      return a;
    })
    : evaluable.filter((a) => named.has(a.id));
  const everyHours = options.everyHours ?? 4;
  const accounts = chosen.map((a) => {
    const replay = replayAccount(a, lines, { from, to, everyHours });
    return { ...replay, summary: summarize(replay) };
  });
  return {
    from, to, everyHours,
    sources: histories.map((h) => ({ format: h.format, amounts: h.amounts, lines: h.lines.length, skipped: h.skipped })),
    accounts,
    notInCatalog: [...named].filter((id) => !evaluable.some((a) => a.id === id)).sort(),
  };
}
