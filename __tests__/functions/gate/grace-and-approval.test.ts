/**
 * Grace periods and approvals through the real enforcer, over dynalite: the hold is written with
 * conditional writes, the actions run only when the hold opens and only if the state still holds,
 * a state that falls back cancels them, and an approval racing with a state change has one winner.
 */
import type { AccountPolicy } from '../../../core/catalog/types';
import { decide } from '../../../functions/aws/hold-decisions';
import { enforce } from '../../../functions/enforcer/enforce';
import { recheck } from '../../../functions/enforcer/recheck';
import { accountOf, shippedCatalog } from '../../support/catalog';
import { Dynalite, startDynalite } from '../../support/dynalite';
import { AccountModel, InstalledModel, emptyModel, installModel } from '../enforcer/support/account-model';
import { GateHarness, gateHarness, minutes, withGate } from './harness';

const T = new Date(Date.UTC(2026, 10, 10, 12));
const ASG = 'achampionship-webservice';

let db: Dynalite;
let web: AccountPolicy;
let installed: InstalledModel | undefined;
let model: AccountModel;
beforeAll(async () => {
  db = await startDynalite();
  web = accountOf(await shippedCatalog(), 'web-service');
});
afterAll(async () => db.stop());
beforeEach(() => {
  model = emptyModel();
  model.groups = [{ region: 'us-east-1', name: ASG, min: 2, max: 8, desired: 4 }];
  installed = installModel(model);
});
afterEach(() => installed?.restore());

async function setup(account: AccountPolicy): Promise<GateHarness> {
  return gateHarness(db, await db.createHubTable(), [account], T);
}
const size = () => ({ min: model.groups[0].min, max: model.groups[0].max, desired: model.groups[0].desired });
const enforceNow = (h: GateHarness, state: Parameters<GateHarness['event']>[0], id: string) => enforce(h.deps, h.event(state), id);

describe('grace period', () => {
  it('announces what will happen and when, then acts at that time because the state still holds, exactly once', async () => {
    const h = await setup(withGate(web, 'shutdown', { graceMinutes: 60 }));
    const first = await enforceNow(h, 'shutdown', 'e1');
    expect(first).toMatchObject({ status: 'done', actions: [] });
    expect(size()).toEqual({ min: 2, max: 8, desired: 4 });
    expect(h.holdEvents).toEqual([expect.objectContaining({
      change: 'pending', state: 'shutdown', approval: false, graceUntil: minutes(T, 60).toISOString(),
      actions: [{ kind: 'scale-to-zero', target: ASG, region: 'us-east-1', from: 'recorded size', to: '0/0/0' }],
    })]);
    expect(h.schedules).toEqual([{ op: 'upsert', name: 'hold-333333333333-2026-11-shutdown', at: minutes(T, 60).toISOString(), payload: { kind: 'guardrail-recheck', accountId: web.id, reason: 'grace' } }]);
    const stored = await h.holds.get(web.id, '2026-11', 'shutdown');
    expect(stored).toMatchObject({ status: 'pending', announced: true, scheduledFor: minutes(T, 60).toISOString() });

    // The evaluator's schedule brings the same state again before the time: still held, nothing announced twice.
    h.now = minutes(T, 30);
    await enforce(h.deps, h.stored!, 'e1-again');
    expect(size().desired).toBe(4);
    expect(h.holdEvents).toHaveLength(1);

    h.now = minutes(T, 60);
    const [a, b] = await Promise.all([recheck(h.deps, { kind: 'guardrail-recheck', accountId: web.id, reason: 'grace' }), recheck(h.deps, { kind: 'guardrail-recheck', accountId: web.id, reason: 'grace' })]);
    expect(size()).toEqual({ min: 0, max: 0, desired: 0 });
    const applied = [a, b].flatMap((r) => (r.status === 'done' ? r.actions : [])).filter((o) => o.outcome === 'applied');
    expect(applied).toHaveLength(1);
    expect(installed!.calls.filter((c) => c.action === 'autoscaling:UpdateAutoScalingGroup')).toHaveLength(1);
    expect(await h.holds.get(web.id, '2026-11', 'shutdown')).toMatchObject({ status: 'released' });

    // Restore is unchanged: falling back gives back the saved sizes.
    h.now = minutes(T, 120);
    await enforceNow(h, 'on-target', 'e2');
    expect(size()).toEqual({ min: 2, max: 8, desired: 4 });
  });

  it('a state that falls back before the time cancels the actions and the owners are told', async () => {
    const h = await setup(withGate(web, 'shutdown', { graceMinutes: 60 }));
    await enforceNow(h, 'shutdown', 'e1');
    h.now = minutes(T, 20);
    await enforceNow(h, 'critical', 'e2');
    expect(h.holdEvents.map((e) => e.change)).toEqual(['pending', 'cancelled']);
    expect(h.holdEvents[1]).toMatchObject({ state: 'shutdown', currentState: 'critical' });
    expect(h.schedules.at(-1)).toEqual({ op: 'remove', name: 'hold-333333333333-2026-11-shutdown' });

    h.now = minutes(T, 60);
    const late = await recheck(h.deps, { kind: 'guardrail-recheck', accountId: web.id, reason: 'grace' });
    expect(late).toMatchObject({ status: 'done', actions: [] });
    expect(size()).toEqual({ min: 2, max: 8, desired: 4 });

    // Entering Shutdown again starts a new grace period with a new hold.
    h.now = minutes(T, 90);
    await enforceNow(h, 'shutdown', 'e3');
    expect(h.holdEvents.at(-1)).toMatchObject({ change: 'pending', holdId: 'hold-2', graceUntil: minutes(T, 150).toISOString() });
  });

  it('the Over actions keep Over\'s gate at Shutdown: only the gated state waits', async () => {
    const both: AccountPolicy = {
      ...withGate(web, 'shutdown', { graceMinutes: 30 }),
      enforcement: { ...web.enforcement, over: { ...web.enforcement.over, tagUnapproved: [{ team: 'web' }] } },
    };
    model.instances = [{ id: 'i-0a1', region: 'us-east-1', state: 'running', tags: { team: 'web' } }];
    const h = await setup(both);
    const result = await enforceNow(h, 'shutdown', 'e1');
    expect(result).toMatchObject({ actions: [expect.objectContaining({ kind: 'tag-unapproved', outcome: 'applied' })] });
    expect(size().desired).toBe(4);
    expect(h.holdEvents[0].actions.map((a) => a.kind)).toEqual(['scale-to-zero']);
  });
});

