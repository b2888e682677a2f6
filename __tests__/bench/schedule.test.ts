import { MINUTES_PER_MONTH, firesPerMonth } from '../../bench/lib/schedule';

describe('schedule expressions per month', () => {
  it('counts rate expressions exactly', () => {
    expect(firesPerMonth('rate(4 hours)')).toBeCloseTo(MINUTES_PER_MONTH / 240, 6);
    expect(firesPerMonth('rate(5 minutes)')).toBeCloseTo(8766, 6);
    expect(firesPerMonth('rate(1 day)')).toBeCloseTo(365.25 / 12, 6);
  });

  it('counts cron expressions over a year', () => {
    expect(firesPerMonth('cron(5 0 1 * ? *)')).toBe(1);
    // 2027 has 261 weekdays.
    expect(firesPerMonth('cron(0 12 ? * MON-FRI *)')).toBeCloseTo(261 / 12, 6);
    expect(firesPerMonth('cron(0/15 * * * ? *)')).toBeCloseTo((365 * 24 * 4) / 12, 6);
    expect(firesPerMonth('cron(0 0 L * ? *)')).toBe(1);
  });

  it('rejects what it cannot price', () => {
    expect(() => firesPerMonth('every hour')).toThrow(/not a schedule expression/);
    expect(() => firesPerMonth('cron(0 0 1W * ? *)')).toThrow(/not supported/);
    expect(() => firesPerMonth('cron(0 0 * *)')).toThrow(/6 fields/);
  });
});
