/**
 * Enforcement under failure, drift and change: the SRE stories of the enforcer and the reset, each
 * on the in-memory model of a member account (every SDK command answered as AWS would).
 */
import type { AccountPolicy } from '../../../core/catalog/types';
import { policyArn } from '../../../core/naming/resources';
import { enforce, reconcileAccounts } from '../../../functions/enforcer/enforce';
import { resetAccounts } from '../../../functions/reset/reset';
import { accountOf, shippedCatalog } from '../../support/catalog';
import { AccountModel, InstalledModel, awsError, emptyModel, installModel, testClients } from './support/account-model';
import { harness, stateEvent, withEnforcement } from './support/harness';

const at = (iso: string) => new Date(iso);

let web: AccountPolicy;
let ds: AccountPolicy;
beforeAll(async () => {
  const catalog = await shippedCatalog();
  web = accountOf(catalog, 'web-service');
  ds = accountOf(catalog, 'data-science');
});

let installed: InstalledModel | undefined;
afterEach(() => installed?.restore());

const GROUP = 'achampionship-webservice';
function webModel(): AccountModel {
  const m = emptyModel();
  m.groups = [{ region: 'us-east-1', name: GROUP, min: 2, max: 6, desired: 3 }];
  return m;
}
const size = (m: AccountModel) => { const g = m.groups[0]; return `${g.min}/${g.max}/${g.desired}`; };

describe('story 1: month boundary', () => {
  it('January\'s failed revert does not make February save 0/0/0; the retried reset does not undo February; March restores 2/6/3', async () => {
    const model = webModel();
    installed = installModel(model);
    const h = harness([web], at('2027-01-20T10:00:00Z'));
    await enforce(h.enforcer, stateEvent(web, 'shutdown', h.now), 'jan');
    expect(size(model)).toBe('0/0/0');

    // 1 February 00:05: the reset's revert fails once.
    h.now = at('2027-02-01T00:05:00Z');
    model.faults = [{ action: 'autoscaling:UpdateAutoScalingGroup', when: () => true, error: awsError('ServiceUnavailable', 'try again'), times: 1 }];
    const [first] = await resetAccounts(h.reset());
    expect(first.actions).toEqual([expect.objectContaining({ outcome: 'failed' })]);
    expect(size(model)).toBe('0/0/0');

    // February's Shutdown arrives before the reset is retried.
    h.now = at('2027-02-01T00:10:00Z');
    await enforce(h.enforcer, stateEvent(web, 'shutdown', h.now), 'feb');
    expect(size(model)).toBe('0/0/0');

    // The reset's retry must not undo February's Shutdown.
    h.now = at('2027-02-01T00:12:00Z');
    await resetAccounts(h.reset());
    expect(size(model)).toBe('0/0/0');

    // 1 March: the owners' 2/6/3 comes back.
    h.now = at('2027-03-01T00:05:00Z');
    await resetAccounts(h.reset());
    expect(size(model)).toBe('2/6/3');
  });

  it('the reset still mid-revert when February\'s apply runs: the apply waits for the account\'s lease and then reads the owners\' size', async () => {
    const model = webModel();
    installed = installModel(model);
    const h = harness([web], at('2027-01-20T10:00:00Z'));
    await enforce(h.enforcer, stateEvent(web, 'shutdown', h.now), 'jan');
    h.now = at('2027-02-01T00:05:00Z');
    // The reset is slow inside UpdateAutoScalingGroup while February's Shutdown arrives.
    let release!: () => void;
    const slow = new Promise<void>((resolve) => { release = resolve; });
    const resetDeps = h.reset();
    const resetting = resetAccounts({
      ...resetDeps,
      clientsFor: (id, session) => {
        const clients = resetDeps.clientsFor(id, session);
        return { ...clients, autoscaling: (r) => { const c = clients.autoscaling(r); const send = c.send.bind(c); c.send = (async (cmd: never) => { await slow; return send(cmd); }) as never; return c; } };
      },
    });
    await new Promise((r) => setTimeout(r, 20));
    const feb = enforce({ ...h.enforcer, sleep: async () => { release(); await new Promise((r) => setTimeout(r, 5)); } }, stateEvent(web, 'shutdown', at('2027-02-01T00:06:00Z')), 'feb');
    await Promise.all([resetting, feb]);
    expect(size(model)).toBe('0/0/0');
    h.now = at('2027-03-01T00:05:00Z');
    await resetAccounts(h.reset());
    expect(size(model)).toBe('2/6/3');
  }, 10_000);
});

