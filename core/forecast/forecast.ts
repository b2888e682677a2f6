/**
 * Month-end forecast of one account (docs/budget-states.md):
 *
 *   forecast = month-to-date actual
 *            + usage run-rate of the recent complete days × days left
 *            + what the costly instances running now add, each runtime group capped by what its
 *              allowance still permits
 *
 * Fees, tax, credits and refunds are known amounts: they are in the actual once billed and never
 * multiplied by the days left (a $1 fee on the 1st is $1, not $1/day). Only usage of complete UTC
 * days makes the rate (the last 7 before today, the previous month's early in a month, the 1st left
 * out); today's partial figures count in the actual only. Each day's allowance-bound runtime spend
 * (the runtime ledger's per-day USD) is taken out of that day's usage first: those groups come back
 * only through the capped running term.
 */
import type { DailyCharge } from './cost-and-usage';
import { ChargeKind } from './record-types';
import { RATE_LOOKBACK_DAYS, daysElapsedInMonth, daysLeftInMonth, isoDay } from './month-window';

export const DEFAULT_RUN_RATE_DAYS = 7;

/** The instances of one runtime group running now, and what its allowance still permits. */
export interface RunningGroup {
  readonly name: string;
  /** Hourly on-demand prices of the running instances that have one. */
  readonly pricesUsd: readonly number[];
  /** Instance-seconds the allowance still permits from now on; null when the group has no allowance to cap it. */
  readonly remainingSeconds: number | null;
  /**
   * The group's runtime-bound spend per UTC day of the month ("yyyy-mm-dd" → USD), as the runtime
   * ledger keeps it (instance-seconds × the price the meter uses). Taken out of each day's usage
   * before the run-rate: the allowance, not yesterday's GPU job, bounds what the group adds.
   */
  readonly dailyUsd?: Readonly<Record<string, number>>;
}

export interface ForecastInput {
  /** The account's daily charges in its cost metric (other months are ignored). */
  readonly charges: readonly DailyCharge[];
  readonly now: Date;
  readonly running?: readonly RunningGroup[];
  /** Whether credits and refunds lower the actual (catalog `costs.includeCredits`). */
  readonly includeCredits?: boolean;
  /** How many recent complete days make the run-rate. */
  readonly runRateDays?: number;
  /** The first day the charges cover (the query's Start): earlier days are unknown, not $0. Default: the month's 1st. */
  readonly dataFrom?: string;
}

export interface RunningTerm {
  readonly name: string;
  readonly hourlyUsd: number;
  /** hourly × hours left, before the cap. */
  readonly uncappedUsd: number;
  /** What the group adds to the forecast: min(uncapped, remaining allowance × its hourly price). */
  readonly usd: number;
  readonly capped: boolean;
}

export interface Forecast {
  readonly actualUsd: number;
  /** Month-to-date usage (the rate-bearing part of the actual). */
  readonly usageUsd: number;
  /** Month-to-date fees, tax and (when counted) credits and refunds: known amounts. */
  readonly knownUsd: number;
  /** Month-to-date credits and refunds (negative), whether counted or not. */
  readonly creditsUsd: number;
  readonly creditsCounted: boolean;
  readonly runRateUsdPerDay: number;
  /** The rate a rise must keep for two days to count as (the dearest complete day dropped): what Critical and Shutdown stand on. */
  readonly confirmedRateUsdPerDay: number;
  /** Runtime-bound spend (runtime ledger) taken out of the rate's days. */
  readonly runtimeUsdOutOfRate: number;
  /** Complete UTC days of the month so far (the evidence a forecast stands on). */
  readonly completeDays: number;
  readonly daysLeft: number;
  readonly runningHourlyUsd: number;
  /** What the running costly instances add by the end of the month, after the allowance caps. */
  readonly runningUsd: number;
  readonly running: readonly RunningTerm[];
  /** actual + run-rate × days left: the forecast without the running instances. */
  readonly baseForecastUsd: number;
  readonly forecastUsd: number;
  /** The forecast at the confirmed rate (running term included): a forecast-only Critical or Shutdown needs this too. */
  readonly confirmedForecastUsd: number;
}

