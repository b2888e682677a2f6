import fc from 'fast-check';
import { computeState, severity } from '../../core/budget/state';
import { DEFAULT_STATES } from '../../core/catalog/defaults';
import {
  DailyCharge, chargeKindOf, chargesOf, costQueryWindow, daysLeftInMonth, forecastMonth, parseCostAndUsage, runningTerms,
} from '../../core/forecast';

const DS = '222222222222';
const WEB = '333333333333';

/** A ResultByTime as GetCostAndUsage returns it when grouped by LINKED_ACCOUNT and RECORD_TYPE. */
const row = (day: string, groups: [string, string, string][], estimated = false, metric = 'UnblendedCost') => ({
  TimePeriod: { Start: day, End: day },
  Total: {},
  Estimated: estimated,
  Groups: groups.map(([id, recordType, amount]) => ({ Keys: [id, recordType], Metrics: { [metric]: { Amount: amount, Unit: 'USD' } } })),
});

describe('chargeKindOf: Cost Explorer RECORD_TYPE values', () => {
  it.each([
    ['Usage', 'usage'], ['DiscountedUsage', 'usage'], ['SavingsPlanCoveredUsage', 'usage'], ['SavingsPlanNegation', 'usage'],
    ['Enterprise Discount Program Discount', 'usage'], ['EdpDiscount', 'usage'], ['Distributor Discount', 'usage'], ['BundledDiscount', 'usage'],
    ['Fee', 'fee'], ['Recurring Fee', 'fee'], ['RIFee', 'fee'], ['Recurring reservation fee', 'fee'], ['Upfront reservation fee', 'fee'],
    ['SavingsPlanRecurringFee', 'fee'], ['SavingsPlanUpfrontFee', 'fee'], ['Support fee', 'fee'], ['Support', 'fee'],
    ['Tax', 'tax'], ['Credit', 'credit'], ['Refund', 'refund'],
  ] as const)('%s is %s', (recordType, kind) => {
    expect(chargeKindOf(recordType)).toBe(kind);
  });

  it('treats a record type it does not know as a known amount, never a rate', () => {
    expect(chargeKindOf('Marketplace Contract Fee 2031')).toBe('fee');
  });
});

describe('parseCostAndUsage', () => {
  it('keeps each record type of an account per day, adding a key split over two pages', () => {
    const parsed = parseCostAndUsage([
      [row('2026-11-01', [[WEB, 'Fee', '1'], [WEB, 'Usage', '0.2987'], [DS, 'Usage', '99.12']]), row('2026-11-02', [[WEB, 'Usage', '0.25']])],
      [row('2026-11-02', [[WEB, 'Usage', '0.125'], [DS, 'Credit', '-25']], true)],
    ]);
    expect(parsed.hasData).toBe(true);
    expect(chargesOf(parsed, WEB, 'UnblendedCost')).toEqual([
      { day: '2026-11-01', recordType: 'Fee', kind: 'fee', usd: 1, estimated: false },
      { day: '2026-11-01', recordType: 'Usage', kind: 'usage', usd: 0.2987, estimated: false },
      { day: '2026-11-02', recordType: 'Usage', kind: 'usage', usd: 0.375, estimated: true },
    ]);
    expect(chargesOf(parsed, DS, 'UnblendedCost').map((c) => c.kind)).toEqual(['usage', 'credit']);
    expect(chargesOf(parsed, '444444444444', 'UnblendedCost')).toEqual([]);
  });

  it('reads every metric asked for from the same rows', () => {
    const both = {
      TimePeriod: { Start: '2026-11-01', End: '2026-11-02' },
      Groups: [{ Keys: [DS, 'RIFee'], Metrics: { UnblendedCost: { Amount: '730', Unit: 'USD' }, AmortizedCost: { Amount: '24.33', Unit: 'USD' } } }],
    };
    const parsed = parseCostAndUsage([[both]], ['AmortizedCost', 'UnblendedCost']);
    expect(chargesOf(parsed, DS, 'UnblendedCost')[0].usd).toBe(730);
    expect(chargesOf(parsed, DS, 'AmortizedCost')[0].usd).toBe(24.33);
    expect(() => chargesOf(parsed, DS, 'NetUnblendedCost')).toThrow(/has no NetUnblendedCost; the query must ask for every metric/);
  });

  it('reports no data when Cost Explorer returned no group at all', () => {
    expect(parseCostAndUsage([[row('2026-11-01', [])]]).hasData).toBe(false);
    expect(parseCostAndUsage([]).hasData).toBe(false);
  });

  it('fails naming the problem on rows that are not daily per-account, per-record-type costs', () => {
    expect(() => parseCostAndUsage([[row('2026-11', [[DS, 'Usage', '1']])]])).toThrow(/not yyyy-mm-dd; the query must use Granularity DAILY/);
    expect(() => parseCostAndUsage([[row('2026-11-01', [['AmazonEC2', 'Usage', '1']])]])).toThrow(/"AmazonEC2" is not an account id; the query must group by DIMENSION LINKED_ACCOUNT/);
    const oneKey = { TimePeriod: { Start: '2026-11-01' }, Groups: [{ Keys: [DS], Metrics: { UnblendedCost: { Amount: '1' } } }] };
    expect(() => parseCostAndUsage([[oneKey]])).toThrow(/must group by DIMENSION LINKED_ACCOUNT and DIMENSION RECORD_TYPE/);
    expect(() => parseCostAndUsage([[row('2026-11-01', [[DS, 'Usage', 'n/a']])]])).toThrow(/222222222222 \(Usage\) on 2026-11-01 has no numeric UnblendedCost.Amount/);
  });
});