describe('story 2: one bad resource does not block the rest', () => {
  function gpuModel(): AccountModel {
    const m = emptyModel();
    m.instances = ['i-01', 'i-02', 'i-03', 'i-spot'].map((id) => ({ id, region: 'us-east-1', state: 'running', tags: { team: 'data-science' } }));
    m.principals = [{ type: 'role', name: 'DataScientist', policies: [] }, { type: 'user', name: 'DataScienceUser', policies: [policyArn(ds.id, 'AllowGPUAccess')] }];
    return m;
  }

  it('a one-time Spot instance EC2 refuses to stop fails alone; the others stop, and the repeated failure is announced once', async () => {
    const model = gpuModel();
    model.faults = [{
      action: 'ec2:StopInstances', when: (i) => (i.InstanceIds as string[]).includes('i-spot'),
      error: awsError('UnsupportedOperation', 'The instance i-spot is a one-time Spot instance and cannot be stopped'), times: Infinity,
    }];
    installed = installModel(model);
    const h = harness([ds], at('2026-11-10T10:00:00Z'));
    const first = await enforce(h.enforcer, stateEvent(ds, 'critical', h.now), 'e1');
    const state = (id: string) => model.instances.find((i) => i.id === id)!.state;
    expect(['i-01', 'i-02', 'i-03'].map(state)).toEqual(['stopped', 'stopped', 'stopped']);
    expect(state('i-spot')).toBe('running');
    const failed = first.status === 'done' ? first.actions.filter((a) => a.outcome === 'failed') : [];
    expect(failed).toHaveLength(1);
    expect(failed[0].error).toContain('i-spot');
    expect(failed[0].error).not.toMatch(/i-01|i-02|i-03/);
    expect(h.published).toHaveLength(1);

    // Every reconcile retries it; the same failure is not announced again.
    for (const minute of [15, 30, 45]) {
      h.now = new Date(Date.UTC(2026, 10, 10, 10, minute));
      await reconcileAccounts(h.enforcer);
    }
    expect(h.published).toHaveLength(1);
  });

  it('on restore, an instance its owner tagged exempt (explicitly denied) does not keep the others stopped', async () => {
    const account = withEnforcement(ds, { restartInstancesOnRestore: true });
    const model = gpuModel();
    installed = installModel(model);
    const h = harness([account], at('2026-11-10T10:00:00Z'));
    model.clock = () => h.now;
    await enforce(h.enforcer, stateEvent(account, 'critical', h.now), 'e1');
    model.instances.find((i) => i.id === 'i-02')!.tags['budget-guardrails:exempt'] = 'true';
    model.faults = [{
      action: 'ec2:StartInstances', when: (i) => (i.InstanceIds as string[]).includes('i-02'),
      error: awsError('UnauthorizedOperation', 'explicit deny on i-02'), times: Infinity,
    }];
    h.now = at('2026-12-01T00:05:00Z');
    const [result] = await resetAccounts(h.reset());
    const state = (id: string) => model.instances.find((i) => i.id === id)!.state;
    expect(['i-01', 'i-03', 'i-spot'].map(state)).toEqual(['running', 'running', 'running']);
    expect(state('i-02')).toBe('stopped');
    expect(result.actions.some((a) => a.outcome === 'failed')).toBe(false);
  });
});

