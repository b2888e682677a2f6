import * as fc from 'fast-check';
import {
  FOLD_AFTER_SECONDS, MAX_LEDGER_JSON_BYTES, RuntimeLedger, TransitionInput, applyTransition, boundedLedger, carryOver, compact, emptyLedger,
  dailySpendUsd, foldFinished, instanceSeconds,
  runningAt, runningHourlyUsd, usedSeconds,
} from '../../core/runtime/ledger';
import { monthEnd, monthStart } from '../../core/runtime/month';

const MONTH = '2026-11';
const T0 = monthStart(MONTH) + 5 * 86400; // 2026-11-06T00:00:00Z
const fresh = () => emptyLedger('222222222222', MONTH, 'gpu-training', 60_000);

const ev = (instanceId: string, at: number, transition: 'run' | 'stop'): TransitionInput =>
  ({ instanceId, at, transition, source: 'event', region: 'us-east-1' });

const applyAll = (ledger: RuntimeLedger, events: readonly TransitionInput[]) =>
  events.reduce((l, e) => applyTransition(l, e).ledger, ledger);

describe('runtime ledger accounting', () => {
  it('counts exactly the seconds between run and stop, and an open run up to now', () => {
    const l = applyAll(fresh(), [ev('i-a', T0, 'run'), ev('i-a', T0 + 3600, 'stop'), ev('i-b', T0 + 100, 'run')]);
    expect(instanceSeconds(l, 'i-a', T0 + 7200)).toBe(3600);
    expect(instanceSeconds(l, 'i-b', T0 + 7200)).toBe(7100);
    expect(usedSeconds(l, T0 + 7200)).toBe(10_700);
    expect(runningAt(l, T0 + 7200).map((r) => r.instanceId)).toEqual(['i-b']);
  });

  it('ignores a duplicate event and reports it', () => {
    let l = applyAll(fresh(), [ev('i-a', T0, 'run'), ev('i-a', T0 + 600, 'stop')]);
    const dup = applyTransition(l, ev('i-a', T0 + 600, 'stop'));
    expect(dup.outcome).toBe('duplicate');
    l = dup.ledger;
    expect(usedSeconds(l, T0 + 10_000)).toBe(600);
  });

  it('places an out-of-order stop where it belongs: stop delivered before its run', () => {
    const l = applyAll(fresh(), [ev('i-a', T0 + 900, 'stop'), ev('i-a', T0, 'run')]);
    expect(usedSeconds(l, T0 + 5000)).toBe(900);
    expect(runningAt(l, T0 + 5000)).toEqual([]);
  });

  it('counts stopping→stopped and shutting-down→terminated once, from the first stop', () => {
    const l = applyAll(fresh(), [ev('i-a', T0, 'run'), ev('i-a', T0 + 60, 'stop'), ev('i-a', T0 + 95, 'stop')]);
    expect(usedSeconds(l, T0 + 1000)).toBe(60);
  });

  it('gives the same total for any delivery order with duplicates (property)', () => {
    const sessions = fc.array(fc.tuple(fc.constantFrom('i-a', 'i-b', 'i-c'), fc.integer({ min: 0, max: 20 * 86400 }), fc.integer({ min: 1, max: 40_000 })), { maxLength: 12 });
    fc.assert(fc.property(sessions, fc.infiniteStream(fc.nat()), fc.array(fc.nat(), { maxLength: 6 }), (raw, seeds, dups) => {
      // Non-overlapping sessions per instance, in time order.
      const byInstance = new Map<string, number>();
      const events: TransitionInput[] = [];
      let expected = 0;
      for (const [id, gap, length] of raw) {
        const start = (byInstance.get(id) ?? monthStart(MONTH)) + gap + 1;
        const end = start + length;
        if (end >= monthEnd(MONTH)) continue;
        byInstance.set(id, end);
        events.push(ev(id, start, 'run'), ev(id, end, 'stop'));
        expected += length;
      }
      const delivered = [...events, ...dups.filter(() => events.length > 0).map((d) => events[d % events.length])];
      const it = seeds[Symbol.iterator]();
      const shuffled = delivered.map((e) => ({ e, k: it.next().value as number })).sort((a, b) => a.k - b.k).map((x) => x.e);
      const l = applyAll(fresh(), shuffled);
      expect(usedSeconds(l, monthEnd(MONTH))).toBe(expected);
      expect(runningAt(l, monthEnd(MONTH))).toEqual([]);
    }), { numRuns: 200 });
  });

  it('counts only this month: a run from last month starts at the month start; a later event belongs to next month', () => {
    const l = applyAll(fresh(), [ev('i-a', monthStart(MONTH) - 3600, 'run')]);
    expect(usedSeconds(l, monthStart(MONTH) + 60)).toBe(60);
    expect(applyTransition(l, ev('i-a', monthEnd(MONTH) + 5, 'stop')).outcome).toBe('outside-month');
    expect(usedSeconds(l, monthEnd(MONTH) + 999)).toBe(monthEnd(MONTH) - monthStart(MONTH));
  });

  it('carries instances still running into the next month with fresh counters', () => {
    let l = applyAll(fresh(), [ev('i-a', T0, 'run'), ev('i-b', T0, 'run'), ev('i-b', T0 + 10, 'stop')]);
    l = { ...l, crossedPct: [50], alertedPct: [50], limitReachedAt: T0 };
    const next = carryOver(l, '2026-12', 30_000);
    expect(next.crossedPct).toEqual([]);
    expect(next.allowanceSeconds).toBe(30_000);
    expect(runningAt(next, monthStart('2026-12') + 100)).toMatchObject([{ instanceId: 'i-a', since: monthStart('2026-12') }]);
    expect(usedSeconds(next, monthStart('2026-12') + 100)).toBe(100);
  });

  it('compacts old events without changing the total, and reports events older than the fold as too late', () => {
    const l = applyAll(fresh(), [ev('i-a', T0, 'run'), ev('i-a', T0 + 500, 'stop'), ev('i-a', T0 + 1000, 'run'), ev('i-a', T0 + 90_000, 'stop'), ev('i-a', T0 + 95_000, 'run')]);
    const now = T0 + 100_000;
    const c = compact(l, now - FOLD_AFTER_SECONDS);
    expect(c.instances['i-a'].events.length).toBeLessThan(l.instances['i-a'].events.length);
    expect(usedSeconds(c, now)).toBe(usedSeconds(l, now));
    expect(runningAt(c, now)).toEqual(runningAt(l, now));
    expect(applyTransition(c, ev('i-a', T0 + 200, 'stop')).outcome).toBe('too-late');
    // An open run survives folding with its real start.
    const open = compact(applyAll(fresh(), [ev('i-z', T0, 'run')]), T0 + 50_000);
    expect(runningAt(open, T0 + 60_000)).toMatchObject([{ instanceId: 'i-z', since: T0 }]);
    expect(usedSeconds(open, T0 + 60_000)).toBe(60_000);
  });

  it('sums the hourly price of running instances only', () => {
    let l = applyTransition(fresh(), { ...ev('i-a', T0, 'run'), hourlyUsd: 32.77, instanceType: 'p4d.24xlarge' }).ledger;
    l = applyTransition(l, { ...ev('i-b', T0, 'run'), hourlyUsd: 1.006 }).ledger;
    l = applyTransition(l, ev('i-b', T0 + 10, 'stop')).ledger;
    expect(runningHourlyUsd(l, T0 + 20)).toBeCloseTo(32.77);
  });

  it('rejects a non-positive allowance and a malformed month', () => {
    expect(() => emptyLedger('1', MONTH, 'g', 0)).toThrow(/minutesPerMonth/);
    expect(() => emptyLedger('1', '2026-13', 'g', 10)).toThrow(/yyyy-mm/);
  });
});

