/**
 * Seeded months of realistic AWS cost history for many accounts, with the ground truth a forecast
 * is judged against (bench/forecast-accuracy.ts):
 *
 * - usage with a weekday/weekend pattern and day-to-day noise;
 * - fees on the 1st: a Route 53-style `Fee`, RI (`RIFee`) or Savings Plan (`SavingsPlanRecurringFee`)
 *   recurring fees, and sometimes a monthly charge billed as a usage-typed line on the 1st;
 *   Savings Plan covered usage with its negation every day;
 * - `Tax` and `Support fee` at month end; `Credit` lines (not counted by default);
 * - real overruns that start mid-month at some hour (usage × 3-6 from then on);
 * - GPU starts inside their runtime allowance: a p4d.24xlarge ($32.77/h) runs its 1,000 minutes
 *   (16 h 40 min) and is stopped by the runtime meter, its cost landing in that day's usage.
 */
import type { CostLine } from '../../core/backtest/history';
import type { RunningGroup } from '../../core/forecast';
import { chargeKindOf } from '../../core/forecast/record-types';
import { Random, seededRandom } from './random';

export const GPU_HOURLY_USD = 32.77;
export const GPU_ALLOWANCE_SECONDS = 1000 * 60;

export interface GeneratedAccount {
  readonly id: string;
  readonly name: string;
  readonly targetUsd: number;
}

export interface MonthTruth {
  readonly accountId: string;
  readonly month: string;
  /** When a real overrun began (ISO), if this month has one. */
  readonly overrunStart?: string;
  /** When a GPU of the runtime group started (ISO), if one did. */
  readonly gpuStart?: string;
}

export interface GeneratedHistory {
  readonly accounts: readonly GeneratedAccount[];
  readonly lines: readonly CostLine[];
  readonly truths: readonly MonthTruth[];
  readonly months: readonly string[];
  /** The runtime ledger as the evaluator would read it at a time: with the allowance cap and per-day spend, or (naive) without. */
  readonly running: (accountId: string, at: Date, capped: boolean) => RunningGroup[];
}

const TARGETS = [12, 200, 1000, 5000, 5000, 20000, 50000];
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const daysIn = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
const dayOf = (month: string, d: number) => `${month}-${String(d).padStart(2, '0')}`;
const uniform = (r: Random, min: number, max: number) => min + r.next() * (max - min);

/** Runtime-bound spend of one instance running from `from` to `to` (ms), per UTC day: what the runtime ledger keeps. */
export function runtimeDailyUsd(from: number, to: number, hourlyUsd: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (let t = from; t < to;) {
    const next = Math.min(to, Math.floor(t / DAY_MS) * DAY_MS + DAY_MS);
    const day = new Date(t).toISOString().slice(0, 10);
    out[day] = (out[day] ?? 0) + ((next - t) / HOUR_MS) * hourlyUsd;
    t = next;
  }
  return out;
}