describe('story 3: account removal never strands a saved value', () => {
  it('deleting accounts/web-service.ts while the kill switch is on: the reset (scheduled and on demand) still restores the group', async () => {
    const model = webModel();
    installed = installModel(model);
    const catalog = [web];
    const h = harness(catalog, at('2026-11-20T10:00:00Z'));
    await enforce(h.enforcer, stateEvent(web, 'shutdown', h.now), 'nov');
    expect(size(model)).toBe('0/0/0');
    catalog.length = 0;

    // The on-demand reset accepts the id of an account the guardrail recorded.
    h.now = at('2026-11-25T10:00:00Z');
    model.faults = [{ action: 'autoscaling:UpdateAutoScalingGroup', when: () => true, error: awsError('ServiceUnavailable'), times: 1 }];
    const [onDemand] = await resetAccounts(h.reset(), { accountIds: [web.id] });
    expect(onDemand).toMatchObject({ accountId: web.id, removedFromCatalog: true, actions: [expect.objectContaining({ outcome: 'failed' })] });

    h.now = at('2026-12-01T00:05:00Z');
    const [scheduled] = await resetAccounts(h.reset());
    expect(scheduled).toMatchObject({ accountId: web.id, accountName: 'web-service', removedFromCatalog: true });
    expect(size(model)).toBe('2/6/3');
    // Nothing is left to restore: the kept policy is dropped, and the next reset skips the account.
    expect(await h.ledger.recordedAccounts()).toEqual([]);
    expect(await resetAccounts(h.reset())).toEqual([]);
  });
});

describe('story 5: restores never overwrite the owners', () => {
  it('owners re-applied Terraform to 4/10/5 during the kill switch: the restore leaves 4/10/5 and records "owner changed it"', async () => {
    const model = webModel();
    installed = installModel(model);
    const h = harness([web], at('2026-11-20T10:00:00Z'));
    await enforce(h.enforcer, stateEvent(web, 'shutdown', h.now), 'nov');
    Object.assign(model.groups[0], { min: 4, max: 10, desired: 5 });
    h.now = at('2026-12-01T00:05:00Z');
    const [result] = await resetAccounts(h.reset());
    expect(size(model)).toBe('4/10/5');
    expect(result.actions).toEqual([expect.objectContaining({ kind: 'scale-to-zero', outcome: 'owner-changed' })]);
    expect(h.published.at(-1)!.actions[0].outcome).toBe('owner-changed');
  });

  it('with restartInstancesOnRestore, an instance its owner stopped again after the guardrail did stays stopped', async () => {
    const account = withEnforcement(ds, { restartInstancesOnRestore: true });
    const model = emptyModel();
    model.instances = ['i-01', 'i-02'].map((id) => ({ id, region: 'us-east-1', state: 'running', tags: { team: 'data-science' } }));
    model.principals = [{ type: 'role', name: 'DataScientist', policies: [] }];
    installed = installModel(model);
    const h = harness([account], at('2026-11-10T10:00:00Z'));
    model.clock = () => h.now;
    await enforce(h.enforcer, stateEvent(account, 'critical', h.now), 'c');
    // The owner starts i-02 for an urgent job and stops it again on purpose, an hour later.
    const i2 = model.instances.find((i) => i.id === 'i-02')!;
    i2.state = 'stopped';
    model.stopTimes!['i-02'] = '2026-11-10T11:00:00.000Z';
    h.now = at('2026-12-01T00:05:00Z');
    await resetAccounts(h.reset());
    expect(model.instances.map((i) => `${i.id} ${i.state}`)).toEqual(['i-01 running', 'i-02 stopped']);
  });
});

