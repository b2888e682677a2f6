/**
 * Month-end forecast of one account (docs/architecture.md#budget-states): month-to-date actual, plus the run-rate of the
 * recent complete days over the days left, plus the hourly price of the costly instances known to
 * be running right now over the hours left. The last term moves the forecast within seconds of a
 * launch, long before Cost Explorer shows it.
 */
import type { DailyCost } from './cost-and-usage';
import { daysElapsedInMonth, daysLeftInMonth, isoDay, monthBounds } from './month-window';

export const DEFAULT_RUN_RATE_DAYS = 7;

export interface ForecastInput {
  /** The account's daily costs from Cost Explorer (other months are ignored). */
  readonly daily: readonly DailyCost[];
  readonly now: Date;
  /** Sum of the hourly on-demand prices of the costly instances running now. */
  readonly runningHourlyUsd: number;
  /** How many recent complete days make the run-rate. */
  readonly runRateDays?: number;
}

export interface Forecast {
  readonly actualUsd: number;
  readonly runRateUsdPerDay: number;
  readonly daysLeft: number;
  readonly runningHourlyUsd: number;
  /** What the running costly instances add by the end of the month. */
  readonly runningUsd: number;
  readonly forecastUsd: number;
}

const cents = (usd: number) => Math.round(usd * 100) / 100;
const DAY_MS = 24 * 3600 * 1000;

export function forecastMonth(input: ForecastInput): Forecast {
  const { now } = input;
  const runRateDays = input.runRateDays ?? DEFAULT_RUN_RATE_DAYS;
  if (!(runRateDays >= 1)) throw new Error(`runRateDays must be at least 1 (got ${runRateDays})`);
  if (!(input.runningHourlyUsd >= 0)) throw new Error(`runningHourlyUsd must be 0 or more (got ${input.runningHourlyUsd})`);
  const { start } = monthBounds(now);
  const month = isoDay(now).slice(0, 7);
  const today = isoDay(now);
  const days = input.daily.filter((d) => d.day.startsWith(month));
  const actualUsd = days.reduce((sum, d) => sum + d.usd, 0);

  // Recent complete days: the window before today, inside the month. A day without a row cost 0.
  const todayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const windowStart = Math.max(start.getTime(), todayStart - runRateDays * DAY_MS);
  const windowDays = Math.round((todayStart - windowStart) / DAY_MS);
  let runRateUsdPerDay: number;
  if (windowDays > 0) {
    const from = isoDay(new Date(windowStart));
    const recent = days.filter((d) => d.day >= from && d.day < today).reduce((sum, d) => sum + d.usd, 0);
    runRateUsdPerDay = recent / windowDays;
  } else {
    // The 1st of the month: only today's partial figures exist; spread them over at least a day.
    runRateUsdPerDay = actualUsd / Math.max(1, daysElapsedInMonth(now));
  }

  const daysLeft = daysLeftInMonth(now);
  const runningUsd = input.runningHourlyUsd * daysLeft * 24;
  return {
    actualUsd: cents(actualUsd),
    runRateUsdPerDay: cents(runRateUsdPerDay),
    daysLeft,
    runningHourlyUsd: input.runningHourlyUsd,
    runningUsd: cents(runningUsd),
    forecastUsd: cents(actualUsd + runRateUsdPerDay * daysLeft + runningUsd),
  };
}
