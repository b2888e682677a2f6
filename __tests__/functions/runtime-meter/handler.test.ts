import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { mockClient } from 'aws-sdk-client-mock';
import type { AccountPolicy, Catalog } from '../../../core/catalog/types';
import { runtimeExhaustionPayloadSchema } from '../../../core/events/schemas';
import { usedSeconds } from '../../../core/runtime/ledger';
import { SCHEDULE_LEAD_SECONDS } from '../../../core/runtime/schedule';
import { actionKey, priceKey, runtimeKey } from '../../../core/storage/keys';
import { handler, route } from '../../../functions/runtime-meter/handler';
import type { MeterDeps } from '../../../functions/runtime-meter/deps';
import { resetRuntimeBudgets } from '../../../functions/runtime-meter/monthly-reset';
import { FakeWorld, METER_ARN, SCHEDULER_ROLE, fakeDeps, installFakeAws } from './fake-aws';
import { ACCOUNT, ALLOWANCE, GPU_POLICY, GROUP, SCHEDULE, at, dataScience, deliver as deliverTo, fireStopSchedule, ledgerOf, scheduledAt, seedFleet } from './scenarios';

const START = '2026-11-06T08:00:00Z';
const T = Date.parse(START) / 1000;
const reconcileEvent = () => ({
  id: 'rec', 'detail-type': 'Scheduled Event', source: 'aws.events', account: '111111111111', time: START, region: 'us-east-1', resources: [], detail: {},
});

let catalog: Catalog;
let account: AccountPolicy;
let world: FakeWorld;
let deps: MeterDeps;
let restore: () => void;

beforeAll(async () => {
  ({ catalog, account } = await dataScience());
});

beforeEach(() => {
  world = new FakeWorld(START);
  restore = installFakeAws(world);
  world.putCatalog(catalog.org, catalog.accounts);
  seedFleet(world);
  deps = fakeDeps(world);
});

afterEach(() => restore());

const deliver = (envelope: unknown, seconds = 2) => deliverTo(world, deps, envelope, seconds);
const startNow = (id: string) => deliver(world.transition(id, 'running', ACCOUNT));
const stopNow = (id: string) => deliver(world.transition(id, 'stopped', ACCOUNT));

const fireSchedule = (delay: number) => fireStopSchedule(world, deps, delay);