describe('story 6: drift is corrected by the periodic reconcile', () => {
  it('an instance started again during Critical and a lockdown detached by hand are put back, and the owners are told once', async () => {
    const model = emptyModel();
    model.instances = [{ id: 'i-01', region: 'us-east-1', state: 'running', tags: { team: 'data-science' } }];
    model.principals = [{ type: 'role', name: 'DataScientist', policies: [] }];
    installed = installModel(model);
    const h = harness([ds], at('2026-11-10T10:00:00Z'));
    await enforce(h.enforcer, stateEvent(ds, 'critical', h.now), 'c');
    const lockdown = model.principals[0].policies[0];
    expect(lockdown).toContain('budget-guardrails-lockdown-critical');
    model.instances[0].state = 'running';
    model.principals[0].policies = [];

    h.now = at('2026-11-10T10:15:00Z');
    const [report] = await reconcileAccounts(h.enforcer);
    expect(model.instances[0].state).toBe('stopped');
    expect(model.principals[0].policies).toEqual([lockdown]);
    expect(report.actions.filter((a) => a.outcome === 'applied').map((a) => a.kind).sort()).toEqual(['attach-lockdown', 'stop-instances']);
    expect(h.published.at(-1)).toMatchObject({ trigger: 'reconcile', state: 'critical' });
    const told = h.published.length;

    h.now = at('2026-11-10T10:30:00Z');
    await reconcileAccounts(h.enforcer);
    expect(h.published).toHaveLength(told);
  });

  it('an RDS instance AWS started again after 7 days is stopped again', async () => {
    const account: AccountPolicy = withEnforcement(web, { shutdown: { ...web.enforcement.shutdown, stopRdsInstances: ['orders'] } });
    const model = webModel();
    model.rdsInstances = [{ region: 'us-east-1', id: 'orders', status: 'available' }];
    installed = installModel(model);
    const h = harness([account], at('2026-11-10T10:00:00Z'));
    await enforce(h.enforcer, stateEvent(account, 'shutdown', h.now), 's');
    expect(model.rdsInstances[0].status).toBe('stopped');
    model.rdsInstances[0].status = 'available';
    h.now = at('2026-11-17T10:15:00Z');
    await reconcileAccounts(h.enforcer);
    expect(model.rdsInstances[0].status).toBe('stopped');
    h.now = at('2026-12-01T00:05:00Z');
    await resetAccounts(h.reset());
    expect(model.rdsInstances[0].status).toBe('available');
    expect(size(model)).toBe('2/6/3');
  });
});

describe('story 7: one enforcement at a time per account', () => {
  it('Critical and Shutdown for one account delivered concurrently never interleave: the lockdown ends at Shutdown, attached once', async () => {
    const model = emptyModel();
    model.instances = [{ id: 'i-01', region: 'us-east-1', state: 'running', tags: { team: 'data-science' } }];
    model.principals = [{ type: 'role', name: 'DataScientist', policies: [] }];
    installed = installModel(model);
    const h = harness([ds], at('2026-11-10T10:00:00Z'));
    const active = new Map<string, number>();
    let most = 0;
    const deps = {
      ...h.enforcer,
      sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 5))),
      clientsFor: (_id: string, session: string) => {
        const c = testClients();
        const iam = c.iam();
        const send = iam.send.bind(iam);
        // Runs in flight at once, told apart by their session (one per run).
        iam.send = (async (cmd: never) => {
          active.set(session, (active.get(session) ?? 0) + 1);
          most = Math.max(most, active.size);
          try {
            await new Promise((r) => setTimeout(r, 3));
            return await send(cmd);
          } finally {
            active.set(session, active.get(session)! - 1);
            if (active.get(session) === 0) active.delete(session);
          }
        }) as never;
        return { ...c, iam: () => iam };
      },
    };
    await Promise.all([
      enforce(deps, stateEvent(ds, 'critical', at('2026-11-10T09:00:00Z')), 'c'),
      enforce(deps, stateEvent(ds, 'shutdown', at('2026-11-10T09:30:00Z')), 's'),
    ]);
    expect(model.principals[0].policies).toEqual([expect.stringContaining('budget-guardrails-lockdown-shutdown')]);
    expect(most).toBe(1);
  });
});