describe('finished instances folded into the group totals', () => {
  const reconcile = (instanceId: string, at: number, transition: 'run' | 'stop'): TransitionInput =>
    ({ instanceId, at, transition, source: 'reconcile', region: 'us-east-1' });

  it('leave the ledger with their seconds kept; running and recent ones stay', () => {
    const l = applyAll(fresh(), [
      ev('i-done', T0, 'run'), ev('i-done', T0 + 600, 'stop'),
      ev('i-run', T0 + 100, 'run'),
      ev('i-recent', T0 + 200, 'run'), ev('i-recent', T0 + 5000, 'stop'),
    ]);
    const folded = foldFinished(l, T0 + 1000);
    expect(Object.keys(folded.instances).sort()).toEqual(['i-recent', 'i-run']);
    expect(folded.finished).toEqual({ seconds: 600, instances: 1, until: T0 + 601 });
    for (const now of [T0 + 1000, T0 + 9000]) expect(usedSeconds(folded, now)).toBe(usedSeconds(l, now));
  });

  it('never count twice: a replay of a folded instance\'s events is too late', () => {
    const folded = foldFinished(applyAll(fresh(), [ev('i-a', T0, 'run'), ev('i-a', T0 + 600, 'stop')]), T0 + 7200);
    const replay = applyTransition(folded, ev('i-a', T0, 'run'));
    expect(replay.outcome).toBe('too-late');
    expect(usedSeconds(replay.ledger, T0 + 9000)).toBe(600);
  });

  it('count an instance started again after it was folded from its new start', () => {
    const folded = foldFinished(applyAll(fresh(), [ev('i-a', T0, 'run'), ev('i-a', T0 + 600, 'stop')]), T0 + 7200);
    const again = applyAll(folded, [ev('i-a', T0 + 8000, 'run'), ev('i-a', T0 + 8300, 'stop')]);
    expect(usedSeconds(again, T0 + 9000)).toBe(900);
  });

  it('take EC2\'s word (reconcile) for an instance running with no event: counted from the fold point', () => {
    const folded = foldFinished(applyAll(fresh(), [ev('i-a', T0, 'run'), ev('i-a', T0 + 600, 'stop')]), T0 + 7200);
    const seen = applyTransition(folded, reconcile('i-lost', T0 - 3600, 'run'));
    expect(seen.outcome).toBe('applied');
    expect(usedSeconds(seen.ledger, T0 + 1601)).toBe(600 + 1000);
  });

  it('read ledgers written before folding (no `finished`) as before', () => {
    const old = applyAll(fresh(), [ev('i-a', T0, 'run'), ev('i-a', T0 + 600, 'stop')]);
    const parsed = JSON.parse(JSON.stringify(old)) as RuntimeLedger;
    expect(parsed.finished).toBeUndefined();
    expect(usedSeconds(parsed, T0 + 9000)).toBe(600);
  });

  it('fold by size when a burst would make the item too big, keeping every second', () => {
    const burst = Array.from({ length: 3000 }, (_, i) => [ev(`i-${i}`, T0 + i, 'run'), ev(`i-${i}`, T0 + i + 60, 'stop')]).flat();
    const l = applyAll(fresh(), burst);
    const now = T0 + 3100;
    expect(Buffer.byteLength(JSON.stringify(l))).toBeGreaterThan(MAX_LEDGER_JSON_BYTES);
    const bounded = boundedLedger(l, now);
    expect(Buffer.byteLength(JSON.stringify(bounded))).toBeLessThanOrEqual(MAX_LEDGER_JSON_BYTES);
    expect(usedSeconds(bounded, now)).toBe(3000 * 60);
    // Within the fold delay, an ordinary write keeps them.
    const small = applyAll(fresh(), burst.slice(0, 20));
    expect(Object.keys(boundedLedger(small, T0 + 100).instances)).toHaveLength(10);
  });
});

