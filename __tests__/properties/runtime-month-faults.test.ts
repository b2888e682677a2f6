/**
 * Fault injection on the runtime meter over one month boundary (fast-check): the owners start and
 * stop their GPU instances (EC2's events delivered late, twice or never), the allowance runs out,
 * the stop schedule fires or not, the account's mode changes, and IAM, EventBridge, CloudWatch and
 * Scheduler fail at random; every invocation is retried as Lambda would. Invariant: once the
 * 1 December reset has run (retried, then the 5-minute reconcile), the access policy the limit
 * detached is back and every instance is as its owners last left it; exempt and other instances
 * were never stopped.
 */
import fc from 'fast-check';
import type { AccountPolicy, Catalog, Mode } from '../../core/catalog/types';
import { runtimeExhaustionPayloadSchema } from '../../core/events/schemas';
import { route } from '../../functions/runtime-meter/handler';
import { FakeWorld, fakeDeps, installFakeAws } from '../functions/runtime-meter/fake-aws';
import { ACCOUNT, GPU_POLICY, SCHEDULE, dataScience, seedFleet } from '../functions/runtime-meter/scenarios';

const GRANT = `user/DataScienceUser|${GPU_POLICY}`;
const scheduled = (time: string, resources: string[] = []) => ({
  id: `s-${time}`, 'detail-type': 'Scheduled Event', source: 'aws.events', account: '111111111111', time, region: 'us-east-1', resources, detail: {},
});
const MONTHLY = ['arn:aws:events:us-east-1:111111111111:rule/budget-guardrails-monthly-reset'];

type Step =
  | { kind: 'toggle'; id: 'i-0a' | 'i-0b'; delivery: 'once' | 'twice' | 'late' | 'lost' }
  | { kind: 'wait'; minutes: number }
  | { kind: 'reconcile' }
  | { kind: 'schedule' }
  | { kind: 'mode'; mode: Mode }
  | { kind: 'fault'; what: 'iamFailures' | 'busFailures' | 'metricFailures' | 'schedulerFailures'; times: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('toggle' as const), id: fc.constantFrom('i-0a' as const, 'i-0b' as const), delivery: fc.constantFrom('once' as const, 'twice' as const, 'late' as const, 'lost' as const) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('wait' as const), minutes: fc.integer({ min: 5, max: 600 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reconcile' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('schedule' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('mode' as const), mode: fc.constantFrom<Mode>('enforce', 'check', 'skip') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('fault' as const), what: fc.constantFrom('iamFailures' as const, 'busFailures' as const, 'metricFailures' as const, 'schedulerFailures' as const), times: fc.integer({ min: 1, max: 4 }) }) },
);

let catalog: Catalog;
let account: AccountPolicy;
beforeAll(async () => {
  ({ catalog, account } = await dataScience());
  account = { ...account, enforcement: { ...account.enforcement, restartInstancesOnRestore: true } };
});

async function simulateMonth(steps: readonly Step[]): Promise<void> {
  const world = new FakeWorld('2026-11-29T06:00:00Z');
  const restore = installFakeAws(world);
  try {
    const put = (a: AccountPolicy) => world.putCatalog(catalog.org, catalog.accounts.map((x) => (x.id === a.id ? a : x)));
    put(account);
    seedFleet(world);
    const deps = fakeDeps(world);
    const owners: Record<string, boolean> = { 'i-0a': false, 'i-0b': false };
    const retried = async (event: unknown) => {
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          await route(deps, event);
          return;
        } catch { world.advance(60); }
      }
    };
    const late: unknown[] = [];
    // EC2 finishes a stop within minutes: the fake leaves instances `stopping` until time passes.
    const settleStops = () => { for (const g of world.fleet) if (g.state === 'stopping') g.state = 'stopped'; };
    for (const step of steps) {
      if (world.now >= Date.parse('2026-11-30T23:00:00Z') / 1000) break;
      switch (step.kind) {
        case 'toggle': {
          settleStops();
          const running = world.gpu(step.id).state === 'running';
          const event = world.transition(step.id, running ? 'stopped' : 'running', ACCOUNT);
          owners[step.id] = !running;
          world.advance(2);
          if (step.delivery === 'late') late.push(event);
          if (step.delivery === 'once' || step.delivery === 'twice') await retried(event);
          if (step.delivery === 'twice') await retried(event);
          world.advance(180);
          break;
        }
        case 'wait':
          world.advance(step.minutes * 60);
          settleStops();
          for (const e of late.splice(0)) await retried(e);
          break;
        case 'reconcile': await retried(scheduled(new Date(world.now * 1000).toISOString())); break;
        case 'schedule': {
          const s = world.schedules.get(SCHEDULE);
          if (!s) break;
          const payload = runtimeExhaustionPayloadSchema.parse(s.input);
          world.now = Math.max(world.now, Date.parse(payload.exhaustsAt) / 1000 - 30);
          world.schedules.delete(SCHEDULE);
          await retried(payload);
          break;
        }
        case 'mode': put({ ...account, mode: step.mode }); break;
        case 'fault': world[step.what] += step.times; break;
      }
    }
    // 1 December: faults are over; the monthly rule fires (retried), then the 5-minute reconcile.
    for (const what of ['iamFailures', 'busFailures', 'metricFailures', 'schedulerFailures'] as const) world[what] = 0;
    world.now = Date.parse('2026-12-01T00:05:00Z') / 1000;
    settleStops();
    await retried(scheduled('2026-12-01T00:05:00Z', MONTHLY));
    for (let round = 0; round < 3; round++) {
      world.advance(300);
      await retried(scheduled(new Date(world.now * 1000).toISOString()));
    }

    expect(world.attached.has(GRANT)).toBe(true);
    for (const id of ['i-0a', 'i-0b']) {
      const running = ['running', 'pending'].includes(world.gpu(id).state);
      expect({ id, running }).toEqual({ id, running: owners[id] });
    }
    expect(world.stopCalls.flat().filter((id) => id === 'i-0c' || id === 'i-0d')).toEqual([]);
  } finally {
    restore();
  }
}

describe('the runtime meter over one month boundary under faults, owners and mode changes', () => {
  it('gives back what the limit changed and leaves every instance as its owners left it (200 cases)', async () => {
    await fc.assert(fc.asyncProperty(fc.array(stepArb, { minLength: 3, maxLength: 16 }), simulateMonth), { numRuns: 200 });
  });
});
