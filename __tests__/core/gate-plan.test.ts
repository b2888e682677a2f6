/** The gate's decisions (core/gate/gate-plan.ts), pure, on the shipped data-science account. */
import fc from 'fast-check';
import type { AccountPolicy } from '../../core/catalog/types';
import { decideGate } from '../../core/gate/gate-plan';
import type { Exemption, Hold } from '../../core/gate/types';
import { planPosture } from '../../core/posture/plan';
import { postureKey } from '../../core/posture/types';
import { accountOf, shippedCatalog } from '../support/catalog';

const NOW = new Date('2026-11-10T12:00:00Z');
let ds: AccountPolicy;
beforeAll(async () => { ds = accountOf(await shippedCatalog(), 'data-science'); });

const gated = (a: AccountPolicy, over: Partial<AccountPolicy['gates']>): AccountPolicy => ({ ...a, gates: { ...a.gates, ...over } });
const hold = (over: Partial<Hold>): Hold => ({
  accountId: ds.id, month: '2026-11', state: 'shutdown', holdId: 'h', status: 'pending', createdAt: NOW.toISOString(),
  graceUntil: null, approval: true, announced: true, actions: [], ...over,
});
const exemption = (over: Partial<Exemption>): Exemption => ({
  accountId: ds.id, kind: 'all', until: '2026-11-10T18:00:00Z', reason: 'r', by: 'b', createdAt: NOW.toISOString(), status: 'active', announcedStart: true, ...over,
});

it('holds only what the gated state configures: at Shutdown, Critical\'s stops run and the Shutdown lockdown waits', () => {
  const policy = gated(ds, { shutdown: { graceMinutes: 0, approval: 'manual' } });
  const plan = planPosture({ policy, state: 'shutdown', month: '2026-11', recorded: [] });
  const d = decideGate({ policy, state: 'shutdown', month: '2026-11', now: NOW, plan, recorded: [], holds: [], exemptions: [] });
  expect(d.create).toEqual(['shutdown']);
  expect(d.held.shutdown?.map((a) => `${a.kind} ${a.target} ${a.to}`)).toEqual(['attach-lockdown role/DataScientist budget-guardrails-lockdown-shutdown']);
  expect(d.run.map((a) => a.kind).sort()).toEqual(['stop-instances', 'stop-instances']);
});

it('cancels holds of states above the current one, and only those', () => {
  const policy = gated(ds, { critical: { graceMinutes: 30, approval: 'auto' }, shutdown: { graceMinutes: 30, approval: 'auto' } });
  const holds = [hold({ state: 'shutdown', holdId: 's' }), hold({ state: 'critical', holdId: 'c' }), hold({ state: 'over', holdId: 'o', status: 'cancelled' })];
  const plan = planPosture({ policy, state: 'critical', month: '2026-11', recorded: [] });
  const d = decideGate({ policy, state: 'critical', month: '2026-11', now: NOW, plan, recorded: [], holds, exemptions: [] });
  expect(d.cancel.map((h) => h.holdId)).toEqual(['s']);
});

it('an exemption that ended is ended, and its kind is enforced again in the same run', () => {
  const policy = ds;
  const plan = planPosture({ policy, state: 'critical', month: '2026-11', recorded: [] });
  const d = decideGate({
    policy, state: 'critical', month: '2026-11', now: NOW, plan, recorded: [], holds: [],
    exemptions: [exemption({ kind: 'stop-instances', until: '2026-11-10T11:59:59Z' })],
  });
  expect(d.exemptionsEnded).toHaveLength(1);
  expect(d.exempted).toEqual([]);
  expect(d.run.filter((a) => a.kind === 'stop-instances')).toHaveLength(2);
});

it('property: every planned action is run, held or exempted exactly once; reverts are never held; give-backs are reverts of exempted kinds', () => {
  const states = fc.constantFrom('under', 'over', 'critical', 'shutdown' as const);
  const gate = fc.record({ graceMinutes: fc.constantFrom(0, 60), approval: fc.constantFrom('auto' as const, 'manual' as const) });
  fc.assert(fc.property(states, states, gate, gate, fc.constantFrom('none', 'all', 'stop-instances', 'attach-lockdown'), (before, now, critical, shutdown, exempt) => {
    const policy = gated(ds, { critical, shutdown });
    const recorded = planPosture({ policy, state: before, month: '2026-11', recorded: [] })
      .map((a) => ({ kind: a.kind, target: a.target, ...(a.region ? { region: a.region } : {}), posture: a.to, month: '2026-11', pending: false }));
    const plan = planPosture({ policy, state: now, month: '2026-11', recorded });
    const exemptions = exempt === 'none' ? [] : [exemption({ kind: exempt as Exemption['kind'] })];
    const d = decideGate({ policy, state: now, month: '2026-11', now: NOW, plan, recorded, holds: [], exemptions });
    const key = (a: { kind: string; target: string; region?: string; direction: string }) => `${a.direction}|${postureKey(a)}`;
    const held = Object.values(d.held).flat();
    const placed = [...d.run.filter((a) => !d.givenBack.includes(a)), ...held, ...d.exempted].map(key).sort();
    expect(placed).toEqual(plan.map(key).sort());
    expect(held.every((a) => a.direction === 'apply')).toBe(true);
    expect(d.givenBack.every((a) => a.direction === 'revert' && (exempt === 'all' || a.kind === exempt))).toBe(true);
    if (exempt !== 'none') expect(d.run.some((a) => a.direction === 'apply' && (exempt === 'all' || a.kind === exempt))).toBe(false);
  }));
});
