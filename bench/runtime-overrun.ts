/**
 * Runtime-budget overrun: how much instance time a team burns past its monthly allowance before
 * its GPU instances are stopped, for three designs, over many simulated months of real-looking
 * usage (four GPU instances, weekday sessions that overlap, evening and weekend jobs left running).
 *
 * (a) 5-minute increments + alarm: a cron adds 5 minutes per instance running at each tick to a
 *     custom metric; a CloudWatch alarm on the sum fires 5–10 minutes after the crossing tick.
 * (b) daily-refreshed budget: usage is checked once a day (06:00 UTC, exact usage to date).
 * (c) this design: the real core/runtime ledger fed with EC2 events (running, stopping, stopped;
 *     1–5 s late, 2 % duplicated, 1 % lost), reconciled every 5 minutes, a one-time schedule 30 s before the predicted
 *     exhaustion that fires 1–20 s late, reconciles, waits for the instant and stops.
 * Overrun is measured against the true usage: instance-minutes past the allowance when the stop
 * lands, and the on-demand dollars of that time. A negative overrun means the design stopped the
 * team early (allowance they paid for but could not use).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { exhaustionAt, limitReached } from '../core/runtime/budget';
import { FALLBACK_HOURLY_USD, FALLBACK_PRICES_SOURCE } from '../core/runtime/fallback-prices';
import { RuntimeLedger, applyTransition, emptyLedger } from '../core/runtime/ledger';
import { monthEnd, monthStart } from '../core/runtime/month';
import { reconcile } from '../core/runtime/reconcile';
import { SCHEDULE_LEAD_SECONDS, scheduleFireAt } from '../core/runtime/schedule';
import { Random, seededRandom } from './lib/random';
import { median, round } from './lib/stats';

export const RUNTIME_OVERRUN_RESULTS = path.join(__dirname, 'results', 'runtime-overrun.json');
export const OVERRUN_GOAL_SECONDS = 60;

const MONTH = '2026-11';
const START = monthStart(MONTH);
const END = monthEnd(MONTH);
const HOUR = 3600;
const DAY = 86400;

interface Gpu { readonly id: string; readonly type: string }
const FLEET: readonly Gpu[] = [
  { id: 'i-0p4d', type: 'p4d.24xlarge' },
  { id: 'i-0p3a', type: 'p3.8xlarge' },
  { id: 'i-0g5a', type: 'g5.12xlarge' },
  { id: 'i-0g5b', type: 'g5.12xlarge' },
];
const price = (id: string) => FALLBACK_HOURLY_USD[FLEET.find((g) => g.id === id)?.type ?? ''] ?? 0;

export interface Session { readonly instanceId: string; readonly start: number; readonly end: number }

/** A month of a team's usage: weekday sessions (US working hours), some left running overnight, a weekend job now and then. */
export function teamMonth(random: Random): Session[] {
  const sessions: Session[] = [];
  for (const gpu of FLEET) {
    let free = START;
    for (let day = START; day < END; day += DAY) {
      const weekday = new Date(day * 1000).getUTCDay();
      const isWeekend = weekday === 0 || weekday === 6;
      const add = (start: number, length: number) => {
        const s = Math.max(start, free + 180); // a stopped instance takes a minute or two to be startable again
        const e = Math.min(s + length, END - 1);
        if (e > s) {
          sessions.push({ instanceId: gpu.id, start: s, end: e });
          free = e;
        }
      };
      if (isWeekend) {
        if (random.chance(0.08)) add(day + random.int(10, 20) * HOUR, random.int(1, 4) * HOUR);
        continue;
      }
      if (random.chance(0.55)) add(day + 14 * HOUR + random.int(0, 7200), random.int(20 * 60, 5 * HOUR));
      if (random.chance(0.35)) add(day + 19 * HOUR + random.int(0, 5400), random.int(15 * 60, 3 * HOUR));
      // Friday evening: a long training run over the weekend, or a job someone forgot to stop.
      if (weekday === 5 && random.chance(0.3)) add(day + 22 * HOUR + random.int(0, 3600), random.int(20, 60) * HOUR);
      else if (random.chance(0.06)) add(day + 23 * HOUR, random.int(6, 14) * HOUR);
    }
  }
  return sessions.sort((a, b) => a.start - b.start || a.instanceId.localeCompare(b.instanceId));
}

