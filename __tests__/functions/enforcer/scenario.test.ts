/**
 * data-science on an in-memory model of its account: Over → Critical → Shutdown → new month,
 * compared as full snapshots; duplicate and out-of-order delivery.
 */
import type { AccountPolicy } from '../../../core/catalog/types';
import { lockdownPolicyArn, policyArn } from '../../../core/naming/resources';
import { enforce } from '../../../functions/enforcer/enforce';
import { resetAccounts } from '../../../functions/reset/reset';
import { accountOf, shippedCatalog } from '../../support/catalog';
import { AccountModel, InstalledModel, emptyModel, installModel, snapshot } from './support/account-model';
import { harness, stateEvent, withEnforcement } from './support/harness';

const NOV = (day: number, hour = 0) => new Date(Date.UTC(2026, 10, day, hour));
const DEC_1_0005 = new Date(Date.UTC(2026, 11, 1, 0, 5));

let shipped: AccountPolicy;
beforeAll(async () => {
  shipped = accountOf(await shippedCatalog(), 'data-science');
});

function dataScienceModel(id: string): AccountModel {
  const m = emptyModel();
  m.instances = [
    { id: 'i-0a1', region: 'us-east-1', state: 'running', tags: { team: 'data-science', workload: 'gpu-training' } },
    { id: 'i-0a2', region: 'us-east-1', state: 'running', tags: { team: 'data-science', 'budget-guardrails:exempt': 'true' } },
    { id: 'i-0a3', region: 'us-east-1', state: 'stopped', tags: { team: 'data-science' } },
    { id: 'i-0a4', region: 'us-east-1', state: 'running', tags: { team: 'web' } },
    { id: 'i-0b1', region: 'us-west-2', state: 'running', tags: { team: 'data-science' } },
    { id: 'i-0b2', region: 'us-west-2', state: 'running', tags: { team: 'data-science' } },
  ];
  m.principals = [
    { type: 'role', name: 'DataScientist', policies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] },
    { type: 'user', name: 'DataScienceUser', policies: [policyArn(id, 'AllowGPUAccess')] },
  ];
  return m;
}

let installed: InstalledModel | undefined;
afterEach(() => installed?.restore());

const mutating = (i: InstalledModel) => i.calls.filter((c) => !/:(Describe|List)/.test(c.action));

