/**
 * The runtime meter under failure and change: one instance EC2 refuses to stop, restores in every
 * mode, a CloudWatch outage, a lost re-forecast. Real adapters over the stateful fake AWS world.
 */
import type { AccountPolicy, Catalog } from '../../../core/catalog/types';
import type { MeterDeps } from '../../../functions/runtime-meter/deps';
import { route } from '../../../functions/runtime-meter/handler';
import { restoreLastMonth } from '../../../functions/runtime-meter/monthly-reset';
import { resetAccounts } from '../../../functions/reset/reset';
import { harness } from '../enforcer/support/harness';
import { FakeWorld, fakeDeps, installFakeAws } from './fake-aws';
import { ACCOUNT, GPU_POLICY, SCHEDULE, dataScience, deliver as deliverTo, fireStopSchedule, seedFleet } from './scenarios';

const START = '2026-11-06T08:00:00Z';
const GRANT = `user/DataScienceUser|${GPU_POLICY}`;
const scheduled = (resources: string[] = []) => ({
  id: 'rec', 'detail-type': 'Scheduled Event', source: 'aws.events', account: '111111111111', time: START, region: 'us-east-1', resources, detail: {},
});
const MONTHLY = ['arn:aws:events:us-east-1:111111111111:rule/budget-guardrails-monthly-reset'];

let catalog: Catalog;
let account: AccountPolicy;
let world: FakeWorld;
let deps: MeterDeps;
let restore: () => void;

beforeAll(async () => {
  ({ catalog, account } = await dataScience());
});

function setUp(accounts: readonly AccountPolicy[] = catalog.accounts) {
  world = new FakeWorld(START);
  restore = installFakeAws(world);
  world.putCatalog(catalog.org, accounts);
  seedFleet(world);
  deps = fakeDeps(world);
}
afterEach(() => restore());

const deliver = (envelope: unknown, seconds = 2) => deliverTo(world, deps, envelope, seconds);
const startNow = (id: string) => deliver(world.transition(id, 'running', ACCOUNT));
const actionReports = () => world.published.filter((p) => p.detailType === 'Guardrail Action Taken');

const fireSchedule = (delay: number) => fireStopSchedule(world, deps, delay);

describe('story 2: a Spot instance EC2 refuses to stop', () => {
  it('does not keep the p4d running past the allowance, and its failure is announced once, not by every reconcile', async () => {
    setUp();
    world.fleet.push({ id: 'i-spot', region: 'us-east-1', state: 'stopped', type: 'g5.xlarge', tags: { workload: 'gpu-training' } });
    world.unstoppable.set('i-spot', 'The instance i-spot is a one-time Spot instance and cannot be stopped');
    await startNow('i-0a');
    await startNow('i-spot');
    await fireSchedule(2).catch(() => undefined);
    expect(world.gpu('i-0a').state).toBe('stopping');
    expect(world.gpu('i-spot').state).toBe('running');
    const failedReports = () => actionReports().filter((r) => (r.detail.actions as { outcome: string }[]).some((a) => a.outcome === 'failed'));
    expect(failedReports()).toHaveLength(1);
    expect(JSON.stringify(failedReports()[0].detail)).toContain('i-spot');
    for (let i = 0; i < 3; i++) {
      world.advance(300);
      await route(deps, scheduled()).catch(() => undefined);
    }
    expect(failedReports()).toHaveLength(1);
  });
});

describe('story 4: runtime restores', () => {
  it.each(['check', 'skip'] as const)('an account switched to %s after the limit fired is restored at the monthly reset', async (mode) => {
    setUp();
    await startNow('i-0a');
    await startNow('i-0b');
    await fireSchedule(2);
    expect(world.attached.has(GRANT)).toBe(false);
    world.putCatalog(catalog.org, catalog.accounts.map((a) => (a.id === ACCOUNT ? { ...a, mode } : a)));
    world.now = Date.parse('2026-12-01T00:05:00Z') / 1000;
    await route(deps, scheduled(MONTHLY));
    expect(world.attached.has(GRANT)).toBe(true);
  });

  it('an on-demand reset of the account restores last month\'s runtime records at once', async () => {
    setUp();
    await startNow('i-0a');
    await fireSchedule(2);
    world.now = Date.parse('2026-12-01T00:05:00Z') / 1000;
    const h = harness([account], new Date(world.now * 1000));
    const [report] = await resetAccounts({ ...h.reset(), runtime: (a, m) => restoreLastMonth(deps, a, m) }, { accountIds: [ACCOUNT] });
    expect(world.attached.has(GRANT)).toBe(true);
    expect(report.actions).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'detach-policy', direction: 'revert', outcome: 'applied' })]));
  });

  it('a runtime budget removed from the catalog while its limit held is still restored', async () => {
    setUp();
    await startNow('i-0a');
    await fireSchedule(2);
    expect(world.attached.has(GRANT)).toBe(false);
    world.putCatalog(catalog.org, catalog.accounts.map((a) => (a.id === ACCOUNT ? { ...a, runtimeBudgets: [] } : a)));
    world.now = Date.parse('2026-12-01T00:05:00Z') / 1000;
    await route(deps, scheduled(MONTHLY));
    expect(world.attached.has(GRANT)).toBe(true);
  });
});

describe('story 9: a metrics outage never stops enforcement', () => {
  it('while PutMetricData fails, alerts go out, the stop schedule is set and the limit stops the instances', async () => {
    setUp();
    world.metricFailures = 1000;
    await startNow('i-0a');
    expect(world.schedules.has(SCHEDULE)).toBe(true);
    await fireSchedule(2);
    expect(world.gpu('i-0a').state).toBe('stopping');
    expect(world.alerts()).toEqual([50, 80, 100]);
    expect(world.logs.some((l) => l.message.startsWith('runtime metric not published'))).toBe(true);
  });
});

describe('story 10: a lost re-forecast is not lost', () => {
  const requests = () => world.published.filter((p) => p.detailType === 'Runtime Ledger Changed');

  it('settle() failing after the ledger write does not lose the request: it went out before, or the retry sends it', async () => {
    setUp();
    world.schedulerFailures = 1;
    world.gpu('i-0a').state = 'running';
    const event = world.event('i-0a', 'running', ACCOUNT, world.now);
    await expect(deliver(event)).rejects.toThrow();
    await deliver(event); // EventBridge retries the failed invocation
    expect(requests()).toHaveLength(1);
  });

  it('a request whose PutEvents failed is re-sent by the retry, although the ledger already holds the change', async () => {
    setUp();
    world.busFailures = 1;
    world.gpu('i-0a').state = 'running';
    const event = world.event('i-0a', 'running', ACCOUNT, world.now);
    await expect(deliver(event)).rejects.toThrow();
    expect(requests()).toHaveLength(0);
    await deliver(event);
    expect(requests()).toHaveLength(1);
    await deliver(event);
    expect(requests()).toHaveLength(1);
  });
});
