/**
 * How often an EventBridge schedule expression fires in an average month (365.25 / 12 days),
 * for the cost model. `rate(...)` is exact; `cron(...)` is counted minute by minute over a year
 * (AWS cron: minutes hours day-of-month month day-of-week year, UTC, day-of-week 1-7 = SUN-SAT).
 */
export const MINUTES_PER_MONTH = (365.25 / 12) * 24 * 60;

const RATE_UNITS: Record<string, number> = { minute: 1, minutes: 1, hour: 60, hours: 60, day: 1440, days: 1440 };
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

type Matcher = (value: number, date: Date) => boolean;

function fieldMatcher(field: string, min: number, max: number, names: readonly string[] = [], nameBase = 1): Matcher {
  if (field === '*' || field === '?') return () => true;
  const toNumber = (token: string): number => {
    const named = names.indexOf(token.toUpperCase());
    if (named >= 0) return named + nameBase;
    const n = Number(token);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`cron field "${field}": "${token}" is outside ${min}-${max}`);
    return n;
  };
  const parts = field.split(',').map((part): Matcher => {
    if (part === 'L') {
      return (_v, date) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate() === date.getUTCDate();
    }
    if (/[LW#]/.test(part)) throw new Error(`cron field "${field}": "${part}" (L/W/# forms) is not supported by the cost model; use a rate() or plain cron`);
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`cron field "${field}": bad step "${stepText}"`);
    const [from, to] = range === '*' ? [min, max] : range.includes('-')
      ? range.split('-').map(toNumber) as [number, number]
      : [toNumber(range), stepText === undefined ? toNumber(range) : max];
    return (v) => v >= from && v <= to && (v - from) % step === 0;
  });
  return (v, date) => parts.some((m) => m(v, date));
}

export function cronFiresPerMonth(body: string, year = 2027): number {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) throw new Error(`cron(${body}) needs 6 fields (minutes hours day-of-month month day-of-week year)`);
  const [mi, ho, dom, mo, dow, yr] = fields;
  const minute = fieldMatcher(mi, 0, 59);
  const hour = fieldMatcher(ho, 0, 23);
  const dayOfMonth = fieldMatcher(dom, 1, 31);
  const month = fieldMatcher(mo, 1, 12, MONTHS);
  const dayOfWeek = fieldMatcher(dow, 1, 7, DAYS);
  const inYear = fieldMatcher(yr, 1970, 2199);
  if (!inYear(year, new Date(Date.UTC(year, 0, 1)))) return 0;
  let fires = 0;
  for (let day = new Date(Date.UTC(year, 0, 1)); day.getUTCFullYear() === year; day = new Date(day.getTime() + 86_400_000)) {
    if (!month(day.getUTCMonth() + 1, day) || !dayOfMonth(day.getUTCDate(), day) || !dayOfWeek(day.getUTCDay() + 1, day)) continue;
    let minutesToday = 0;
    for (let h = 0; h < 24; h++) if (hour(h, day)) for (let m = 0; m < 60; m++) if (minute(m, day)) minutesToday++;
    fires += minutesToday;
  }
  return fires / 12;
}

/** Average firings per month of `rate(...)` or `cron(...)`. */
export function firesPerMonth(expression: string): number {
  const rate = /^rate\((\d+)\s+(minutes?|hours?|days?)\)$/.exec(expression.trim());
  if (rate) return MINUTES_PER_MONTH / (Number(rate[1]) * RATE_UNITS[rate[2]]);
  const cron = /^cron\((.+)\)$/.exec(expression.trim());
  if (cron) return cronFiresPerMonth(cron[1]);
  const at = /^at\(.+\)$/.exec(expression.trim());
  if (at) return 0;
  throw new Error(`"${expression}" is not a schedule expression; expected rate(N unit), cron(...) or at(...)`);
}