const cents = (usd: number) => Math.round(usd * 100) / 100;
const DAY_MS = 24 * 3600 * 1000;
const KNOWN: readonly ChargeKind[] = ['fee', 'tax'];
const CREDITS: readonly ChargeKind[] = ['credit', 'refund'];

export function runningTerms(groups: readonly RunningGroup[], hoursLeft: number): RunningTerm[] {
  return groups.map((g) => {
    for (const p of g.pricesUsd) if (!(p >= 0)) throw new Error(`runtime group ${g.name}: hourly price ${p} is not 0 or more`);
    const hourlyUsd = g.pricesUsd.reduce((sum, p) => sum + p, 0);
    const uncappedUsd = hourlyUsd * hoursLeft;
    if (g.remainingSeconds === null) return { name: g.name, hourlyUsd, uncappedUsd, usd: uncappedUsd, capped: false };
    // The allowance is instance-time shared by the group: at most its remaining hours at the dearest running price.
    const capUsd = (Math.max(0, g.remainingSeconds) / 3600) * Math.max(0, ...g.pricesUsd);
    return { name: g.name, hourlyUsd, uncappedUsd, usd: Math.min(uncappedUsd, capUsd), capped: capUsd < uncappedUsd };
  });
}

/**
 * The usage rate of the window's complete days (oldest first, runtime-bound spend already taken
 * out): their mean, or the newest day when it is higher. A rise shows in the newest complete day,
 * so Over comes with the first complete day of it; a falling or noisy rate is averaged.
 */
export function usageRate(daily: readonly number[]): number {
  if (daily.length === 0) return 0;
  return Math.max(daily.reduce((a, b) => a + b, 0) / daily.length, daily[daily.length - 1]);
}

/**
 * The rate Critical and Shutdown stand on: the mean without the single dearest day once there are
 * 2 or more. A one-off batch, a monthly charge billed as usage or a runtime group without a ledger
 * never destroys anything on one day; a real rise that lasts two days or more does.
 */
export function confirmedUsageRate(daily: readonly number[]): number {
  if (daily.length === 0) return 0;
  const total = daily.reduce((a, b) => a + b, 0);
  return daily.length >= 2 ? (total - Math.max(...daily)) / (daily.length - 1) : total;
}

/** Runtime-bound spend per day over every runtime group. */
function runtimeByDay(groups: readonly RunningGroup[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const g of groups) {
    for (const [day, usd] of Object.entries(g.dailyUsd ?? {})) {
      if (!(usd >= 0)) throw new Error(`runtime group ${g.name}: spend ${usd} on ${day} is not 0 or more`);
      out.set(day, (out.get(day) ?? 0) + usd);
    }
  }
  return out;
}