describe('runtime meter: metering', () => {
  it('accounts exactly across duplicate and out-of-order events', async () => {
    world.gpu('i-0a').state = 'stopped';
    world.gpu('i-0b').state = 'running';
    const aRun = world.event('i-0a', 'running', ACCOUNT, T);
    const bRun = world.event('i-0b', 'running', ACCOUNT, T + 600);
    const aStopping = world.event('i-0a', 'stopping', ACCOUNT, T + 1800);
    const aStopped = world.event('i-0a', 'stopped', ACCOUNT, T + 1830);
    world.now = T + 1800;
    for (const e of [aStopping, aRun, aRun, bRun, aStopped, aStopping]) await deliver(e, 1);

    const { ledger, item } = ledgerOf(world, '2026-11');
    expect(usedSeconds(ledger, T + 3600)).toBe(1800 + 3000);
    expect(Object.keys(item.running as object)).toEqual(['i-0b']);
    expect(item.runningHourlyUsd).toBeCloseTo(1.006);
    expect(item.version).toBeGreaterThanOrEqual(4);
  });

  it('ignores instances outside the group, pending states, and rejects unknown accounts and bad details', async () => {
    expect(await startNow('i-0d')).toMatchObject({ status: 'metered', groups: [] });
    expect(await deliver(world.event('i-0a', 'pending', ACCOUNT, T))).toMatchObject({ status: 'ignored' });
    expect(await deliver(world.event('i-0a', 'running', '999999999999', T))).toMatchObject({ status: 'rejected', reason: expect.stringContaining('not in the catalog') });
    expect(await deliver({ ...world.event('i-0a', 'running', ACCOUNT, T), detail: { 'instance-id': 'nope', state: 'running' } }))
      .toMatchObject({ status: 'rejected', reason: expect.stringContaining('instance-id') });
    expect(await deliver({ hello: 'world' })).toMatchObject({ status: 'rejected' });
    const key = runtimeKey(ACCOUNT, '2026-11', GROUP);
    expect(world.item(key.pk, key.sk)).toBeUndefined();
    expect(world.logs.filter((l) => l.message === 'event rejected')).toHaveLength(3);
  });

  it('asks the evaluator to re-forecast when the running set changes, and only then', async () => {
    const requests = () => world.published.filter((p) => p.detailType === 'Runtime Ledger Changed');
    await startNow('i-0a');
    expect(requests()).toEqual([expect.objectContaining({ detail: expect.objectContaining({ accountId: ACCOUNT, month: '2026-11', group: GROUP }) })]);
    await startNow('i-0a');
    expect(requests()).toHaveLength(1);
    await deliver(world.event('i-0a', 'stopped', ACCOUNT, world.now));
    expect(requests()).toHaveLength(2);
  });

  it('keeps every update when writes race (optimistic versioning retried)', async () => {
    await startNow('i-0a');
    world.injectConflicts = 3;
    await startNow('i-0b');
    const { ledger } = ledgerOf(world, '2026-11');
    expect(Object.keys(ledger.instances).sort()).toEqual(['i-0a', 'i-0b']);
    expect(world.injectConflicts).toBe(0);
  });

  it('publishes one metric per group, not per instance', async () => {
    await startNow('i-0a');
    await startNow('i-0b');
    const names = new Set(world.metrics.map((m) => `${m.name}:${JSON.stringify(m.dims)}`));
    expect([...names]).toEqual([`RuntimeMinutes:${JSON.stringify({ Account: ACCOUNT, Group: GROUP })}`]);
  });
});

