import { exhaustionAt, limitReached, newlyCrossed, pendingAlerts, recordAlerted, recordCrossed, recordLimitReached } from '../../core/runtime/budget';
import { TransitionInput, applyTransition, emptyLedger, RuntimeLedger, runningAt, usedSeconds } from '../../core/runtime/ledger';
import { monthEnd, monthStart } from '../../core/runtime/month';
import { reconcile } from '../../core/runtime/reconcile';
import { atExpression, exhaustionScheduleName } from '../../core/runtime/schedule';
import { fallbackHourlyUsd } from '../../core/runtime/fallback-prices';

const MONTH = '2026-11';
const T0 = monthStart(MONTH) + 5 * 86400;
const ALLOWANCE = 60_000; // 1,000 minutes
const fresh = () => emptyLedger('222222222222', MONTH, 'gpu-training', ALLOWANCE);
const ev = (instanceId: string, at: number, transition: 'run' | 'stop'): TransitionInput =>
  ({ instanceId, at, transition, source: 'event', region: 'us-east-1' });
const applyAll = (l: RuntimeLedger, events: TransitionInput[]) => events.reduce((x, e) => applyTransition(x, e).ledger, l);

describe('runtime thresholds and exhaustion', () => {
  it('reports each threshold once, in order, and keeps an outbox of unpublished alerts', () => {
    let l = applyAll(fresh(), [ev('i-a', T0, 'run')]);
    expect(newlyCrossed(l, [50, 80, 100], T0 + 29_999)).toEqual([]);
    const at50 = newlyCrossed(l, [50, 80, 100], T0 + 30_000);
    expect(at50).toEqual([50]);
    l = recordCrossed(l, at50);
    expect(newlyCrossed(l, [50, 80, 100], T0 + 30_001)).toEqual([]);
    expect(pendingAlerts(l)).toEqual([50]);
    l = recordAlerted(l, [50]);
    expect(pendingAlerts(l)).toEqual([]);
    expect(newlyCrossed(l, [100, 50, 80], T0 + 61_000)).toEqual([80, 100]);
  });

  it('predicts exhaustion at the burn rate of the running instances, rounded up to the second', () => {
    let l = applyAll(fresh(), [ev('i-a', T0, 'run')]);
    expect(exhaustionAt(l, T0)).toBe(T0 + ALLOWANCE);
    l = applyTransition(l, ev('i-b', T0 + 10_000, 'run')).ledger;
    // 50,000 s left burned by two instances.
    expect(exhaustionAt(l, T0 + 10_000)).toBe(T0 + 35_000);
    expect(exhaustionAt(l, T0 + 20_000)).toBe(T0 + 35_000);
    l = applyTransition(l, ev('i-c', T0 + 10_001, 'run')).ledger;
    expect(exhaustionAt(l, T0 + 10_001)).toBe(Math.ceil(T0 + 10_001 + (ALLOWANCE - 10_001 - 1) / 3));
    l = applyAll(l, [ev('i-a', T0 + 11_000, 'stop'), ev('i-b', T0 + 11_000, 'stop'), ev('i-c', T0 + 11_000, 'stop')]);
    expect(exhaustionAt(l, T0 + 11_000)).toBeNull();
  });

  it('returns now once the allowance is used up, and null when the month ends first', () => {
    const l = applyAll(fresh(), [ev('i-a', T0, 'run')]);
    expect(exhaustionAt(l, T0 + ALLOWANCE + 30)).toBe(T0 + ALLOWANCE + 30);
    expect(limitReached(l, T0 + ALLOWANCE)).toBe(true);
    expect(recordLimitReached(l, T0 + ALLOWANCE + 30).limitReachedAt).toBe(T0 + ALLOWANCE);
    const late = applyAll(fresh(), [ev('i-a', monthEnd(MONTH) - 3600, 'run')]);
    expect(exhaustionAt(late, monthEnd(MONTH) - 3600)).toBeNull();
  });

  it('formats the one-time schedule and keeps its name within 64 characters', () => {
    expect(atExpression(Date.UTC(2026, 10, 6, 16, 40, 0) / 1000)).toBe('at(2026-11-06T16:40:00)');
    expect(exhaustionScheduleName('222222222222', 'gpu-training')).toBe('runtime-222222222222-gpu-training');
    const long = exhaustionScheduleName('222222222222', `g${'x'.repeat(62)}`);
    expect(long.length).toBeLessThanOrEqual(64);
    expect(long).not.toBe(exhaustionScheduleName('222222222222', `g${'x'.repeat(61)}y`));
  });

  it('has bundled prices for common GPU types', () => {
    for (const t of ['p3.2xlarge', 'p4d.24xlarge', 'p5.48xlarge', 'g4dn.xlarge', 'g5.xlarge', 'g6.xlarge']) expect(fallbackHourlyUsd(t)).toBeGreaterThan(0);
    expect(fallbackHourlyUsd('t3.micro')).toBeUndefined();
  });
});