describe('approval', () => {
  it('stages the actions until approved; the approval is audited, announced and rechecked; then they run', async () => {
    const h = await setup(withGate(web, 'shutdown', { approval: 'manual' }));
    await enforceNow(h, 'shutdown', 'e1');
    expect(size().desired).toBe(4);
    expect(h.holdEvents).toEqual([expect.objectContaining({ change: 'pending', approval: true, graceUntil: null, holdId: 'hold-1' })]);
    expect(h.schedules).toEqual([]);

    // The evaluator's next run, hours later: still staged.
    h.now = minutes(T, 240);
    await enforce(h.deps, h.stored!, 'e1-later');
    expect(size().desired).toBe(4);

    const decision = await decide(h.decisions, { accountId: web.id, accountName: web.name, month: '2026-11', state: 'shutdown', holdId: 'hold-1', decision: 'approve', by: 'lead@example.com', via: 'email' });
    expect(decision).toMatchObject({ status: 'decided', detail: { change: 'approved', by: 'lead@example.com', via: 'email', currentState: 'shutdown' } });
    expect(h.rechecks).toEqual([{ kind: 'guardrail-recheck', accountId: web.id, reason: 'approved' }]);
    await recheck(h.deps, h.rechecks[0]);
    expect(size()).toEqual({ min: 0, max: 0, desired: 0 });

    const again = await decide(h.decisions, { accountId: web.id, accountName: web.name, month: '2026-11', state: 'shutdown', holdId: 'hold-1', decision: 'approve', by: 'x', via: 'email' });
    expect(again).toMatchObject({ status: 'not-pending', why: expect.stringContaining('already decided (approved by lead@example.com)') });
  });

  it('postpone: nothing runs; 24 hours later the owners are asked again with a new request, and the old one is void', async () => {
    const h = await setup(withGate(web, 'shutdown', { approval: 'manual' }));
    await enforceNow(h, 'shutdown', 'e1');
    const postponed = await decide(h.decisions, { accountId: web.id, accountName: web.name, month: '2026-11', state: 'shutdown', holdId: 'hold-1', decision: 'postpone', by: 'lead@example.com', via: 'cli' });
    expect(postponed).toMatchObject({ status: 'decided', detail: { change: 'postponed', postponedUntil: minutes(T, 24 * 60).toISOString() } });
    await recheck(h.deps, h.rechecks[0]);
    expect(h.schedules).toEqual([expect.objectContaining({ op: 'upsert', at: minutes(T, 24 * 60).toISOString(), payload: expect.objectContaining({ reason: 'postponed' }) })]);
    expect(size().desired).toBe(4);

    h.now = minutes(T, 24 * 60);
    await recheck(h.deps, { kind: 'guardrail-recheck', accountId: web.id, reason: 'postponed' });
    expect(h.holdEvents.map((e) => `${e.change}:${e.holdId}`)).toEqual(['pending:hold-1', 'postponed:hold-1', 'pending:hold-2']);
    expect(size().desired).toBe(4);
    const stale = await decide(h.decisions, { accountId: web.id, accountName: web.name, month: '2026-11', state: 'shutdown', holdId: 'hold-1', decision: 'approve', by: 'x', via: 'email' });
    expect(stale).toMatchObject({ status: 'not-pending', why: expect.stringContaining('replaced by a newer one') });
  });

  it('grace and approval together: approved early, the actions still wait for the end of the grace period', async () => {
    const h = await setup(withGate(web, 'shutdown', { approval: 'manual', graceMinutes: 60 }));
    await enforceNow(h, 'shutdown', 'e1');
    await decide(h.decisions, { accountId: web.id, accountName: web.name, month: '2026-11', state: 'shutdown', decision: 'approve', by: 'ops', via: 'cli' });
    await recheck(h.deps, h.rechecks[0]);
    expect(size().desired).toBe(4);
    h.now = minutes(T, 60);
    await recheck(h.deps, { kind: 'guardrail-recheck', accountId: web.id, reason: 'grace' });
    expect(size().desired).toBe(0);
  });
});