describe('costQueryWindow', () => {
  it('asks for the month to date including today (End is exclusive)', () => {
    expect(costQueryWindow(new Date('2026-11-18T12:00:00Z'))).toEqual({ Start: '2026-11-01', End: '2026-11-19' });
    // Early in a month it reaches 8 days back, so the run-rate has complete days of usage.
    expect(costQueryWindow(new Date('2026-11-01T00:10:00Z'))).toEqual({ Start: '2026-10-24', End: '2026-11-02' });
    expect(costQueryWindow(new Date('2026-11-05T10:00:00Z'))).toEqual({ Start: '2026-10-28', End: '2026-11-06' });
    expect(costQueryWindow(new Date('2026-12-31T23:00:00Z'))).toEqual({ Start: '2026-12-01', End: '2027-01-01' });
  });
});

const charge = (day: string, usd: number, recordType = 'Usage'): DailyCharge => ({ day, recordType, kind: chargeKindOf(recordType), usd, estimated: false });
const days = (from: number, to: number, usd: number, month = '2026-11', recordType = 'Usage'): DailyCharge[] =>
  Array.from({ length: to - from + 1 }, (_, i) => charge(`${month}-${String(from + i).padStart(2, '0')}`, usd, recordType));
const gpu = (remainingSeconds: number | null, pricesUsd = [32.77]) => [{ name: 'gpu-training', pricesUsd, remainingSeconds }];