/** Sessions cut at the stop instant; nothing starts after it (the access policy is gone). */
const truncate = (sessions: readonly Session[], stopAt: number) =>
  sessions.filter((s) => s.start < stopAt).map((s) => ({ ...s, end: Math.min(s.end, stopAt) }));

const usageUntil = (sessions: readonly Session[], t: number) =>
  sessions.reduce((sum, s) => sum + Math.max(0, Math.min(s.end, t) - s.start), 0);
const runningAtTime = (sessions: readonly Session[], t: number) => sessions.filter((s) => s.start <= t && t < s.end);

/** The instant true usage reaches the allowance, or null if the month ends first. */
export function trueExhaustion(sessions: readonly Session[], allowance: number): number | null {
  const edges = [...new Set(sessions.flatMap((s) => [s.start, s.end]))].sort((a, b) => a - b);
  let used = 0;
  for (let i = 0; i + 1 < edges.length; i++) {
    const n = runningAtTime(sessions, edges[i]).length;
    const span = edges[i + 1] - edges[i];
    if (n > 0 && used + n * span >= allowance) return edges[i] + (allowance - used) / n;
    used += n * span;
  }
  return null;
}

/** (a) 5-minute increments of 5 minutes per running instance, alarm 5–10 minutes after the crossing tick. */
export function incrementsAndAlarm(sessions: readonly Session[], allowance: number, random: Random): number | null {
  let counted = 0;
  for (let tick = START + 300; tick < END; tick += 300) {
    counted += 300 * runningAtTime(sessions, tick).length;
    if (counted >= allowance) return tick + random.int(300, 600) + 10;
  }
  return null;
}

/** (b) A budget refreshed once a day with exact usage to date. */
export function dailyBudget(sessions: readonly Session[], allowance: number): number | null {
  for (let refresh = START + 6 * HOUR; refresh < END; refresh += DAY) {
    if (usageUntil(sessions, refresh) >= allowance) return refresh + 60;
  }
  return null;
}

interface Arrival { readonly at: number; readonly instanceId: string; readonly eventAt: number; readonly transition: 'run' | 'stop' }

/**
 * (c) This design, driving the real ledger, reconcile and exhaustion math: the schedule fires
 * SCHEDULE_LEAD_SECONDS before the predicted instant (1–20 s late), the meter reconciles, waits
 * for the exact instant, reconciles again and stops (StopInstances takes effect 2 s later).
 */