describe('an approval racing with a state change', () => {
  const approve = (h: GateHarness) => decide(h.decisions, { accountId: web.id, accountName: web.name, month: '2026-11', state: 'shutdown', holdId: 'hold-1', decision: 'approve', by: 'lead', via: 'email' });

  it('the state change wins when it cancels between the approval\'s read and its write', async () => {
    const h = await setup(withGate(web, 'shutdown', { approval: 'manual' }));
    await enforceNow(h, 'shutdown', 'e1');
    h.now = minutes(T, 10);
    let release!: () => void;
    const readDone = new Promise<void>((resolve) => { release = resolve; });
    let proceed!: () => void;
    const gate = new Promise<void>((resolve) => { proceed = resolve; });
    const slowHolds = { ...h.decisions.holds, get: h.holds.get.bind(h.holds), transition: h.holds.transition.bind(h.holds) };
    slowHolds.get = async (...args) => { const out = await h.holds.get(...args); release(); await gate; return out; };
    const decision = decide({ ...h.decisions, holds: slowHolds }, { accountId: web.id, accountName: web.name, month: '2026-11', state: 'shutdown', holdId: 'hold-1', decision: 'approve', by: 'lead', via: 'email' });
    await readDone;
    await enforceNow(h, 'over', 'e2');
    proceed();
    expect(await decision).toMatchObject({ status: 'not-pending', why: expect.stringContaining('changed while deciding') });
    expect(h.holdEvents.map((e) => e.change)).toEqual(['pending', 'cancelled']);
    expect(size().desired).toBe(4);
  });

  it('the approval wins when it writes first; the recheck then sees the state fell and acts on nothing', async () => {
    const h = await setup(withGate(web, 'shutdown', { approval: 'manual' }));
    await enforceNow(h, 'shutdown', 'e1');
    h.now = minutes(T, 10);
    expect(await approve(h)).toMatchObject({ status: 'decided' });
    await enforceNow(h, 'over', 'e2');
    await recheck(h.deps, h.rechecks[0]);
    expect(size().desired).toBe(4);
    expect(await h.holds.get(web.id, '2026-11', 'shutdown')).toMatchObject({ status: 'cancelled' });
  });

  it('run truly concurrently 20 times: one winner each time, and the group is never scaled down after the fall', async () => {
    for (let i = 0; i < 20; i++) {
      model.groups[0] = { region: 'us-east-1', name: ASG, min: 2, max: 8, desired: 4 };
      const h = await setup(withGate(web, 'shutdown', { approval: 'manual' }));
      await enforceNow(h, 'shutdown', `e1-${i}`);
      h.now = minutes(T, 10);
      const [decision] = await Promise.all([approve(h), enforceNow(h, 'over', `e2-${i}`)]);
      for (const p of h.rechecks) await recheck(h.deps, p);
      const hold = await h.holds.get(web.id, '2026-11', 'shutdown');
      expect(hold?.status).toBe('cancelled');
      const cancelledAnnounced = h.holdEvents.some((e) => e.change === 'cancelled');
      expect(decision.status === 'decided').toBe(!cancelledAnnounced);
      expect(size().desired).toBe(4);
    }
  });
});
