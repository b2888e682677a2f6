import fc from 'fast-check';
import { computeState, severity } from '../../core/budget/state';
import { DailyCost, costQueryWindow, daysLeftInMonth, forecastMonth, parseDailyCosts } from '../../core/forecast';

const row = (day: string, groups: [string, string][], estimated = false) => ({
  TimePeriod: { Start: day, End: day },
  Estimated: estimated,
  Groups: groups.map(([id, amount]) => ({ Keys: [id], Metrics: { UnblendedCost: { Amount: amount, Unit: 'USD' } } })),
});

describe('parseDailyCosts', () => {
  it('groups rows per account and day across pages, adding a day split over two pages', () => {
    const parsed = parseDailyCosts([
      [row('2026-11-01', [['222222222222', '10.5'], ['444444444444', '3']]), row('2026-11-02', [['222222222222', '1.25']])],
      [row('2026-11-02', [['222222222222', '0.75'], ['444444444444', '4']], true)],
    ]);
    expect(parsed.hasData).toBe(true);
    expect(parsed.byAccount.get('222222222222')).toEqual([
      { day: '2026-11-01', usd: 10.5, estimated: false },
      { day: '2026-11-02', usd: 2, estimated: true },
    ]);
    expect(parsed.byAccount.get('444444444444')?.map((d) => d.usd)).toEqual([3, 4]);
  });

  it('reports no data when Cost Explorer returned no group at all', () => {
    expect(parseDailyCosts([[row('2026-11-01', [])]]).hasData).toBe(false);
    expect(parseDailyCosts([]).hasData).toBe(false);
  });

  it('fails naming the problem on rows that are not daily per-account costs', () => {
    expect(() => parseDailyCosts([[row('2026-11', [['222222222222', '1']])]])).toThrow(/not yyyy-mm-dd; the query must use Granularity DAILY/);
    expect(() => parseDailyCosts([[row('2026-11-01', [['AmazonEC2', '1']])]])).toThrow(/"AmazonEC2" is not an account id; the query must group by DIMENSION LINKED_ACCOUNT/);
    expect(() => parseDailyCosts([[row('2026-11-01', [['222222222222', 'n/a']])]])).toThrow(/222222222222 on 2026-11-01 has no numeric UnblendedCost.Amount/);
  });
});

describe('costQueryWindow', () => {
  it('asks for the month to date including today (End is exclusive)', () => {
    expect(costQueryWindow(new Date('2026-11-18T12:00:00Z'))).toEqual({ Start: '2026-11-01', End: '2026-11-19' });
    expect(costQueryWindow(new Date('2026-11-01T00:10:00Z'))).toEqual({ Start: '2026-11-01', End: '2026-11-02' });
    expect(costQueryWindow(new Date('2026-12-31T23:00:00Z'))).toEqual({ Start: '2026-12-01', End: '2027-01-01' });
  });
});

const days = (from: number, to: number, usd: number, month = '2026-11'): DailyCost[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ day: `${month}-${String(from + i).padStart(2, '0')}`, usd, estimated: false }));

describe('forecastMonth', () => {
  const now = new Date('2026-11-18T12:00:00Z'); // 12.5 days left in November

  it('is actual plus the recent run-rate over the days left', () => {
    // Days 1-10 at $10, days 11-17 at $100 (the last 7 complete days), today so far $40.
    const daily = [...days(1, 10, 10), ...days(11, 17, 100), { day: '2026-11-18', usd: 40, estimated: true }];
    const f = forecastMonth({ daily, now, runningHourlyUsd: 0 });
    expect(f.actualUsd).toBe(100 + 700 + 40);
    expect(f.runRateUsdPerDay).toBe(100);
    expect(f.daysLeft).toBe(12.5);
    expect(f.forecastUsd).toBe(840 + 1250);
  });

  it('counts days without a row as zero in the run-rate', () => {
    const f = forecastMonth({ daily: days(11, 11, 70), now, runningHourlyUsd: 0 });
    expect(f.runRateUsdPerDay).toBe(10);
    expect(f.forecastUsd).toBe(70 + 125);
  });

  it('adds the hourly price of running costly instances over the hours left', () => {
    const f = forecastMonth({ daily: days(1, 17, 100), now, runningHourlyUsd: 32.77 });
    expect(f.runningUsd).toBe(Math.round(32.77 * 300 * 100) / 100);
    expect(f.forecastUsd).toBe(Math.round((1700 + 1250 + 32.77 * 300) * 100) / 100);
  });

  it('ignores rows of other months', () => {
    const f = forecastMonth({ daily: [...days(25, 31, 1000, '2026-10'), ...days(1, 17, 10)], now, runningHourlyUsd: 0 });
    expect(f.actualUsd).toBe(170);
  });

  it('on the 1st spreads today\'s partial figures over at least a day', () => {
    const first = new Date('2026-11-01T06:00:00Z');
    const f = forecastMonth({ daily: [{ day: '2026-11-01', usd: 12, estimated: true }], now: first, runningHourlyUsd: 0 });
    expect(f.runRateUsdPerDay).toBe(12);
    expect(f.forecastUsd).toBe(Math.round((12 + 12 * daysLeftInMonth(first)) * 100) / 100);
  });

  it('refuses nonsense inputs', () => {
    expect(() => forecastMonth({ daily: [], now, runningHourlyUsd: -1 })).toThrow(/runningHourlyUsd must be 0 or more/);
    expect(() => forecastMonth({ daily: [], now, runningHourlyUsd: 0, runRateDays: 0 })).toThrow(/runRateDays must be at least 1/);
  });

  it('never forecasts below the actual, and more running instances never lower the state', () => {
    const states = { unusedPct: 2, underPct: 80, critical: { actualPct: 110, forecastPct: 130 }, shutdown: { actualPct: 125, forecastPct: 160 } };
    fc.assert(fc.property(
      fc.array(fc.double({ min: 0, max: 5000, noNaN: true }), { minLength: 1, maxLength: 30 }),
      fc.integer({ min: 0, max: 29 * 24 }),
      fc.double({ min: 0, max: 100, noNaN: true }),
      fc.double({ min: 0, max: 100, noNaN: true }),
      (amounts, hour, hourly, extra) => {
        const at = new Date(Date.UTC(2026, 10, 1) + hour * 3600_000);
        const daily = amounts.slice(0, at.getUTCDate()).map((usd, i) => ({ day: `2026-11-${String(i + 1).padStart(2, '0')}`, usd, estimated: false }));
        const a = forecastMonth({ daily, now: at, runningHourlyUsd: hourly });
        const b = forecastMonth({ daily, now: at, runningHourlyUsd: hourly + extra });
        expect(a.forecastUsd).toBeGreaterThanOrEqual(a.actualUsd - 0.01);
        expect(b.forecastUsd).toBeGreaterThanOrEqual(a.forecastUsd);
        const sa = computeState({ targetUsd: 20000, actualUsd: a.actualUsd, forecastUsd: a.forecastUsd }, states);
        const sb = computeState({ targetUsd: 20000, actualUsd: b.actualUsd, forecastUsd: b.forecastUsd }, states);
        expect(severity(sb)).toBeGreaterThanOrEqual(severity(sa));
      },
    ), { numRuns: 200 });
  });
});
