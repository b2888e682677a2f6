/**
 * Evidence before destruction: a forecast alone reaches Critical/Shutdown only after
 * `forecastMinDays` complete days of usage; actual spend counts at once; a $0 target has its own
 * states; every assessment says what decided it.
 */
import fc from 'fast-check';
import { assessState, severity } from '../../core/budget/state';
import { DEFAULT_STATES } from '../../core/catalog/defaults';

const T = DEFAULT_STATES;

describe('assessState: evidence rules (default thresholds, forecastMinDays 3)', () => {
  it.each([
    // completeDays, actual, forecast → state, decidedBy
    [1, 20, 1700, 'over', 'forecast'],
    [2, 30, 1700, 'over', 'forecast'],
    [3, 45, 1700, 'shutdown', 'forecast'],
    [2, 1250, 1700, 'shutdown', 'actual'],
    [2, 1100, 1700, 'critical', 'actual'],
    [0, 1001, 1001, 'over', 'actual'],
    [10, 500, 900, 'on-target', 'forecast'],
  ] as const)('day %p: A=%p F=%p of 1000 → %p by %p', (completeDays, actualUsd, forecastUsd, state, decidedBy) => {
    expect(assessState({ targetUsd: 1000, actualUsd, forecastUsd, completeDays }, T)).toMatchObject({ state, decidedBy });
  });

  it('says which state the forecast pointed to when it was held at Over', () => {
    expect(assessState({ targetUsd: 1000, actualUsd: 20, forecastUsd: 1700, completeDays: 1 }, T)).toEqual({ state: 'over', decidedBy: 'forecast', heldFrom: 'shutdown' });
    expect(assessState({ targetUsd: 1000, actualUsd: 20, forecastUsd: 1700, completeDays: 1 }, { ...T, forecastMinDays: 0 })).toEqual({ state: 'shutdown', decidedBy: 'forecast' });
  });

  it('reaches Critical/Shutdown on forecast only as far as the confirmed (two-day) rate goes; Over on the newest day alone', () => {
    const rise = { targetUsd: 1000, actualUsd: 400, forecastUsd: 1700, completeDays: 10 };
    expect(assessState({ ...rise, confirmedForecastUsd: 800 }, T)).toEqual({ state: 'over', decidedBy: 'forecast', heldFrom: 'shutdown' });
    expect(assessState({ ...rise, confirmedForecastUsd: 1350 }, T)).toEqual({ state: 'critical', decidedBy: 'forecast', heldFrom: 'shutdown' });
    expect(assessState({ ...rise, confirmedForecastUsd: 1650 }, T)).toEqual({ state: 'shutdown', decidedBy: 'forecast' });
    // Actual spend is never held back by it.
    expect(assessState({ ...rise, actualUsd: 1300, confirmedForecastUsd: 0 }, T)).toMatchObject({ state: 'shutdown', decidedBy: 'actual' });
  });

  it('names running instances when the state would be lower without them', () => {
    expect(assessState({ targetUsd: 5000, actualUsd: 1500, baseForecastUsd: 3050, forecastUsd: 7500, completeDays: 14 }, T))
      .toMatchObject({ state: 'critical', decidedBy: 'running-instances' });
    expect(assessState({ targetUsd: 5000, actualUsd: 1500, baseForecastUsd: 7000, forecastUsd: 7100, completeDays: 14 }, T))
      .toMatchObject({ state: 'critical', decidedBy: 'forecast' });
  });

  it('never lowers a state as complete days accumulate with the same figures', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 3000, noNaN: true }), fc.double({ min: 0, max: 3000, noNaN: true }), fc.integer({ min: 0, max: 27 }), (a, f, d) => {
      const early = assessState({ targetUsd: 1000, actualUsd: a, forecastUsd: f, completeDays: d }, T);
      const later = assessState({ targetUsd: 1000, actualUsd: a, forecastUsd: f, completeDays: d + 1 }, T);
      return severity(later.state) >= severity(early.state) && (d >= 3 || severity(early.state) <= severity('over') || early.decidedBy === 'actual');
    }), { numRuns: 1000 });
  });
});

describe('assessState: a $0 target', () => {
  it('is Unused with no spend, not Shutdown (0 ≥ 125 % × 0 is no evidence of anything)', () => {
    expect(assessState({ targetUsd: 0, actualUsd: 0, forecastUsd: 0, completeDays: 17 }, T)).toEqual({ state: 'unused', decidedBy: 'actual' });
  });

  it('is Over at any spend, and never Critical or Shutdown', () => {
    expect(assessState({ targetUsd: 0, actualUsd: 0.01, forecastUsd: 0.02, completeDays: 1 }, T)).toEqual({ state: 'over', decidedBy: 'actual' });
    expect(assessState({ targetUsd: 0, actualUsd: 5000, forecastUsd: 90000, completeDays: 20 }, T)).toEqual({ state: 'over', decidedBy: 'actual' });
    expect(assessState({ targetUsd: 0, actualUsd: 0, baseForecastUsd: 0, forecastUsd: 546, completeDays: 5 }, T)).toEqual({ state: 'over', decidedBy: 'running-instances' });
    expect(assessState({ targetUsd: 0, actualUsd: 0.004, forecastUsd: 0.004 }, T).state).toBe('unused');
  });
});