export function predictiveStop(sessions: readonly Session[], allowance: number, random: Random): number | null {
  const arrivals: Arrival[] = [];
  for (const s of sessions) {
    // EC2 sends `running`, then `stopping` and `stopped` (about 30-90 s apart) for a stop.
    for (const [eventAt, transition] of [[s.start, 'run'], [s.end, 'stop'], [s.end + random.int(30, 90), 'stop']] as const) {
      if (random.chance(0.01)) continue; // lost: only the reconcile will notice
      const copies = random.chance(0.02) ? 2 : 1;
      for (let c = 0; c < copies; c++) arrivals.push({ at: eventAt + random.int(1, 5), instanceId: s.instanceId, eventAt, transition });
    }
  }
  arrivals.sort((a, b) => a.at - b.at);
  let ledger: RuntimeLedger = emptyLedger('222222222222', MONTH, 'gpu-training', allowance);
  let scheduled: number | null = null;
  let fireAt: number | null = null;
  let nextReconcile = START + 300;
  let i = 0;
  /** What DescribeInstances reports at `t`: running with LaunchTime, or stopped with its stop time. */
  const observe = (t: number) => FLEET.map((g) => {
    const mine = sessions.filter((s) => s.instanceId === g.id && s.start <= t);
    const last = mine[mine.length - 1];
    const running = last !== undefined && t < last.end;
    return { instanceId: g.id, region: 'us-east-1', running, since: last ? (running ? last.start : last.end) : undefined };
  });
  const reconcileAt = (t: number) => {
    ledger = reconcile(ledger, observe(t), ['us-east-1'], t).ledger;
  };
  /** After every ledger change, as functions/runtime-meter/settle.ts: stop if used up, wait when the end is within the lead, else (re)schedule. */
  const settle = (now: number): number | null => {
    // Before stopping, the meter confirms the usage with DescribeInstances (a lost stop over-counts).
    const confirmed = (t: number) => {
      if (!limitReached(ledger, t)) return false;
      reconcileAt(t);
      return limitReached(ledger, t);
    };
    if (confirmed(now)) return now + 2;
    const at = exhaustionAt(ledger, now);
    if (at !== null && at - now <= SCHEDULE_LEAD_SECONDS) {
      // The invocation waits for the instant, reconciles, then acts.
      reconcileAt(at);
      if (confirmed(at)) return at + 2;
    }
    if (at !== scheduled) {
      scheduled = at;
      fireAt = at === null ? null : scheduleFireAt(at) + random.int(1, 20);
    }
    return null;
  };
  for (;;) {
    const nextArrival = i < arrivals.length ? arrivals[i].at : Infinity;
    const now = Math.min(nextArrival, nextReconcile, fireAt ?? Infinity);
    if (now >= END) return null;
    let stop: number | null;
    if (now === fireAt) {
      fireAt = null;
      scheduled = null;
      reconcileAt(now);
      stop = settle(now);
    } else if (now === nextArrival) {
      const a = arrivals[i++];
      ledger = applyTransition(ledger, { instanceId: a.instanceId, at: a.eventAt, transition: a.transition, source: 'event', region: 'us-east-1' }).ledger;
      stop = settle(now);
    } else {
      nextReconcile += 300;
      reconcileAt(now);
      stop = settle(now);
    }
    if (stop !== null) return stop;
  }
}

export interface Overrun { readonly seconds: number; readonly usd: number }

/** True instance time and dollars past the allowance when the stop lands at `stopAt`. */
export function overrunOf(sessions: readonly Session[], allowance: number, exhaustedAt: number, stopAt: number): Overrun {
  const cut = truncate(sessions, stopAt);
  const seconds = usageUntil(cut, END) - allowance;
  const usd = cut.reduce((sum, s) => sum + (Math.max(0, s.end - Math.max(s.start, exhaustedAt)) * price(s.instanceId)) / HOUR, 0);
  return { seconds, usd: seconds > 0 ? usd : 0 };
}

export interface DesignStats {
  readonly design: string;
  readonly exhaustedMonths: number;
  readonly medianOverrunMinutes: number;
  readonly p95OverrunMinutes: number;
  readonly maxOverrunMinutes: number;
  readonly medianOverrunUsd: number;
  readonly p95OverrunUsd: number;
  readonly maxOverrunUsd: number;
  /** Months stopped before the allowance was used (over-counting), and the most allowance lost that way. */
  readonly stoppedEarlyMonths: number;
  readonly mostAllowanceLostMinutes: number;
  readonly withinGoalMonths: number;
}

export interface RuntimeOverrunResult {
  readonly months: number;
  readonly allowanceMinutes: number;
  readonly seed: number;
  readonly fleet: readonly Gpu[];
  readonly priceSource: string;
  readonly goalSeconds: number;
  readonly designs: readonly DesignStats[];
  readonly markdown: string;
}

export interface RuntimeOverrunOptions {
  readonly months?: number;
  /** The group's allowance; the default is sized so most simulated months run out mid-month. */
  readonly allowanceMinutes?: number;
  readonly seed?: number;
  readonly write?: boolean;
  readonly log?: (line: string) => void;
}

const DESIGNS = {
  '(a) 5-min increments + alarm': (s: Session[], allowance: number, r: Random) => incrementsAndAlarm(s, allowance, r),
  '(b) daily-refreshed budget': (s: Session[], allowance: number) => dailyBudget(s, allowance),
  '(c) predictive stop (this design)': (s: Session[], allowance: number, r: Random) => predictiveStop(s, allowance, r),
} as const;

const p95 = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)];
};

