/** The runtime-overrun benchmark's measuring stick (bench/runtime-overrun.ts): exact on hand-made months. */
import { dailyBudget, incrementsAndAlarm, overrunOf, predictiveStop, runRuntimeOverrun, trueExhaustion } from '../../bench/runtime-overrun';
import { seededRandom } from '../../bench/lib/random';
import { monthStart } from '../../core/runtime/month';

const T = monthStart('2026-11') + 2 * 86400 + 3600; // Tuesday 01:00 UTC
const sessions = [
  { instanceId: 'i-0p4d', start: T, end: T + 8 * 3600 },
  { instanceId: 'i-0g5a', start: T + 3600, end: T + 5 * 3600 },
];

describe('runtime overrun simulation', () => {
  it('finds the true exhaustion instant with overlapping sessions', () => {
    // 3,600 s alone, then two burn: 7,200 s allowance is gone 1,800 s later.
    expect(trueExhaustion(sessions, 7200)).toBe(T + 3600 + 1800);
    expect(trueExhaustion(sessions, 100 * 3600)).toBeNull();
  });

  it('measures overrun in instance-seconds and dollars, negative when stopped early', () => {
    const exhausted = T + 5400;
    const late = overrunOf(sessions, 7200, exhausted, exhausted + 60);
    expect(late.seconds).toBe(120);
    expect(late.usd).toBeCloseTo((60 * 32.7726 + 60 * 5.672) / 3600, 6);
    expect(overrunOf(sessions, 7200, exhausted, exhausted - 30)).toEqual({ seconds: -60, usd: 0 });
  });

  it('stops within the goal with this design, later with increments, much later with a daily budget', () => {
    const exhausted = T + 5400;
    const c = predictiveStop(sessions, 7200, seededRandom(1));
    const a = incrementsAndAlarm(sessions, 7200, seededRandom(1));
    const b = dailyBudget(sessions, 7200);
    expect(c).not.toBeNull();
    expect(Math.abs(overrunOf(sessions, 7200, exhausted, c as number).seconds)).toBeLessThanOrEqual(60);
    expect(overrunOf(sessions, 7200, exhausted, a as number).seconds).toBeGreaterThan(60);
    expect(b).toBe(monthStart('2026-11') + 2 * 86400 + 6 * 3600 + 60);
  });

  it('summarises a run as JSON and a Markdown table', async () => {
    const r = await runRuntimeOverrun({ months: 12, write: false });
    expect(r.designs.map((d) => d.design)).toEqual(['(a) 5-min increments + alarm', '(b) daily-refreshed budget', '(c) predictive stop (this design)']);
    expect(r.markdown).toContain('| (c) predictive stop (this design) |');
    const [a, b, c] = r.designs;
    expect(c.maxOverrunMinutes).toBeLessThanOrEqual(1);
    expect(c.medianOverrunUsd).toBeLessThan(a.medianOverrunUsd);
    expect(a.medianOverrunUsd).toBeLessThan(b.medianOverrunUsd);
  });
});