describe('runtime meter: predictive stop schedule', () => {
  it('is created at the exhaustion instant, moved when a second instance starts, deleted when all stop', async () => {
    await startNow('i-0a');
    expect(scheduledAt(world)).toBe(at(T + ALLOWANCE - SCHEDULE_LEAD_SECONDS));
    expect(world.schedules.get(SCHEDULE)?.input).toEqual({ kind: 'runtime-exhaustion', accountId: ACCOUNT, group: GROUP, month: '2026-11', exhaustsAt: new Date((T + ALLOWANCE) * 1000).toISOString().replace('.000Z', 'Z') });

    world.advance(9998);
    await startNow('i-0b'); // at T+10000: 50,000 s left, two instances
    expect(scheduledAt(world)).toBe(at(T + 10_000 + 25_000 - SCHEDULE_LEAD_SECONDS));

    await stopNow('i-0a');
    await stopNow('i-0b');
    expect(world.schedules.has(SCHEDULE)).toBe(false);
    expect(world.logs.some((l) => l.message.startsWith('stop schedule deleted'))).toBe(true);
  });

  it('at the limit stops non-exempt group instances, detaches the access policy, records prior values, within 60 s', async () => {
    await startNow('i-0a');
    world.advance(9998);
    await startNow('i-0b');
    await startNow('i-0c'); // exempt, but it burns the allowance too
    const expected = world.schedules.get(SCHEDULE);
    expect(expected).toBeDefined();

    await fireSchedule(12);
    // Fired 18 s before the exhaustion instant; the meter waited for it instead of stopping early.
    expect(world.sleeps).toEqual([18]);
    expect(world.now).toBe(Date.parse(String((expected?.input as { exhaustsAt: string }).exhaustsAt)) / 1000);
    expect(world.stopCalls.flat().sort()).toEqual(['i-0a', 'i-0b']);
    expect(world.attached.has(`user/DataScienceUser|${GPU_POLICY}`)).toBe(false);
    expect(world.alerts()).toEqual([50, 80, 100]);
    const action = world.published.find((p) => p.detailType === 'Guardrail Action Taken');
    expect(action?.detail).toMatchObject({ trigger: 'runtime-limit', dryRun: false, state: 'under' });

    const detachKey = actionKey(ACCOUNT, '2026-11', 'detach-policy', `runtime:${GROUP}:user/DataScienceUser:${GPU_POLICY}`);
    expect(world.item(detachKey.pk, detachKey.sk)).toMatchObject({ status: 'applied', origin: 'runtime-meter', prior: { attached: true, policyArn: GPU_POLICY } });
    const stopKey = actionKey(ACCOUNT, '2026-11', 'stop-instances', `runtime:${GROUP}:us-west-2`);
    expect(world.item(stopKey.pk, stopKey.sk)).toMatchObject({ status: 'applied', prior: { region: 'us-west-2', instanceIds: ['i-0b'] } });

    // The stopping events arrive; the non-exempt instances went at most 60 s of instance time past the allowance.
    const stopAt = world.now + 1;
    for (const id of ['i-0a', 'i-0b']) await deliver(world.event(id, 'stopping', ACCOUNT, stopAt), 1);
    const { ledger, item } = ledgerOf(world, '2026-11');
    expect(usedSeconds(ledger, stopAt) - ALLOWANCE).toBeLessThanOrEqual(60);
    expect(item.limitReachedAt).toBeDefined();
    expect(world.schedules.has(SCHEDULE)).toBe(false);

    // Repeating (duplicate delivery, reconcile) neither alerts again nor overwrites the recorded prior value.
    await route(deps, reconcileEvent());
    await route(deps, runtimeExhaustionPayloadSchema.parse(expected?.input));
    expect(world.alerts()).toEqual([50, 80, 100]);
    expect(world.item(detachKey.pk, detachKey.sk)).toMatchObject({ prior: { attached: true } });
  });

  it('reconciles before stopping: a missed stop event moves the schedule instead of stopping the survivor early', async () => {
    await startNow('i-0a');
    await startNow('i-0b');
    const b = world.gpu('i-0b');
    world.advance(998);
    b.state = 'stopped'; // its stop event is lost
    b.stoppedAt = world.now;
    const stoppedAt = world.now;
    await fireSchedule(1);
    expect(world.stopCalls).toEqual([]);
    expect(world.logs).toContainEqual(expect.objectContaining({ message: 'runtime ledger corrected by reconcile', instanceId: 'i-0b', correctedAt: stoppedAt }));
    const used = usedSeconds(ledgerOf(world, '2026-11').ledger, world.now);
    expect(scheduledAt(world)).toBe(at(world.now + (ALLOWANCE - used) - SCHEDULE_LEAD_SECONDS));
  });

  it('waits in the invocation when a start leaves less than the schedule lead, then stops at the instant', async () => {
    await startNow('i-0a');
    world.now = T + ALLOWANCE - 40;
    await startNow('i-0b'); // delivered 2 s later: 40 - 2 (i-0a) - 2 (i-0b) = 36 s left, two burning: 18 s to go
    expect(world.sleeps).toEqual([18]);
    expect(world.stopCalls.flat().sort()).toEqual(['i-0a', 'i-0b']);
    expect(world.now).toBe(T + ALLOWANCE - 20);
    expect(usedSeconds(ledgerOf(world, '2026-11').ledger, world.now)).toBe(ALLOWANCE);
    expect(world.schedules.has(SCHEDULE)).toBe(false);
  });

  it('carries an instance running at midnight into the new month and meters both months exactly', async () => {
    world.now = Date.parse('2026-11-30T23:00:00Z') / 1000;
    await startNow('i-0b');
    world.now = Date.parse('2026-12-01T00:04:00Z') / 1000;
    await route(deps, reconcileEvent());
    const december = ledgerOf(world, '2026-12');
    expect(usedSeconds(december.ledger, world.now)).toBe(240);
    expect(december.item.running).toMatchObject({ 'i-0b': { since: '2026-12-01T00:00:00Z' } });
    await deliver(world.transition('i-0b', 'stopped', ACCOUNT), 3);
    expect(usedSeconds(ledgerOf(world, '2026-11').ledger, world.now)).toBe(3600);
    expect(usedSeconds(ledgerOf(world, '2026-12').ledger, world.now)).toBe(240);
  });

  it('plans but changes nothing in check mode', async () => {
    const checked = { ...account, mode: 'check' as const };
    world.putCatalog(catalog.org, [checked]);
    await startNow('i-0a');
    await fireSchedule(1);
    expect(world.stopCalls).toEqual([]);
    expect(world.attached.has(`user/DataScienceUser|${GPU_POLICY}`)).toBe(true);
    expect(world.published.find((p) => p.detailType === 'Guardrail Action Taken')?.detail).toMatchObject({ dryRun: true, actions: expect.arrayContaining([expect.objectContaining({ outcome: 'planned' })]) });
  });
});