describe('forecastMonth', () => {
  const now = new Date('2026-11-18T12:00:00Z'); // 12.5 days left in November, 17 complete days

  it('is actual plus the recent usage run-rate over the days left', () => {
    // Days 1-10 at $10, days 11-17 at $100 (the last 7 complete days), today so far $40.
    const charges = [...days(1, 10, 10), ...days(11, 17, 100), { ...charge('2026-11-18', 40), estimated: true }];
    const f = forecastMonth({ charges, now });
    expect(f.actualUsd).toBe(100 + 700 + 40);
    expect(f.runRateUsdPerDay).toBe(100);
    expect(f.daysLeft).toBe(12.5);
    expect(f.completeDays).toBe(17);
    expect(f.forecastUsd).toBe(840 + 1250);
  });

  it('counts days without a row as zero; a one-off day is averaged, and never confirms a rise for Critical/Shutdown', () => {
    // One $70 day among seven, the oldest: its mean is the rate; the confirmed rate drops it.
    const one = forecastMonth({ charges: days(11, 11, 70), now });
    expect(one).toMatchObject({ runRateUsdPerDay: 10, confirmedRateUsdPerDay: 0, confirmedForecastUsd: 70 });
    // Two days: mean 20; confirmed (140 - 70) / 6.
    const f = forecastMonth({ charges: days(11, 12, 70), now });
    expect(f.runRateUsdPerDay).toBe(20);
    expect(f.confirmedRateUsdPerDay).toBe(11.67);
    expect(f.forecastUsd).toBe(140 + 20 * 12.5);
    expect(f.confirmedForecastUsd).toBe(Math.round((140 + (70 / 6) * 12.5) * 100) / 100);
  });

  it('a rise is the rate from its first complete day: usage tripled from the 10th', () => {
    // $100/day, $300 from the 10th; the first evaluation after the 10th is complete (03:59 on the 11th).
    const at = new Date('2026-11-11T03:59:00Z');
    const charges = [...days(1, 9, 100), charge('2026-11-10', 300), { ...charge('2026-11-11', 300 * (239 / 1440)), estimated: true }];
    const f = forecastMonth({ charges, now: at });
    expect(f.runRateUsdPerDay).toBe(300);
    // Critical/Shutdown wait for a second day: the confirmed rate drops the dearest day.
    expect(f.confirmedRateUsdPerDay).toBe(100);
    expect(f.forecastUsd).toBeCloseTo(f.actualUsd + 300 * f.daysLeft, 1);
  });

  it('takes each day\'s runtime-bound spend (runtime ledger) out of that day\'s usage before the rate', () => {
    // Yesterday a p4d.24xlarge ran its 1,000 allowed minutes ($546.17) on top of $100 of usage.
    const job = Math.round((1000 / 60) * 32.77 * 100) / 100;
    const charges = [...days(1, 16, 100), charge('2026-11-17', 100 + job)];
    const without = forecastMonth({ charges, now });
    expect(without.runRateUsdPerDay).toBe(646.17);
    const finished = [{ name: 'gpu-training', pricesUsd: [], remainingSeconds: 0, dailyUsd: { '2026-11-17': job } }];
    const f = forecastMonth({ charges, now, running: finished });
    expect(f).toMatchObject({ runRateUsdPerDay: 100, runtimeUsdOutOfRate: job, runningUsd: 0, forecastUsd: Math.round((1700 + job + 1250) * 100) / 100 });
    // Billed lower than the ledger's price (a Savings Plan covered it): the day goes to 0, never below.
    expect(forecastMonth({ charges: [charge('2026-11-17', 10)], now, running: finished }).runRateUsdPerDay).toBe(0);
    expect(() => forecastMonth({ charges, now, running: [{ ...finished[0], dailyUsd: { '2026-11-17': -1 } }] })).toThrow(/gpu-training: spend -1 on 2026-11-17/);
  });

  it('early in a month uses the previous month\'s last complete days, from where the data starts', () => {
    const second = new Date('2026-11-02T12:00:00Z');
    const charges = [...days(24, 31, 30, '2026-10'), charge('2026-10-31', 500, 'Tax'), charge('2026-11-01', 40), charge('2026-11-01', 300, 'Usage')];
    // Oct 25-31 at $30 (the query reaches 8 days back; the 1st, with its usage-typed monthly line, is left out).
    const f = forecastMonth({ charges, now: second, dataFrom: '2026-10-24' });
    expect(f).toMatchObject({ actualUsd: 340, runRateUsdPerDay: 30, completeDays: 1 });
    // Without the data start, days before the month are unknown: only the 1st.
    expect(forecastMonth({ charges, now: second }).runRateUsdPerDay).toBe(340);
  });

  it('counts fees, RI and Savings Plan fees, support and tax once, never as a rate', () => {
    const charges = [
      ...days(1, 17, 50), charge('2026-11-01', 730, 'RIFee'), charge('2026-11-01', 292, 'SavingsPlanRecurringFee'),
      charge('2026-11-01', 100, 'Support fee'), charge('2026-11-01', 1, 'Fee'), charge('2026-11-17', 40, 'Tax'),
    ];
    const f = forecastMonth({ charges, now });
    expect(f.usageUsd).toBe(850);
    expect(f.knownUsd).toBe(730 + 292 + 100 + 1 + 40);
    expect(f.runRateUsdPerDay).toBe(50);
    expect(f.forecastUsd).toBe(850 + 1163 + 50 * 12.5);
  });

  it('leaves credits and refunds out unless the account counts them, and never as a rate', () => {
    const charges = [...days(1, 17, 100), ...days(1, 17, -100, '2026-11', 'Credit'), charge('2026-11-05', -30, 'Refund')];
    const gross = forecastMonth({ charges, now });
    expect(gross).toMatchObject({ actualUsd: 1700, creditsUsd: -1730, creditsCounted: false, runRateUsdPerDay: 100, forecastUsd: 1700 + 1250 });
    const net = forecastMonth({ charges, now, includeCredits: true });
    expect(net).toMatchObject({ actualUsd: -30, knownUsd: -1730, runRateUsdPerDay: 100, forecastUsd: 1220 });
  });

  it('nets Savings Plan negations and discounts into the usage rate, never below zero', () => {
    const charges = [...days(11, 17, 10, '2026-11', 'SavingsPlanCoveredUsage'), ...days(11, 17, -10, '2026-11', 'SavingsPlanNegation'), ...days(11, 17, -1, '2026-11', 'Enterprise Discount Program Discount')];
    expect(forecastMonth({ charges, now }).runRateUsdPerDay).toBe(0);
  });

  it('adds the hourly price of running costly instances over the hours left when the allowance does not cap it', () => {
    const f = forecastMonth({ charges: days(1, 17, 100), now, running: gpu(null) });
    expect(f.runningUsd).toBe(Math.round(32.77 * 300 * 100) / 100);
    expect(f.forecastUsd).toBe(Math.round((1700 + 1250 + 32.77 * 300) * 100) / 100);
    expect(f.baseForecastUsd).toBe(2950);
  });

  it('caps a runtime group at its remaining allowance × its hourly price', () => {
    // 1,000 instance-minutes per month, none used: one p4d.24xlarge adds at most 1,000/60 h × $32.77 ≈ $546.17.
    const f = forecastMonth({ charges: days(1, 17, 100), now, running: gpu(1000 * 60) });
    expect(f.running[0]).toMatchObject({ capped: true, usd: (1000 / 60) * 32.77 });
    expect(f.runningUsd).toBe(546.17);
    // Used up: nothing more.
    expect(forecastMonth({ charges: [], now, running: gpu(0) }).runningUsd).toBe(0);
    // Two instances share the allowance: still at most remaining hours × the dearer price.
    expect(runningTerms(gpu(3600, [32.77, 1.006]), 300)[0].usd).toBe(32.77);
  });

  it('ignores rows of other months and days after now', () => {
    const f = forecastMonth({ charges: [...days(25, 31, 1000, '2026-10'), ...days(1, 17, 10), charge('2026-11-19', 999)], now });
    expect(f.actualUsd).toBe(170);
  });

  it('on the 1st spreads today\'s partial usage over at least a day, and leaves the fees out of the rate', () => {
    const first = new Date('2026-11-01T06:00:00Z');
    const f = forecastMonth({ charges: [{ ...charge('2026-11-01', 12), estimated: true }, charge('2026-11-01', 1, 'Fee')], now: first });
    expect(f.runRateUsdPerDay).toBe(12);
    expect(f.completeDays).toBe(0);
    expect(f.forecastUsd).toBe(Math.round((13 + 12 * daysLeftInMonth(first)) * 100) / 100);
  });

  it('refuses nonsense inputs', () => {
    expect(() => forecastMonth({ charges: [], now, running: gpu(null, [-1]) })).toThrow(/hourly price -1 is not 0 or more/);
    expect(() => forecastMonth({ charges: [], now, runRateDays: 0 })).toThrow(/runRateDays must be at least 1/);
  });

  it('never forecasts below the actual, and more running instances never lower the state', () => {
    const states = DEFAULT_STATES;
    fc.assert(fc.property(
      fc.array(fc.double({ min: 0, max: 5000, noNaN: true }), { minLength: 1, maxLength: 30 }),
      fc.integer({ min: 0, max: 29 * 24 }),
      fc.double({ min: 0, max: 100, noNaN: true }),
      fc.double({ min: 0, max: 100, noNaN: true }),
      fc.option(fc.integer({ min: 0, max: 60_000 * 60 }), { nil: null }),
      (amounts, hour, hourly, extra, remaining) => {
        const at = new Date(Date.UTC(2026, 10, 1) + hour * 3600_000);
        const charges = amounts.slice(0, at.getUTCDate()).map((usd, i) => charge(`2026-11-${String(i + 1).padStart(2, '0')}`, usd));
        const a = forecastMonth({ charges, now: at, running: gpu(remaining, [hourly]) });
        const b = forecastMonth({ charges, now: at, running: gpu(remaining, [hourly + extra]) });
        expect(a.forecastUsd).toBeGreaterThanOrEqual(a.actualUsd - 0.01);
        expect(b.forecastUsd).toBeGreaterThanOrEqual(a.forecastUsd);
        if (remaining !== null) expect(a.runningUsd).toBeLessThanOrEqual((remaining / 3600) * hourly + 0.01);
        const sa = computeState({ targetUsd: 20000, actualUsd: a.actualUsd, forecastUsd: a.forecastUsd }, states);
        const sb = computeState({ targetUsd: 20000, actualUsd: b.actualUsd, forecastUsd: b.forecastUsd }, states);
        expect(severity(sb)).toBeGreaterThanOrEqual(severity(sa));
      },
    ), { numRuns: 200 });
  });
});
