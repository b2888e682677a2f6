/**
 * The forecast the evaluator used before record types (kept here as the benchmark's baseline):
 * every line of the account is one daily cost, the last 7 complete days of the month make the
 * rate whatever they contain, and running instances add their price for every hour left, uncapped.
 */
import type { Forecast, ForecastInput } from '../../core/forecast';
import { daysElapsedInMonth, daysLeftInMonth, isoDay, monthBounds } from '../../core/forecast';

const DAY_MS = 86_400_000;
const cents = (usd: number) => Math.round(usd * 100) / 100;

export function naiveForecast(input: ForecastInput): Forecast {
  const { now } = input;
  const month = isoDay(now).slice(0, 7);
  const today = isoDay(now);
  const charges = input.charges.filter((c) => c.day.startsWith(month) && c.day <= today);
  const actualUsd = charges.reduce((s, c) => s + c.usd, 0);
  const todayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const windowStart = Math.max(monthBounds(now).start.getTime(), todayStart - 7 * DAY_MS);
  const windowDays = Math.round((todayStart - windowStart) / DAY_MS);
  const from = isoDay(new Date(windowStart));
  const rate = windowDays > 0
    ? charges.filter((c) => c.day >= from && c.day < today).reduce((s, c) => s + c.usd, 0) / windowDays
    : actualUsd / Math.max(1, daysElapsedInMonth(now));
  const daysLeft = daysLeftInMonth(now);
  const hourly = (input.running ?? []).reduce((s, g) => s + g.pricesUsd.reduce((x, p) => x + p, 0), 0);
  const runningUsd = hourly * daysLeft * 24;
  const base = actualUsd + rate * daysLeft;
  return {
    actualUsd: cents(actualUsd), usageUsd: cents(actualUsd), knownUsd: 0, creditsUsd: 0, creditsCounted: true,
    runRateUsdPerDay: cents(rate), confirmedRateUsdPerDay: cents(rate), runtimeUsdOutOfRate: 0, completeDays: now.getUTCDate() - 1, daysLeft, runningHourlyUsd: hourly, runningUsd: cents(runningUsd),
    running: [], baseForecastUsd: cents(base), forecastUsd: cents(base + runningUsd), confirmedForecastUsd: cents(base + runningUsd),
  };
}
