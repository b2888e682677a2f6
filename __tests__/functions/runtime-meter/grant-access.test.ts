/**
 * The reconcile grants the access the guardrail owns (AllowGPUAccess → DataScienceUser in the
 * shipped catalog, which Terraform deliberately leaves unattached) and never undoes a revocation.
 */
import type { AccountPolicy, Catalog } from '../../../core/catalog/types';
import { runtimeExhaustionPayloadSchema } from '../../../core/events/schemas';
import { SCHEDULE_LEAD_SECONDS } from '../../../core/runtime/schedule';
import { actionKey } from '../../../core/storage/keys';
import type { ActionRecord } from '../../../functions/aws/action-ledger';
import type { MeterDeps } from '../../../functions/runtime-meter/deps';
import { grantAccess } from '../../../functions/runtime-meter/grant-access';
import { route } from '../../../functions/runtime-meter/handler';
import { resetRuntimeBudgets } from '../../../functions/runtime-meter/monthly-reset';
import { FakeWorld, fakeDeps, installFakeAws } from './fake-aws';
import { ACCOUNT, GPU_POLICY, SCHEDULE, dataScience, seedFleet } from './scenarios';

const START = '2026-11-06T08:00:00Z';
const GRANT = `user/DataScienceUser|${GPU_POLICY}`;
const ENFORCER_TARGET = 'user/DataScienceUser:AllowGPUAccess';

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
  world.attached.clear(); // a member stack just applied: Terraform created AllowGPUAccess but attached it to no one
  deps = fakeDeps(world);
});

afterEach(() => restore());

const reconcile = async () => (await route(deps, {
  id: 'rec', 'detail-type': 'Scheduled Event', source: 'aws.events', account: '111111111111',
  time: new Date(world.now * 1000).toISOString(), region: 'us-east-1', resources: [], detail: {},
})) as { corrections: number; granted: number; failures: number };

const logged = (message: string) => world.logs.filter((l) => l.message === message);

/** Runs the group to its limit: i-0a runs, the stop schedule fires and the meter enforces. */
async function useUpAllowance() {
  world.advance(2);
  await route(deps, world.transition('i-0a', 'running', ACCOUNT));
  const schedule = world.schedules.get(SCHEDULE);
  if (!schedule) throw new Error('no stop schedule is set');
  const payload = runtimeExhaustionPayloadSchema.parse(schedule.input);
  world.now = Date.parse(payload.exhaustsAt) / 1000 - SCHEDULE_LEAD_SECONDS + 2;
  world.schedules.delete(SCHEDULE);
  await route(deps, payload);
}

/** An enforcer ledger record (functions/aws/action-ledger.ts) for the state-level detach of AllowGPUAccess. */
function enforcerRecord(month: string, fields: Partial<ActionRecord>) {
  const record: ActionRecord = {
    kind: 'detach-policy', target: ENFORCER_TARGET, month, posture: 'detached', direction: 'apply', status: 'done',
    state: 'over', prior: { wasAttached: true }, updatedAt: new Date(world.now * 1000).toISOString(), ...fields,
  };
  const key = actionKey(ACCOUNT, month, 'detach-policy', ENFORCER_TARGET);
  world.table.set(`${key.pk}|${key.sk}`, { ...key, ...record });
}

/** data-science with AllowGPUAccess also detached at Over, so the enforcer's ledger can hold it. */
const withStateDetach = (a: AccountPolicy): AccountPolicy => ({
  ...a, enforcement: { ...a.enforcement, over: { ...a.enforcement.over, detachPolicies: [{ policy: 'AllowGPUAccess', users: ['DataScienceUser'], groups: [], roles: [] }] } },
});

