import fc from 'fast-check';
import { BUDGET_STATES, computeState, severity } from '../../core/budget/state';
import { DEFAULT_STATES } from '../../core/catalog/defaults';
import type { StateThresholds } from '../../core/catalog/types';

const T = DEFAULT_STATES;

describe('computeState (docs/architecture.md#budget-states, default thresholds)', () => {
  it.each([
    // target, actual, forecast, expected
    [1000, null, null, 'unknown'],
    [1000, 1001, 1001, 'over'],
    [1000, 1000, 1000, 'on-target'],
    [1000, 500, 1000, 'on-target'],
    [1000, 500, 1000.01, 'over'],
    [1000, 100, 800, 'on-target'],
    [1000, 100, 799.99, 'under'],
    [1000, 5, 20, 'unused'],
    [1000, 5, 20.01, 'under'],
    [1000, 0, 0, 'unused'],
    [1000, 1100, 1100, 'critical'],
    [1000, 1099, 1299, 'over'],
    [1000, 600, 1300, 'critical'],
    [1000, 1250, 1250, 'shutdown'],
    [1000, 1249, 1599, 'critical'],
    [1000, 700, 1600, 'shutdown'],
    [5000, 5612, 7100, 'critical'],
    [12, 15, 15, 'shutdown'],
  ] as const)('T=%p A=%p F=%p → %p', (targetUsd, actualUsd, forecastUsd, expected) => {
    expect(computeState({ targetUsd, actualUsd, forecastUsd }, T)).toBe(expected);
  });

  it('treats a missing forecast as the actual, and never lets the forecast fall below the actual', () => {
    expect(computeState({ targetUsd: 1000, actualUsd: 1001 }, T)).toBe('over');
    expect(computeState({ targetUsd: 1000, actualUsd: 900, forecastUsd: 10 }, T)).toBe('on-target');
  });

  it('applies per-account thresholds', () => {
    const strict: StateThresholds = { ...T, critical: { actualPct: 101, forecastPct: 102 } };
    expect(computeState({ targetUsd: 1000, actualUsd: 1010, forecastUsd: 1010 }, strict)).toBe('critical');
    expect(computeState({ targetUsd: 1000, actualUsd: 1010, forecastUsd: 1010 }, T)).toBe('over');
  });
});

describe('computeState properties', () => {
  const money = fc.double({ min: 0, max: 1e7, noNaN: true, noDefaultInfinity: true });
  const target = fc.double({ min: 0.01, max: 1e6, noNaN: true, noDefaultInfinity: true });

  it('more actual or forecast spend never gives a lower state', () => {
    fc.assert(fc.property(target, money, money, money, money, (t, a, f, da, df) => {
      const before = computeState({ targetUsd: t, actualUsd: a, forecastUsd: f }, T);
      const after = computeState({ targetUsd: t, actualUsd: a + da, forecastUsd: f + df }, T);
      return severity(after) >= severity(before);
    }), { numRuns: 2000 });
  });

  it('scaling T, A and F by the same factor never changes the state', () => {
    // Powers of two scale doubles exactly, so the property is tested without rounding noise.
    const factor = fc.integer({ min: -20, max: 20 }).map((e) => 2 ** e);
    fc.assert(fc.property(target, money, money, factor, (t, a, f, k) => {
      const base = computeState({ targetUsd: t, actualUsd: a, forecastUsd: f }, T);
      return computeState({ targetUsd: t * k, actualUsd: a * k, forecastUsd: f * k }, T) === base;
    }), { numRuns: 2000 });
  });

  it('every state is reachable', () => {
    const seen = new Set<string>();
    for (const [a, f] of [[null, null], [0, 0], [100, 500], [500, 900], [1001, 1001], [1100, 1100], [1300, 1300]] as const) {
      seen.add(computeState({ targetUsd: 1000, actualUsd: a, forecastUsd: f }, T));
    }
    expect([...seen].sort()).toEqual([...BUDGET_STATES].sort());
  });
});