export function forecastMonth(input: ForecastInput): Forecast {
  const { now } = input;
  const runRateDays = input.runRateDays ?? DEFAULT_RUN_RATE_DAYS;
  if (!(runRateDays >= 1)) throw new Error(`runRateDays must be at least 1 (got ${runRateDays})`);
  const includeCredits = input.includeCredits ?? false;
  const month = isoDay(now).slice(0, 7);
  const today = isoDay(now);
  const charges = input.charges.filter((c) => c.day.startsWith(month) && c.day <= today);
  const sum = (kinds: readonly ChargeKind[]) => charges.filter((c) => kinds.includes(c.kind)).reduce((s, c) => s + c.usd, 0);

  const usageUsd = sum(['usage']);
  const creditsUsd = sum(CREDITS);
  const knownUsd = sum(KNOWN) + (includeCredits ? creditsUsd : 0);
  const actualUsd = usageUsd + knownUsd;

  // Complete days: the UTC days before today, back to where the data starts (the evaluator's query
  // reaches 8 days before the month). A day without a usage row cost 0. Monthly charges billed as
  // usage-typed lines land on the 1st, so the 1st is left out while other days exist. Early in a
  // month the previous month's last days stand in, but never raise the rate above what this
  // month's own days show: a last-month overrun that stopped is not this month's rate.
  const completeDays = now.getUTCDate() - 1;
  const todayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const dataFrom = input.dataFrom ?? `${month}-01`;
  const first = `${month}-01`;
  const candidates = Array.from({ length: RATE_LOOKBACK_DAYS }, (_, i) => isoDay(new Date(todayStart - (RATE_LOOKBACK_DAYS - i) * DAY_MS)))
    .filter((d) => d >= dataFrom);
  const withoutFirst = candidates.filter((d) => d !== first);
  const window = (withoutFirst.length > 0 ? withoutFirst : candidates).slice(-runRateDays);
  const ownDays = window.filter((d) => d.startsWith(month));
  const runtime = runtimeByDay(input.running ?? []);
  let runRateUsdPerDay: number;
  let confirmedRateUsdPerDay: number;
  const runtimeUsdOutOfRate = window.reduce((s, d) => s + (runtime.get(d) ?? 0), 0);
  if (window.length > 0) {
    // A day never goes below 0 by the runtime spend taken out (Cost Explorer may bill it lower: a Savings Plan covers it).
    const usageOn = (day: string) => Math.max(0,
      input.charges.filter((c) => c.day === day && c.kind === 'usage').reduce((s, c) => s + c.usd, 0) - (runtime.get(day) ?? 0));
    const rateOf = (rate: (daily: readonly number[]) => number) => {
      const all = rate(window.map(usageOn));
      return ownDays.length > 0 && ownDays.length < window.length ? Math.min(all, rate(ownDays.map(usageOn))) : all;
    };
    runRateUsdPerDay = rateOf(usageRate);
    confirmedRateUsdPerDay = rateOf(confirmedUsageRate);
  } else {
    // The 1st, with no earlier data: only today's partial usage exists; spread it over at least a day.
    runRateUsdPerDay = usageUsd / Math.max(1, daysElapsedInMonth(now));
    confirmedRateUsdPerDay = runRateUsdPerDay;
  }
  // Savings Plan negations and discounts can outweigh a quiet day's usage; a month never shrinks by usage.
  runRateUsdPerDay = Math.max(0, runRateUsdPerDay);
  confirmedRateUsdPerDay = Math.max(0, confirmedRateUsdPerDay);

  const daysLeft = daysLeftInMonth(now);
  const running = runningTerms(input.running ?? [], daysLeft * 24);
  const runningUsd = running.reduce((s, r) => s + r.usd, 0);
  const baseForecastUsd = Math.max(actualUsd, actualUsd + runRateUsdPerDay * daysLeft);
  const confirmedForecastUsd = Math.max(actualUsd, actualUsd + confirmedRateUsdPerDay * daysLeft) + runningUsd;
  return {
    actualUsd: cents(actualUsd),
    usageUsd: cents(usageUsd),
    knownUsd: cents(knownUsd),
    creditsUsd: cents(creditsUsd),
    creditsCounted: includeCredits,
    runRateUsdPerDay: cents(runRateUsdPerDay),
    confirmedRateUsdPerDay: cents(confirmedRateUsdPerDay),
    runtimeUsdOutOfRate: cents(runtimeUsdOutOfRate),
    completeDays,
    daysLeft,
    runningHourlyUsd: running.reduce((s, r) => s + r.hourlyUsd, 0),
    runningUsd: cents(runningUsd),
    running,
    baseForecastUsd: cents(baseForecastUsd),
    forecastUsd: cents(baseForecastUsd + runningUsd),
    confirmedForecastUsd: cents(confirmedForecastUsd),
  };
}
