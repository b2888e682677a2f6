/**
 * Every enforcement action through aws-sdk-client-mock over an account model: apply, revert,
 * already in the target posture, resource gone, and throttled (through the SDK's own standard
 * retry, with the clients built from CLIENT_DEFAULTS).
 */
import type { AccountPolicy } from '../../../core/catalog/types';
import { lockdownPolicyArn, lockdownPolicyName } from '../../../core/naming/resources';
import { ACTIONS } from '../../../functions/enforcer/actions';
import { accountOf, shippedCatalog } from '../../support/catalog';
import { InstalledModel, emptyModel, installModel, snapshot, testClients, throughSdkPipeline } from './support/account-model';
import { CASES, CRITICAL_SCP, ID, R, changes, planned, principal, run, scpModel } from './support/action-cases';

let account: AccountPolicy;
beforeAll(async () => {
  const ds = accountOf(await shippedCatalog(), 'data-science');
  account = { ...ds, enforcement: { ...ds.enforcement, restartInstancesOnRestore: true } };
});

let installed: InstalledModel | undefined;
afterEach(() => {
  installed?.restore();
  installed = undefined;
  jest.restoreAllMocks();
});

describe.each(CASES)('$kind', (c) => {
  it('apply reaches the enforced posture and records prior values first; revert restores the model exactly', async () => {
    const model = c.normal();
    installed = installModel(model);
    const applied = await run(account, c, 'apply', testClients());
    expect(applied.result.outcome).toBe('applied');
    expect(model).toEqual(c.enforced());
    expect(applied.prior).toBeDefined();
    const reverted = await run(account, c, 'revert', testClients(), applied.prior);
    expect(reverted.result.outcome).toBe('applied');
    expect(model).toEqual(c.normal());
  });

  it('already in the target posture: nothing changes, and revert leaves alone what the guardrail did not do', async () => {
    const there = c.alreadyThere ?? c.enforced;
    const model = there();
    installed = installModel(model);
    const applied = await run(account, c, 'apply', testClients());
    expect(applied.result.outcome).toBe('unchanged');
    expect(changes(installed.calls)).toEqual([]);
    const reverted = await run(account, c, 'revert', testClients(), applied.prior);
    expect(reverted.result.outcome).toBe('unchanged');
    expect(changes(installed.calls)).toEqual([]);
    expect(model).toEqual(there());
  });

  it('resource gone: apply and revert succeed without changing anything', async () => {
    // The prior values of a real apply, then the resource disappears.
    installed = installModel(c.normal());
    const { prior } = await run(account, c, 'apply', testClients());
    installed.restore();
    const model = c.kind === 'attach-scp' ? scpModel([])() : emptyModel();
    const before = snapshot(model);
    installed = installModel(model);
    // An SCP that is gone is a deployment error, tested below; every other kind treats gone as done.
    if (c.kind !== 'attach-scp') expect((await run(account, c, 'apply', testClients())).result.outcome).toBe('unchanged');
    expect((await run(account, c, 'revert', testClients(), prior)).result.outcome).toBe('unchanged');
    expect(changes(installed.calls)).toEqual([]);
    expect(model).toEqual(before);
  });

  it('throttled once: the SDK standard retry (CLIENT_DEFAULTS) retries and the action succeeds', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0); // zero back-off delay: no waiting in tests
    const model = c.normal();
    const sdk = throughSdkPipeline(model, c.change);
    const applied = await run(account, c, 'apply', sdk.clients);
    expect(applied.result.outcome).toBe('applied');
    expect(model).toEqual(c.enforced());
    expect(sdk.calls.filter((x) => x.action.endsWith(`:${c.change}`))).toHaveLength(2);
  });
});

describe('stop-instances specifics', () => {
  it('leaves instances stopped on revert unless restartInstancesOnRestore', async () => {
    const c = CASES[0];
    const model = c.normal();
    installed = installModel(model);
    const { prior } = await run(account, c, 'apply', testClients());
    const remembered: unknown[] = [];
    const result = await ACTIONS['stop-instances'].revert({
      account: { ...account, enforcement: { ...account.enforcement, restartInstancesOnRestore: false } },
      action: planned(c, 'revert'), prior, clients: testClients(), remember: async (p) => { remembered.push(p); }, clock: () => new Date(),
    });
    expect(result).toEqual({ outcome: 'unchanged', to: { leftStopped: ['i-01'] } });
    expect(model).toEqual(c.enforced());
  });

  it('stops in batches of 50 and tolerates an instance that disappears in between', async () => {
    const model = emptyModel();
    model.instances = Array.from({ length: 120 }, (_, i) => ({ id: `i-${(i + 1).toString(16).padStart(4, '0')}`, region: R, state: 'running', tags: { team: 'ml' } }));
    installed = installModel(model);
    const c = CASES[0];
    // The last instance is terminated and gone between DescribeInstances and StopInstances.
    const gone = model.instances[119].id;
    const original = model.instances;
    const clients = testClients();
    const ec2 = clients.ec2(R);
    const send = ec2.send.bind(ec2);
    jest.spyOn(ec2, 'send').mockImplementation(async (command: { constructor: { name: string } }) => {
      if (command.constructor.name === 'StopInstancesCommand' && model.instances === original) {
        model.instances = original.filter((i) => i.id !== gone);
      }
      return send(command as never);
    });
    const { result } = await run(account, c, 'apply', { ...clients, ec2: () => ec2 });
    expect(result.outcome).toBe('applied');
    expect(model.instances.every((i) => i.state === 'stopped')).toBe(true);
    const stops = installed.calls.filter((x) => x.action === 'ec2:StopInstances');
    expect(stops.slice(0, 3).map((x) => (x.input.InstanceIds as string[]).length)).toEqual([50, 50, 20]);
    // The failed batch of 20 was retried one instance at a time, skipping the missing one.
    expect(stops.slice(3).every((x) => (x.input.InstanceIds as string[]).length === 1)).toBe(true);
    expect((result.to as { stopped: string[] }).stopped).toHaveLength(119);
  });
});

describe('attach-lockdown and attach-scp specifics', () => {
  it('moving from the critical to the shutdown lockdown attaches the new policy and detaches only the one it attached', async () => {
    const model = principal('role', 'DataScientist', [])();
    installed = installModel(model);
    const c = CASES.find((x) => x.kind === 'attach-lockdown')!;
    const { prior } = await run(account, c, 'apply', testClients());
    const remembered: unknown[] = [];
    const result = await ACTIONS['attach-lockdown'].apply({
      account, prior, clients: testClients(), remember: async (p) => { remembered.push(p); }, clock: () => new Date(),
      action: { ...planned(c, 'apply'), from: lockdownPolicyName('critical'), to: lockdownPolicyName('shutdown') },
    });
    expect(result.outcome).toBe('applied');
    expect(model.principals[0].policies).toEqual([lockdownPolicyArn(ID, 'shutdown')]);
    expect(remembered.at(-1)).toEqual({ attachedByGuardrail: [lockdownPolicyArn(ID, 'shutdown')] });
  });

  it('an SCP that does not exist fails with a message naming it and the fix', async () => {
    installed = installModel(emptyModel());
    const c = CASES.find((x) => x.kind === 'attach-scp')!;
    await expect(run(account, c, 'apply', testClients())).rejects.toThrow(`no service control policy named "${CRITICAL_SCP}" in the organization; deploy the hub stack`);
  });
});