export function generateHistory(opts: { seed: number; accounts: number; months: readonly string[] }): GeneratedHistory {
  const r = seededRandom(opts.seed);
  const accounts: GeneratedAccount[] = Array.from({ length: opts.accounts }, (_, i) => ({
    id: String(700000000000 + i), name: `team-${String(i).padStart(3, '0')}`, targetUsd: r.pick(TARGETS),
  }));
  const lines: CostLine[] = [];
  const truths: MonthTruth[] = [];
  const gpuRuns = new Map<string, { start: number; end: number }[]>();
  const add = (accountId: string, day: string, recordType: string, usd: number) => {
    if (usd !== 0) lines.push({ accountId, day, recordType, kind: chargeKindOf(recordType), usd: Math.round(usd * 10000) / 10000, estimated: false });
  };

  for (const a of accounts) {
    // A steady profile per account, months vary around it.
    const hasSp = r.chance(0.3);
    const hasRi = !hasSp && r.chance(0.25);
    const hasCredits = r.chance(0.25);
    const hostedZones = r.chance(0.5);
    const usageTypedMonthly = r.chance(0.2);
    const taxed = r.chance(0.5);
    const support = r.chance(0.3);
    const weekendFactor = uniform(r, 0.55, 0.95);
    for (const month of opts.months) {
      const D = daysIn(month);
      const T = a.targetUsd;
      const spend = T * uniform(r, 0.45, 0.8);
      const fixedShare = (hasSp || hasRi ? uniform(r, 0.1, 0.3) : 0) + (usageTypedMonthly ? uniform(r, 0.02, 0.06) : 0);
      const endShare = (taxed ? uniform(r, 0.06, 0.09) : 0) + (support ? uniform(r, 0.03, 0.08) : 0);
      const usageTotal = spend * (1 - fixedShare - endShare);
      const weekdays = Array.from({ length: D }, (_, i) => new Date(`${dayOf(month, i + 1)}T00:00:00Z`).getUTCDay());
      const weights = weekdays.map((w) => (w === 0 || w === 6 ? weekendFactor : 1));
      const perWeight = usageTotal / weights.reduce((s, x) => s + x, 0);

      const overrun = !(T < 200) && r.chance(0.15);
      const gpu = !overrun && T >= 5000 && r.chance(0.25);
      const overrunStart = overrun ? Date.parse(`${dayOf(month, r.int(6, 22))}T00:00:00Z`) + r.int(0, 23) * HOUR_MS : undefined;
      const multiplier = uniform(r, 3, 6);
      const gpuStart = gpu ? Date.parse(`${dayOf(month, r.int(3, 26))}T00:00:00Z`) + r.int(0, 23) * HOUR_MS : undefined;
      if (gpuStart !== undefined) {
        const runs = gpuRuns.get(a.id) ?? [];
        runs.push({ start: gpuStart, end: gpuStart + GPU_ALLOWANCE_SECONDS * 1000 });
        gpuRuns.set(a.id, runs);
      }
      truths.push({
        accountId: a.id, month,
        ...(overrunStart !== undefined ? { overrunStart: new Date(overrunStart).toISOString() } : {}),
        ...(gpuStart !== undefined ? { gpuStart: new Date(gpuStart).toISOString() } : {}),
      });

      const first = dayOf(month, 1);
      const last = dayOf(month, D);
      if (hostedZones) add(a.id, first, 'Fee', Math.min(T * 0.05, 0.5 * r.int(1, 6)));
      if (hasRi) add(a.id, first, 'RIFee', spend * uniform(r, 0.1, 0.3));
      if (hasSp) add(a.id, first, 'SavingsPlanRecurringFee', spend * uniform(r, 0.1, 0.3));
      if (usageTypedMonthly) add(a.id, first, 'Usage', spend * uniform(r, 0.02, 0.06));
      for (let d = 1; d <= D; d++) {
        const day = dayOf(month, d);
        const dayStart = Date.parse(`${day}T00:00:00Z`);
        let usage = perWeight * weights[d - 1] * uniform(r, 0.85, 1.15);
        if (overrunStart !== undefined && dayStart + DAY_MS > overrunStart) {
          const hoursOver = Math.min(24, (dayStart + DAY_MS - Math.max(dayStart, overrunStart)) / HOUR_MS);
          usage += usage * (multiplier - 1) * (hoursOver / 24);
        }
        if (gpuStart !== undefined) {
          const from = Math.max(dayStart, gpuStart);
          const to = Math.min(dayStart + DAY_MS, gpuStart + GPU_ALLOWANCE_SECONDS * 1000);
          if (to > from) usage += ((to - from) / HOUR_MS) * GPU_HOURLY_USD;
        }
        add(a.id, day, 'Usage', usage);
        if (hasSp) {
          const covered = usage * uniform(r, 0.2, 0.4);
          add(a.id, day, 'SavingsPlanCoveredUsage', covered);
          add(a.id, day, 'SavingsPlanNegation', -covered);
        }
        if (hasCredits) add(a.id, day, 'Credit', -usage * uniform(r, 0.2, 0.6));
      }
      if (taxed) add(a.id, last, 'Tax', spend * uniform(r, 0.06, 0.09));
      if (support) add(a.id, last, 'Support fee', spend * uniform(r, 0.03, 0.08));
    }
  }

  const running = (accountId: string, at: Date, capped: boolean): RunningGroup[] => {
    const t = at.getTime();
    const month = at.toISOString().slice(0, 7);
    // This month's run that has started: what the runtime ledger holds for it (per-day USD, and the instance if still running).
    const run = (gpuRuns.get(accountId) ?? []).find((x) => x.start <= t && new Date(x.start).toISOString().startsWith(month));
    if (!run) return [];
    const live = t < run.end;
    return [{
      name: 'gpu-training', pricesUsd: live ? [GPU_HOURLY_USD] : [],
      remainingSeconds: capped ? Math.max(0, GPU_ALLOWANCE_SECONDS - (Math.min(t, run.end) - run.start) / 1000) : null,
      ...(capped ? { dailyUsd: runtimeDailyUsd(run.start, Math.min(t, run.end), GPU_HOURLY_USD) } : {}),
    }];
  };
  return { accounts, lines, truths, months: opts.months, running };
}