describe('runtime-bound spend per UTC day', () => {
  const priced = (instanceId: string, at: number, transition: 'run' | 'stop', hourlyUsd?: number): TransitionInput =>
    ({ ...ev(instanceId, at, transition), instanceType: 'p4d.24xlarge', hourlyUsd });

  it('splits each run at UTC midnight at its instance\'s price, an open run up to now, an unpriced instance at $0', () => {
    // i-a: 22:00 on the 6th to 02:00 on the 7th at $32.77/h; i-b runs from 01:00 on the 7th at $10/h; i-c has no price.
    const l = applyAll(fresh(), [
      priced('i-a', T0 + 22 * 3600, 'run', 32.77), priced('i-a', T0 + 26 * 3600, 'stop', 32.77),
      priced('i-b', T0 + 25 * 3600, 'run', 10), priced('i-c', T0 + 3600, 'run'),
    ]);
    expect(dailySpendUsd(l, T0 + 28 * 3600)).toEqual({ '2026-11-06': 65.54, '2026-11-07': 65.54 + 30 });
  });

  it('keeps every day through compaction and folding of finished instances, whatever the churn (at most one entry a day)', () => {
    let l = fresh();
    const expected: Record<string, number> = {};
    // Every 3 hours for the whole month, a 1-hour $2/h instance: 8 a day.
    for (let t = monthStart(MONTH); t + 3600 < monthEnd(MONTH); t += 3 * 3600) {
      const id = `i-${t}`;
      l = applyAll(l, [priced(id, t, 'run', 2), priced(id, t + 3600, 'stop', 2)]);
      l = boundedLedger(l, t + 3600);
      const day = new Date(t * 1000).toISOString().slice(0, 10);
      expected[day] = (expected[day] ?? 0) + 2;
    }
    const end = monthEnd(MONTH) - 1;
    const folded = boundedLedger(l, end + 3 * 3600);
    expect(Object.keys(folded.instances)).toHaveLength(0);
    expect(folded.foldedDailyUsd).toEqual(expected);
    expect(Object.keys(dailySpendUsd(folded, end))).toHaveLength(30);
    expect(dailySpendUsd(folded, end)).toEqual(dailySpendUsd(l, end));
    // Compaction alone (a long run folded into its base) keeps the closed runs' days too.
    const long = applyAll(fresh(), [priced('i-x', T0, 'run', 1), priced('i-x', T0 + 3600, 'stop', 1), priced('i-x', T0 + 7200, 'run', 1)]);
    const compacted = compact(long, T0 + 3 * 86400);
    expect(compacted.instances['i-x'].events).toEqual([]);
    expect(dailySpendUsd(compacted, T0 + 3 * 86400)).toEqual(dailySpendUsd(long, T0 + 3 * 86400));
    expect(foldFinished(compacted, T0 + 3 * 86400)).toBe(compacted);
  });
});
