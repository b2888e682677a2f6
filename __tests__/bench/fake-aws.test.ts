import type { PlannedAction } from '../../core/posture/types';
import { FakeWorld } from '../../bench/lib/fake-aws/world';
import { MemoryLedger } from '../../bench/lib/memory-ledger';

const action: PlannedAction = { kind: 'scale-to-zero', target: 'web', region: 'us-east-1', from: 'recorded size', to: '0/0/0', direction: 'apply', month: '2026-11' };
const now = new Date('2026-11-22T10:00:00Z');

describe('in-memory ledger (same conditions as DynamoLedger)', () => {
  it('lets one run claim a record, keeps prior values, and refuses to redo a finished change', async () => {
    const ledger = new MemoryLedger();
    expect(await ledger.claim('1', action, { token: 'a', state: 'critical', now })).toEqual({ claimed: true, prior: undefined });
    expect((await ledger.claim('1', action, { token: 'b', state: 'critical', now })).claimed).toBe(false);
    await expect(ledger.remember('1', action, 'b', { min: 1 })).rejects.toThrow(/conditional/);
    await ledger.remember('1', action, 'a', { min: 2, max: 4, desired: 3 });
    await ledger.complete('1', action, 'a', { outcome: 'applied' }, now);
    expect((await ledger.claim('1', action, { token: 'c', state: 'critical', now })).claimed).toBe(false);
    const revert: PlannedAction = { ...action, from: '0/0/0', to: 'recorded size', direction: 'revert' };
    expect(await ledger.claim('1', revert, { token: 'd', state: 'under', now })).toEqual({ claimed: true, prior: { min: 2, max: 4, desired: 3 } });
  });

  it('takes over an intent whose lease ran out', async () => {
    const ledger = new MemoryLedger();
    await ledger.claim('1', action, { token: 'a', state: 'critical', now });
    const later = new Date(now.getTime() + 16 * 60 * 1000);
    expect((await ledger.claim('1', action, { token: 'b', state: 'critical', now: later })).claimed).toBe(true);
  });

  it('acts on a state only if no newer one was acted on', async () => {
    const ledger = new MemoryLedger();
    expect(await ledger.advanceState('1', '2026-11', 'critical', '2026-11-22T10:00:00Z', 'e2')).toBe(true);
    expect(await ledger.advanceState('1', '2026-11', 'over', '2026-11-22T09:00:00Z', 'e1')).toBe(false);
    expect(await ledger.advanceState('1', '2026-11', 'critical', '2026-11-22T10:00:00Z', 'e2')).toBe(true);
  });
});

describe('fake AWS world', () => {
  it('logs only changes that take effect, and answers like the service', () => {
    const world = new FakeWorld();
    const caller = { account: '1', region: 'us-east-1' };
    world.account('1').instances.set('i-1', { id: 'i-1', region: 'us-east-1', state: 'running', tags: new Map([['team', 'a']]) });
    world.handle('StopInstancesCommand', { InstanceIds: ['i-1'] }, caller);
    world.handle('StopInstancesCommand', { InstanceIds: ['i-1'] }, caller);
    expect(world.mutations).toEqual([{ account: '1', op: 'StopInstances', target: 'i-1' }]);
    expect(() => world.handle('StopInstancesCommand', { InstanceIds: ['i-2'] }, caller)).toThrow(expect.objectContaining({ name: 'InvalidInstanceID.NotFound' }));
    const out = world.handle('DescribeInstancesCommand', { Filters: [{ Name: 'tag:team', Values: ['a'] }, { Name: 'instance-state-name', Values: ['stopped'] }] }, caller);
    expect(out.Reservations).toEqual([{ Instances: [{ InstanceId: 'i-1', State: { Name: 'stopped' }, Tags: [{ Key: 'team', Value: 'a' }] }] }]);
    expect(() => world.handle('RebootInstancesCommand', {}, caller)).toThrow(/does not implement RebootInstancesCommand/);
  });
});