describe('runtime meter: alerts and reconcile', () => {
  it('raises each threshold once per month', async () => {
    await startNow('i-0a');
    world.now = T + ALLOWANCE / 2 + 5;
    await route(deps, reconcileEvent());
    await route(deps, reconcileEvent());
    await deliver(world.event('i-0a', 'running', ACCOUNT, T));
    expect(world.alerts()).toEqual([50]);
    const alert = world.published.find((p) => p.detailType === 'Runtime Threshold Crossed')?.detail;
    expect(alert).toMatchObject({ accountId: ACCOUNT, group: GROUP, thresholdPct: 50, allowanceMinutes: 1000, runningInstances: ['i-0a'] });
    expect(ledgerOf(world, '2026-11').ledger).toMatchObject({ crossedPct: [50], alertedPct: [50] });
  });

  it('publishes an alert left pending by a failed publish on the next invocation', async () => {
    await startNow('i-0a');
    world.now = T + ALLOWANCE / 2 + 5;
    const failing = { ...deps, bus: { ...deps.bus, publish: async () => { throw new Error('bus down'); } } };
    await expect(route(failing, reconcileEvent())).rejects.toThrow(/reconcile failed for 1 group/);
    expect(world.logs).toContainEqual(expect.objectContaining({ message: 'runtime reconcile failed', error: 'bus down' }));
    expect(world.alerts()).toEqual([]);
    await route(deps, reconcileEvent());
    expect(world.alerts()).toEqual([50]);
  });

  it('corrects a missed stop at the time EC2 reports and logs the correction', async () => {
    await startNow('i-0a');
    const a = world.gpu('i-0a');
    a.state = 'stopped';
    a.stoppedAt = T + 1200;
    world.now = T + 1500;
    await route(deps, reconcileEvent());
    const { ledger } = ledgerOf(world, '2026-11');
    expect(usedSeconds(ledger, T + 5000)).toBe(1200);
    expect(world.logs).toContainEqual(expect.objectContaining({ message: 'runtime ledger corrected by reconcile', instanceId: 'i-0a', ledgerSaid: 'running', ec2Says: 'stopped', correctedAt: T + 1200 }));
    expect(world.schedules.has(SCHEDULE)).toBe(false);
  });

  it('corrects a missed start from LaunchTime and prices it from the Pricing API, cached in the table', async () => {
    const product = JSON.stringify({ terms: { OnDemand: { X: { priceDimensions: { Y: { unit: 'Hrs', pricePerUnit: { USD: '21.9576' } } } } } } });
    const pricing = mockClient(PricingClient);
    pricing.on(GetProductsCommand).resolves({ PriceList: [product] });
    try {
      const a = world.gpu('i-0a');
      a.state = 'running';
      a.launchTime = T - 60;
      await route(deps, reconcileEvent());
      expect(ledgerOf(world, '2026-11').item.runningHourlyUsd).toBeCloseTo(21.9576);
      const cached = priceKey('us-east-1', 'p4d.24xlarge');
      expect(world.item(cached.pk, cached.sk)).toMatchObject({ hourlyUsd: 21.9576, source: 'pricing-api' });
      expect(scheduledAt(world)).toBe(at(T - 60 + ALLOWANCE - SCHEDULE_LEAD_SECONDS));
    } finally {
      pricing.restore();
    }
  });
});