describe('data-science scenario', () => {
  it('Over → Critical → Shutdown → new month restores exactly the snapshot before Over (restart on restore)', async () => {
    const account = withEnforcement(shipped, { restartInstancesOnRestore: true });
    const model = dataScienceModel(account.id);
    installed = installModel(model);
    const before = snapshot(model);
    const h = harness([account], NOV(3));

    await enforce(h.enforcer, stateEvent(account, 'over', NOV(3)), 'e-over');
    expect(model).toEqual(before); // nothing is configured for Over

    h.now = NOV(10);
    const critical = await enforce(h.enforcer, stateEvent(account, 'critical', NOV(10)), 'e-critical');
    expect(critical.status).toBe('done');
    const state = (id: string) => model.instances.find((i) => i.id === id)!.state;
    expect(['i-0a1', 'i-0b1', 'i-0b2'].map(state)).toEqual(['stopped', 'stopped', 'stopped']);
    expect(state('i-0a2')).toBe('running'); // exempt
    expect(state('i-0a4')).toBe('running'); // other team
    const role = () => model.principals.find((p) => p.name === 'DataScientist')!.policies;
    expect(role()).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess', lockdownPolicyArn(account.id, 'critical')]);
    expect(h.sessions).toContain(`enforcer-${account.id}-critical`);

    h.now = NOV(20);
    await enforce(h.enforcer, stateEvent(account, 'shutdown', NOV(20)), 'e-shutdown');
    expect(role()).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess', lockdownPolicyArn(account.id, 'shutdown')]);

    h.now = DEC_1_0005;
    const reset = await resetAccounts(h.reset());
    expect(reset).toEqual([expect.objectContaining({ accountId: account.id, state: 'unknown' })]);
    expect(model).toEqual(before);
    const last = h.published.at(-1)!;
    expect(last).toMatchObject({ trigger: 'reset', state: 'unknown', month: '2026-12', dryRun: false });
    expect(last.actions.map((a) => `${a.direction} ${a.kind} ${a.target} ${a.outcome}`).sort()).toEqual([
      'revert attach-lockdown role/DataScientist applied',
      'revert stop-instances team=data-science applied',
      'revert stop-instances team=data-science applied',
    ]);

    // A second reset finds nothing left to restore.
    const calls = installed.calls.length;
    await resetAccounts(h.reset());
    expect(installed.calls.length).toBe(calls);
  });

  it('with the shipped default, instances the guardrail stopped stay stopped; everything else is restored', async () => {
    const model = dataScienceModel(shipped.id);
    installed = installModel(model);
    const before = snapshot(model);
    const h = harness([shipped], NOV(10));
    await enforce(h.enforcer, stateEvent(shipped, 'critical', NOV(10)), 'e1');
    h.now = DEC_1_0005;
    await resetAccounts(h.reset());
    const expected = snapshot(before);
    for (const i of expected.instances) if (['i-0a1', 'i-0b1', 'i-0b2'].includes(i.id)) i.state = 'stopped';
    expect(model).toEqual(expected);
  });

  it('the same event delivered three times acts once, also concurrently', async () => {
    const model = dataScienceModel(shipped.id);
    installed = installModel(model);
    const h = harness([shipped], NOV(10));
    const event = stateEvent(shipped, 'critical', NOV(10));
    await enforce(h.enforcer, event, 'same');
    const afterFirst = snapshot(model);
    const writes = mutating(installed).length;
    await enforce(h.enforcer, event, 'same');
    await enforce(h.enforcer, event, 'same');
    expect(mutating(installed).length).toBe(writes);
    expect(model).toEqual(afterFirst);
    expect(h.published).toHaveLength(1);

    const model2 = dataScienceModel(shipped.id);
    installed.restore();
    installed = installModel(model2);
    const h2 = harness([shipped], NOV(10));
    await Promise.all([1, 2, 3].map(() => enforce(h2.enforcer, event, 'same')));
    expect(mutating(installed).filter((c) => c.action === 'ec2:StopInstances')).toHaveLength(2); // one per region
    expect(mutating(installed).filter((c) => c.action === 'iam:AttachRolePolicy')).toHaveLength(1);
    expect(model2).toEqual(afterFirst);
  });

  it('an older event after a newer one changes nothing', async () => {
    const model = dataScienceModel(shipped.id);
    installed = installModel(model);
    const h = harness([shipped], NOV(20));
    await enforce(h.enforcer, stateEvent(shipped, 'shutdown', NOV(20)), 'newer');
    const after = snapshot(model);
    const calls = installed.calls.length;
    const result = await enforce(h.enforcer, stateEvent(shipped, 'over', NOV(10)), 'older');
    expect(result).toEqual({ status: 'ignored', reason: expect.stringContaining('newer state') });
    expect(installed.calls.length).toBe(calls);
    expect(model).toEqual(after);
  });

  it('falling back from Shutdown to Critical swaps the lockdown policy and keeps instances stopped', async () => {
    const model = dataScienceModel(shipped.id);
    installed = installModel(model);
    const h = harness([shipped], NOV(20));
    await enforce(h.enforcer, stateEvent(shipped, 'shutdown', NOV(20)), 'a');
    h.now = NOV(21);
    const back = await enforce(h.enforcer, stateEvent(shipped, 'critical', NOV(21)), 'b');
    expect(back.status === 'done' && back.actions.map((a) => `${a.direction} ${a.kind} ${a.from}->${a.to}`)).toEqual([
      'apply attach-lockdown budget-guardrails-lockdown-shutdown->budget-guardrails-lockdown-critical',
    ]);
    expect(model.principals.find((p) => p.name === 'DataScientist')!.policies)
      .toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess', lockdownPolicyArn(shipped.id, 'critical')]);
  });
});