export async function runRuntimeOverrun(options: RuntimeOverrunOptions = {}): Promise<RuntimeOverrunResult> {
  const months = options.months ?? 200;
  const allowanceMinutes = options.allowanceMinutes ?? 6000;
  const seed = options.seed ?? 20261122;
  const allowance = allowanceMinutes * 60;
  const samples = new Map<string, { seconds: number[]; usd: number[] }>(Object.keys(DESIGNS).map((d) => [d, { seconds: [], usd: [] }]));
  let exhaustedMonths = 0;
  for (let m = 0; m < months; m++) {
    const sessions = teamMonth(seededRandom(seed + m));
    const exhaustedAt = trueExhaustion(sessions, allowance);
    if (exhaustedAt === null) continue;
    exhaustedMonths++;
    for (const [design, run] of Object.entries(DESIGNS)) {
      const stopAt = run(sessions, allowance, seededRandom(seed * 31 + m)) ?? END;
      const o = overrunOf(sessions, allowance, exhaustedAt, stopAt);
      samples.get(design)?.seconds.push(o.seconds);
      samples.get(design)?.usd.push(o.usd);
    }
  }
  if (exhaustedMonths === 0) throw new Error(`no simulated month used ${allowanceMinutes} minutes; lower allowanceMinutes`);
  const designs: DesignStats[] = [...samples].map(([design, s]) => ({
    design,
    exhaustedMonths,
    medianOverrunMinutes: round(median(s.seconds) / 60, 1),
    p95OverrunMinutes: round(p95(s.seconds) / 60, 1),
    maxOverrunMinutes: round(Math.max(...s.seconds) / 60, 1),
    medianOverrunUsd: round(median(s.usd), 2),
    p95OverrunUsd: round(p95(s.usd), 2),
    maxOverrunUsd: round(Math.max(...s.usd), 2),
    stoppedEarlyMonths: s.seconds.filter((x) => x < 0).length,
    mostAllowanceLostMinutes: round(Math.max(0, -Math.min(...s.seconds)) / 60, 1),
    withinGoalMonths: s.seconds.filter((x) => x >= 0 && x <= OVERRUN_GOAL_SECONDS).length,
  }));
  const result: Omit<RuntimeOverrunResult, 'markdown'> = {
    months, allowanceMinutes, seed, fleet: FLEET, priceSource: FALLBACK_PRICES_SOURCE, goalSeconds: OVERRUN_GOAL_SECONDS, designs,
  };
  const markdown = runtimeOverrunTable(result);
  if (options.write ?? true) {
    mkdirSync(path.dirname(RUNTIME_OVERRUN_RESULTS), { recursive: true });
    writeFileSync(RUNTIME_OVERRUN_RESULTS, `${JSON.stringify({ ...result, markdown }, null, 2)}\n`);
  }
  options.log?.(markdown);
  return { ...result, markdown };
}

export function runtimeOverrunTable(r: Omit<RuntimeOverrunResult, 'markdown'>): string {
  const lines = [
    `Runtime overrun past a ${r.allowanceMinutes.toLocaleString('en-US')}-minute allowance, ${r.designs[0].exhaustedMonths} of ${r.months} simulated months that used it up `
      + `(${r.fleet.length} GPU instances: ${r.fleet.map((g) => g.type).join(', ')}; prices: ${r.priceSource}). `
      + 'Negative minutes: stopped before the allowance was used.',
    '',
    '| design | overrun min (median / p95 / max) | overrun $ (median / p95 / max) | months stopped early (most allowance lost, min) | months within 60 s |',
    '|---|---|---|---|---|',
    ...r.designs.map((d) => `| ${d.design} | ${d.medianOverrunMinutes} / ${d.p95OverrunMinutes} / ${d.maxOverrunMinutes} | `
      + `$${d.medianOverrunUsd} / $${d.p95OverrunUsd} / $${d.maxOverrunUsd} | ${d.stoppedEarlyMonths} (${d.mostAllowanceLostMinutes}) | ${d.withinGoalMonths} |`),
  ];
  return lines.join('\n');
}

if (require.main === module) {
  runRuntimeOverrun({ log: (l) => console.log(l) }).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