describe('runtime meter: monthly reset', () => {
  it('starts a new ledger and restores exactly what the limit changed, once', async () => {
    await startNow('i-0a');
    await startNow('i-0b');
    await fireSchedule(2);
    for (const id of ['i-0a', 'i-0b']) await deliver(world.transition(id, 'stopped', ACCOUNT), 1);
    expect(world.attached.size).toBe(0);

    world.now = Date.parse('2026-12-01T00:00:30Z') / 1000;
    const restarting = { ...account, enforcement: { ...account.enforcement, restartInstancesOnRestore: true } };
    const report = await resetRuntimeBudgets(deps, restarting, '2026-12');
    expect(report.actions).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'detach-policy', direction: 'revert', outcome: 'applied' }),
      expect.objectContaining({ kind: 'stop-instances', direction: 'revert', outcome: 'applied', region: 'us-east-1' }),
    ]));
    expect(world.attached.has(`user/DataScienceUser|${GPU_POLICY}`)).toBe(true);
    expect(world.gpu('i-0a').state).toBe('running');
    const december = ledgerOf(world, '2026-12');
    expect(december.ledger).toMatchObject({ month: '2026-12', crossedPct: [], limitReachedAt: null });
    expect(world.published.filter((p) => p.detailType === 'Guardrail Action Taken').pop()?.detail).toMatchObject({ trigger: 'reset', month: '2026-12' });

    const again = await resetRuntimeBudgets(deps, restarting, '2026-12');
    expect(again.actions).toEqual([]);
  });

  it('runs when the 1st-of-month rule fires (the 5-minute schedule reconciles, and retries what the reset left)', async () => {
    await startNow('i-0a');
    await startNow('i-0b');
    await fireSchedule(2);
    expect(world.attached.size).toBe(0);
    world.now = Date.parse('2026-12-01T00:05:10Z') / 1000;
    const monthly = { ...reconcileEvent(), resources: ['arn:aws:events:us-east-1:111111111111:rule/budget-guardrails-monthly-reset'] };
    const reports = await route(deps, monthly) as { accountId: string; month: string }[];
    expect(reports).toEqual([expect.objectContaining({ accountId: ACCOUNT, month: '2026-12' })]);
    expect(world.attached.has(`user/DataScienceUser|${GPU_POLICY}`)).toBe(true);
  });

  it('leaves stopped instances stopped unless the account asks for a restart, and never reattaches what was not attached', async () => {
    world.attached.clear();
    await startNow('i-0a');
    await fireSchedule(2);
    world.now = Date.parse('2026-12-01T00:00:30Z') / 1000;
    const report = await resetRuntimeBudgets(deps, account, '2026-12');
    expect(world.attached.size).toBe(0);
    expect(report.actions).toEqual([expect.objectContaining({ kind: 'stop-instances', outcome: 'unchanged' })]);
    expect(world.gpu('i-0a').state).toBe('stopping');
  });
});

describe('runtime meter: Lambda entry point', () => {
  const ENV = {
    GUARDRAILS_TABLE: 'budget-guardrails', GUARDRAILS_BUS_NAME: 'budget-guardrails', GUARDRAILS_HUB_REGION: 'us-east-1',
    GUARDRAILS_SCHEDULER_ROLE_ARN: SCHEDULER_ROLE, GUARDRAILS_RUNTIME_METER_ARN: METER_ARN,
  };
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    jest.useRealTimers();
  });

  it('handles a forwarded EC2 event with production wiring (assumed member role, real clock)', async () => {
    Object.assign(process.env, ENV);
    const logged = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'queueMicrotask', 'hrtime', 'performance'], now: (T + 3) * 1000 });
    world.gpu('i-0a').state = 'running';
    const out = await handler(world.event('i-0a', 'running', ACCOUNT, T));
    expect(out).toMatchObject({ status: 'metered', groups: [{ group: `${GROUP}@2026-11`, outcome: 'applied' }] });
    expect(scheduledAt(world)).toBe(at(T + ALLOWANCE - SCHEDULE_LEAD_SECONDS));
    expect(logged.mock.calls.map((c) => JSON.parse(String(c[0])).message)).toContain('stop schedule set');
  });
});