describe('runtime meter reconcile: access grants', () => {
  it('attaches AllowGPUAccess to DataScienceUser on the first reconcile, logs it, and does nothing on the second', async () => {
    expect(await reconcile()).toMatchObject({ granted: 1, failures: 0 });
    expect([...world.attached]).toEqual([GRANT]);
    expect(logged('access granted')).toEqual([expect.objectContaining({
      accountId: ACCOUNT, month: '2026-11', policy: 'AllowGPUAccess', policyArn: GPU_POLICY, principal: 'user/DataScienceUser',
    })]);

    world.advance(300);
    expect(await reconcile()).toMatchObject({ granted: 0, failures: 0 });
    expect(world.attachCalls).toEqual([GRANT]);
    expect(logged('access granted')).toHaveLength(1);
  });

  it('does not re-attach what the runtime limit detached, until a restore succeeded; a restore that failed on the 1st is retried by the reconcile', async () => {
    await reconcile();
    await useUpAllowance();
    expect(world.attached.has(GRANT)).toBe(false);
    await route(deps, world.transition('i-0a', 'stopped', ACCOUNT));

    world.advance(300);
    await reconcile();
    expect(world.attached.has(GRANT)).toBe(false);
    expect(await grantAccess(deps, account)).toEqual([expect.objectContaining({ outcome: 'revoked', reason: expect.stringContaining('gpu-training') })]);

    // New month: IAM fails the 1st's restore through all its retries. Until a restore succeeds,
    // last month's detach still holds the grant back.
    world.now = Date.parse('2026-12-01T00:05:00Z') / 1000;
    world.iamFailures = 3;
    // The first attempt fails the invocation; its retries hit the same failure, already announced,
    // and leave it to the reconcile.
    await expect(resetRuntimeBudgets(deps, account, '2026-12')).rejects.toThrow(/revert\(s\) failed/);
    for (let retry = 0; retry < 2; retry++) {
      expect((await resetRuntimeBudgets(deps, account, '2026-12')).actions).toEqual([expect.objectContaining({ outcome: 'failed', repeated: true })]);
    }
    expect(world.attached.has(GRANT)).toBe(false);
    // IAM is back: the next 5-minute reconcile retries the restore, and the owners are told once.
    world.advance(300);
    await reconcile();
    expect(world.attached.has(GRANT)).toBe(true);
    world.advance(300);
    expect(await reconcile()).toMatchObject({ granted: 0 });
    expect(world.attachCalls).toEqual([GRANT, GRANT]); // the first grant, then the retried restore
    const resets = world.published.filter((p) => p.detailType === 'Guardrail Action Taken' && p.detail.trigger === 'reset');
    const detach = (r: { detail: Record<string, unknown> }) => (r.detail.actions as { kind: string; outcome: string }[]).find((a) => a.kind === 'detach-policy')?.outcome;
    expect(resets.map(detach)).toEqual(['failed', 'applied']);
  });

  it('holds off while a runtime group is used up even when the limit found nothing to detach, and grants in the new month', async () => {
    world.missing.add(GPU_POLICY); // not created yet: the first reconcile cannot grant
    await reconcile();
    await useUpAllowance();
    world.missing.clear();
    world.advance(300);
    await reconcile();
    expect(world.attached.has(GRANT)).toBe(false);
    expect(await grantAccess(deps, account)).toEqual([expect.objectContaining({ outcome: 'revoked', reason: expect.stringContaining('used up') })]);

    world.now = Date.parse('2026-12-01T00:10:00Z') / 1000;
    await resetRuntimeBudgets(deps, account, '2026-12');
    expect(world.attached.has(GRANT)).toBe(false); // the reset reattaches only what the limit detached
    expect(await reconcile()).toMatchObject({ granted: 1 });
    expect(world.attached.has(GRANT)).toBe(true);
  });

  it('is blocked by an enforcer detach in force (this month or last month\'s until reverted), not by a completed revert', async () => {
    world.putCatalog(catalog.org, [withStateDetach(account)]);
    enforcerRecord('2026-11', {});
    await reconcile();
    expect(world.attached.has(GRANT)).toBe(false);

    enforcerRecord('2026-11', { status: 'intent' }); // an enforcer run is detaching it right now
    await reconcile();
    expect(world.attached.has(GRANT)).toBe(false);

    world.now = Date.parse('2026-12-01T00:03:00Z') / 1000; // before the reset function ran
    await reconcile();
    expect(world.attached.has(GRANT)).toBe(false);
    expect(world.attachCalls).toEqual([]);

    enforcerRecord('2026-11', { direction: 'revert', posture: 'detached', status: 'done', prior: undefined }); // the reset restored it
    expect(await reconcile()).toMatchObject({ granted: 1 });
    expect(world.attached.has(GRANT)).toBe(true);
  });

  it('takes a grant back when a revocation was made while it was being attached', async () => {
    world.putCatalog(catalog.org, [withStateDetach(account)]);
    const racing: MeterDeps = {
      ...deps,
      member: {
        ...deps.member,
        iam: async (id) => {
          const iam = await deps.member.iam(id);
          return {
            isAttached: (p, arn) => iam.isAttached(p, arn),
            detach: (p, arn) => iam.detach(p, arn),
            attach: async (p, arn) => {
              enforcerRecord('2026-11', { prior: { wasAttached: false } }); // the enforcer found it detached and recorded the posture
              await iam.attach(p, arn);
            },
          };
        },
      },
    };
    expect(await grantAccess(racing, withStateDetach(account))).toEqual([expect.objectContaining({ outcome: 'withdrawn' })]);
    expect(world.attached.has(GRANT)).toBe(false);
    expect(logged('access grant withdrawn: a revocation was made while it was attached')).toHaveLength(1);
  });

  it('changes nothing in check mode, and only logs the plan', async () => {
    world.putCatalog(catalog.org, [{ ...account, mode: 'check' }]);
    expect(await reconcile()).toMatchObject({ granted: 0, failures: 0 });
    expect(world.attached.size).toBe(0);
    expect(world.attachCalls).toEqual([]);
    expect(logged('access grant planned (check mode: nothing attached)')).toEqual([expect.objectContaining({ principal: 'user/DataScienceUser' })]);
  });

  it('tolerates a principal that does not exist yet, meters anyway, and grants once it exists', async () => {
    world.missing.add('user/DataScienceUser');
    world.advance(2);
    await route(deps, world.transition('i-0a', 'running', ACCOUNT));
    expect(await reconcile()).toMatchObject({ granted: 0, failures: 0 });
    expect(logged('access grant skipped: the principal or policy does not exist yet (member stack not applied?)'))
      .toEqual([expect.objectContaining({ principal: 'user/DataScienceUser', reason: expect.stringContaining('NoSuchEntity') })]);
    expect(world.metrics.length).toBeGreaterThan(0);

    world.missing.clear();
    world.advance(300);
    expect(await reconcile()).toMatchObject({ granted: 1 });
  });

  it('attaches only to the principals the catalog lists under the access policy', async () => {
    const wide: AccountPolicy = {
      ...account,
      accessPolicies: [{ ...account.accessPolicies[0], users: ['DataScienceUser', 'Analyst'] }],
      runtimeBudgets: [{
        ...account.runtimeBudgets[0],
        atLimit: { ...account.runtimeBudgets[0].atLimit, detachPolicies: [{ policy: 'AllowGPUAccess', users: ['DataScienceUser', 'Intruder'], groups: [], roles: [] }] },
      }],
    };
    world.putCatalog(catalog.org, [wide]);
    await reconcile();
    // Analyst is Terraform's (nothing detaches it from Analyst); Intruder is not granted the policy by the catalog.
    expect([...world.attached]).toEqual([GRANT]);
  });

  it('reports a failed attach as a reconcile failure after trying every grant', async () => {
    const failing: MeterDeps = {
      ...deps,
      member: { ...deps.member, iam: async () => ({ isAttached: async () => false, detach: async () => undefined, attach: async () => { throw new Error('AccessDenied'); } }) },
    };
    await expect(route(failing, {
      id: 'rec', 'detail-type': 'Scheduled Event', source: 'aws.events', account: '111111111111', time: START, region: 'us-east-1', resources: [], detail: {},
    })).rejects.toThrow(/0 group\(s\) and 1 access grant\(s\)/);
    expect(logged('access grant failed')).toEqual([expect.objectContaining({ reason: expect.stringContaining('AccessDenied') })]);
  });
});