describe('runtime reconcile', () => {
  const regions = ['us-east-1', 'us-west-2'];

  it('corrects a missed stop at the time EC2 reports, and a late real stop then changes nothing', () => {
    const l = applyAll(fresh(), [ev('i-a', T0, 'run')]);
    const r = reconcile(l, [{ instanceId: 'i-a', region: 'us-east-1', running: false, since: T0 + 1200 }], regions, T0 + 1500);
    expect(r.corrections).toEqual([{ instanceId: 'i-a', reason: 'missed-stop', region: 'us-east-1', ledgerSaid: 'running', ec2Says: 'stopped', correctedAt: T0 + 1200 }]);
    expect(usedSeconds(r.ledger, T0 + 2000)).toBe(1200);
    const late = applyTransition(r.ledger, ev('i-a', T0 + 1200, 'stop'));
    expect(usedSeconds(late.ledger, T0 + 2000)).toBe(1200);
  });

  it('moves a stop earlier when only `stopped` arrived (the `stopping` event was lost)', () => {
    const l = applyAll(fresh(), [ev('i-a', T0, 'run'), ev('i-a', T0 + 1260, 'stop')]);
    const r = reconcile(l, [{ instanceId: 'i-a', region: 'us-east-1', running: false, since: T0 + 1200 }], regions, T0 + 1500);
    expect(r.corrections).toMatchObject([{ instanceId: 'i-a', reason: 'earlier-stop', correctedAt: T0 + 1200 }]);
    expect(usedSeconds(r.ledger, T0 + 2000)).toBe(1200);
    // A stale stop time from before the last run changes nothing.
    const again = reconcile(applyTransition(r.ledger, ev('i-a', T0 + 1400, 'run')).ledger, [], [], T0 + 1500);
    expect(reconcile(again.ledger, [{ instanceId: 'i-a', region: 'us-east-1', running: true, since: T0 + 1400 }], regions, T0 + 1500).corrections).toEqual([]);
    expect(reconcile(r.ledger, [{ instanceId: 'i-a', region: 'us-east-1', running: false, since: T0 + 1200 }], regions, T0 + 1600).corrections).toEqual([]);
  });

  it('stops the clock now for an instance EC2 no longer reports, only in the regions scanned', () => {
    const l = applyAll(fresh(), [ev('i-a', T0, 'run'), { ...ev('i-w', T0, 'run'), region: 'eu-west-1' }]);
    const r = reconcile(l, [], regions, T0 + 300);
    expect(r.corrections).toMatchObject([{ instanceId: 'i-a', ec2Says: 'absent', correctedAt: T0 + 300 }]);
    expect(runningAt(r.ledger, T0 + 300).map((x) => x.instanceId)).toEqual(['i-w']);
  });

  it('corrects a missed start from LaunchTime and records its price', () => {
    const r = reconcile(fresh(), [{ instanceId: 'i-n', region: 'us-west-2', running: true, since: T0 + 60, instanceType: 'g5.xlarge', hourlyUsd: 1.006 }], regions, T0 + 300);
    expect(r.corrections).toMatchObject([{ instanceId: 'i-n', ledgerSaid: 'stopped', ec2Says: 'running', correctedAt: T0 + 60 }]);
    expect(usedSeconds(r.ledger, T0 + 300)).toBe(240);
    expect(r.ledger.instances['i-n']).toMatchObject({ instanceType: 'g5.xlarge', hourlyUsd: 1.006, region: 'us-west-2' });
    // Agreement: nothing to correct.
    expect(reconcile(r.ledger, [{ instanceId: 'i-n', region: 'us-west-2', running: true, since: T0 + 60 }], regions, T0 + 600).corrections).toEqual([]);
  });
});
