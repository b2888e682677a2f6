/** The forecast benchmark's generator and baseline (the figures themselves are in bench/RESULTS.md). */
import { GPU_ALLOWANCE_SECONDS, GPU_HOURLY_USD, generateHistory, runtimeDailyUsd } from '../../bench/lib/cost-months';
import { naiveForecast } from '../../bench/lib/naive-forecast';
import { forecastAccuracyMarkdown, runForecastAccuracy, withSection } from '../../bench/forecast-accuracy';
import { chargeKindOf } from '../../core/forecast/record-types';

const MONTHS = ['2026-01', '2026-02', '2026-03'];

describe('generateHistory', () => {
  const h = generateHistory({ seed: 7, accounts: 80, months: MONTHS });

  it('is the same for the same seed', () => {
    expect(generateHistory({ seed: 7, accounts: 80, months: MONTHS }).lines).toEqual(h.lines);
  });

  it('has fees on the 1st, tax and support at month end, credits, Savings Plan negations and weekday/weekend usage', () => {
    const types = (pred: (day: string) => boolean) => new Set(h.lines.filter((l) => pred(l.day)).map((l) => l.recordType));
    expect([...types((d) => d.endsWith('-01'))]).toEqual(expect.arrayContaining(['Fee', 'RIFee', 'SavingsPlanRecurringFee', 'Usage']));
    expect([...types((d) => d === '2026-01-31')]).toEqual(expect.arrayContaining(['Tax', 'Support fee']));
    expect([...types(() => true)]).toEqual(expect.arrayContaining(['Credit', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation']));
    const usageOn = (dow: number[]) => {
      const xs = h.lines.filter((l) => l.accountId === h.accounts[0].id && l.recordType === 'Usage' && dow.includes(new Date(`${l.day}T00:00:00Z`).getUTCDay()) && !l.day.endsWith('-01'));
      return xs.reduce((s, l) => s + l.usd, 0) / xs.length;
    };
    expect(usageOn([0, 6])).toBeLessThan(usageOn([1, 2, 3, 4, 5]));
    expect(h.lines.every((l) => l.kind === chargeKindOf(l.recordType))).toBe(true);
  });

  it('has real overruns from mid-month and GPU starts whose allowance stops them', () => {
    expect(h.truths.filter((t) => t.overrunStart).length).toBeGreaterThan(5);
    const gpu = h.truths.find((t) => t.gpuStart)!;
    const start = new Date(gpu.gpuStart!);
    const hourIn = new Date(start.getTime() + 3600_000);
    expect(h.running(gpu.accountId, hourIn, true)).toEqual([{
      name: 'gpu-training', pricesUsd: [GPU_HOURLY_USD], remainingSeconds: GPU_ALLOWANCE_SECONDS - 3600,
      dailyUsd: runtimeDailyUsd(start.getTime(), hourIn.getTime(), GPU_HOURLY_USD),
    }]);
    expect(h.running(gpu.accountId, hourIn, false)[0]).toMatchObject({ remainingSeconds: null });
    expect(h.running(gpu.accountId, hourIn, false)[0].dailyUsd).toBeUndefined();
    // Stopped by the meter: nothing runs, and the ledger keeps what it cost per day (1,000 minutes × $32.77/h).
    const [after] = h.running(gpu.accountId, new Date(start.getTime() + GPU_ALLOWANCE_SECONDS * 1000 + 1), true);
    expect(after).toMatchObject({ pricesUsd: [], remainingSeconds: 0 });
    expect(Object.values(after.dailyUsd ?? {}).reduce((a, b) => a + b, 0)).toBeCloseTo((1000 / 60) * GPU_HOURLY_USD, 6);
    expect(runtimeDailyUsd(Date.parse('2026-11-14T20:00:00Z'), Date.parse('2026-11-15T02:00:00Z'), 10)).toEqual({ '2026-11-14': 40, '2026-11-15': 20 });
  });
});

it('the naive baseline is the forecast that shut web-service down on the 2nd ($38.50, 321 %)', () => {
  const charges = [
    { day: '2026-11-01', recordType: 'Usage', kind: 'usage' as const, usd: 0.3, estimated: false },
    { day: '2026-11-01', recordType: 'Fee', kind: 'fee' as const, usd: 1, estimated: false },
    { day: '2026-11-02', recordType: 'Usage', kind: 'usage' as const, usd: 0.15, estimated: true },
  ];
  expect(naiveForecast({ charges, now: new Date('2026-11-02T12:00:00Z') }).forecastUsd).toBe(38.5);
});

it('runs both forecasters side by side and renders the table; its section replaces the old one in RESULTS.md', async () => {
  const r = await runForecastAccuracy({ seed: 11, accounts: 25 });
  expect(r.forecasters.map((f) => f.name)).toEqual([expect.stringMatching(/^this forecaster/), 'naive run-rate (before)']);
  const [ours, naive] = r.forecasters;
  expect(ours.falseDestructive).toBe(0);
  expect(ours.gpuMonthsDestructive).toBe(0);
  expect(naive.falseDestructive).toBeGreaterThan(0);
  // Runtime-bound spend out of the rate, the newest complete day trusted: most overruns are Over within 4 h of their first complete day.
  expect(ours.overWithinOnePeriodOfData).toBeGreaterThan(ours.overrunMonths / 2);
  expect(ours.hoursToOverAfterData.median).toBeLessThanOrEqual(r.everyHours);
  const md = forecastAccuracyMarkdown(r);
  expect(md).toContain('| false Critical/Shutdown escalations |');
  const once = withSection('# Benchmark results\n\n## Other\n', md, 'now');
  expect(withSection(once, 'second', 'later')).toBe('# Benchmark results\n\n## Other\n\n<!-- forecast-accuracy -->\n## Forecast accuracy\n\nMeasured later.\n\nsecond\n<!-- /forecast-accuracy -->\n');
}, 60_000);
