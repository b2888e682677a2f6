/** The monthly reset: restores last month's enforcement, per account, on schedule or on demand. */
import type { AccountPolicy } from '../../../core/catalog/types';
import { enforce } from '../../../functions/enforcer/enforce';
import { handler, resetRequestSchema } from '../../../functions/reset/handler';
import * as resetModule from '../../../functions/reset/reset';
import { resetAccounts } from '../../../functions/reset/reset';
import { FUNCTION_ENV } from '../../../core/naming/env';
import { accountOf, shippedCatalog } from '../../support/catalog';
import { AccountModel, InstalledModel, awsError, emptyModel, installModel, snapshot } from '../enforcer/support/account-model';
import { harness, stateEvent } from '../enforcer/support/harness';

const NOV_20 = new Date(Date.UTC(2026, 10, 20));
const DEC_1 = new Date(Date.UTC(2026, 11, 1, 0, 5));

let web: AccountPolicy;
let analytics: AccountPolicy;
let ds: AccountPolicy;
beforeAll(async () => {
  const catalog = await shippedCatalog();
  web = accountOf(catalog, 'web-service');
  analytics = accountOf(catalog, 'analytics');
  ds = accountOf(catalog, 'data-science');
});

let installed: InstalledModel | undefined;
afterEach(() => installed?.restore());

function orgModel(): AccountModel {
  const m = emptyModel();
  m.groups = [{ region: 'us-east-1', name: 'achampionship-webservice', min: 2, max: 8, desired: 4 }];
  m.instances = [{ id: 'i-0c1', region: 'us-west-2', state: 'running', tags: { team: 'data-science' } }];
  m.principals = [{ type: 'role', name: 'DataScientist', policies: [] }];
  return m;
}

describe('resetAccounts', () => {
  it.each(['check', 'skip'] as const)('restores what enforce mode changed in an account since switched to %s', async (mode) => {
    const model = orgModel();
    const before = snapshot(model);
    installed = installModel(model);
    const catalog = [web];
    const h = harness(catalog, NOV_20);
    await enforce(h.enforcer, stateEvent(web, 'shutdown', NOV_20), 'w');
    expect(model.groups[0]).toMatchObject({ min: 0, max: 0, desired: 0 });

    catalog[0] = { ...web, mode };
    h.now = DEC_1;
    const [result] = await resetAccounts(h.reset());
    expect(result.actions).toEqual([expect.objectContaining({ kind: 'scale-to-zero', direction: 'revert', outcome: 'applied' })]);
    expect(model).toEqual(snapshot(before));
  });

  it('restores every enforcing account, tells owners (trigger reset), and skips accounts with nothing to restore', async () => {
    const model = orgModel();
    const before = snapshot(model);
    installed = installModel(model);
    const h = harness([analytics, ds, web], NOV_20);
    await enforce(h.enforcer, stateEvent(web, 'shutdown', NOV_20), 'w');
    await enforce(h.enforcer, stateEvent(ds, 'critical', NOV_20), 'd');
    expect(model.groups[0]).toMatchObject({ min: 0, max: 0, desired: 0 });
    h.published.length = 0;

    h.now = DEC_1;
    const results = await resetAccounts(h.reset());
    expect(results.map((r) => [r.accountName, r.state, r.actions.length])).toEqual([
      ['analytics', 'unknown', 0], ['data-science', 'unknown', 3], ['web-service', 'unknown', 1],
    ]);
    expect(h.published.map((p) => [p.accountName, p.trigger, p.state, p.month])).toEqual([
      ['data-science', 'reset', 'unknown', '2026-12'], ['web-service', 'reset', 'unknown', '2026-12'],
    ]);
    expect(h.sessions).toEqual(expect.arrayContaining([`reset-${web.id}-unknown`, `reset-${ds.id}-unknown`]));
    // Instances stay stopped (data-science does not ask for a restart); everything else is back.
    const expected = snapshot(before);
    expected.instances[0].state = 'stopped';
    expect(model).toEqual(expected);
  });

  it('on demand, restores only the accounts asked for; unknown ids are an error naming them', async () => {
    const model = orgModel();
    installed = installModel(model);
    const h = harness([ds, web], NOV_20);
    await enforce(h.enforcer, stateEvent(web, 'shutdown', NOV_20), 'w');
    await enforce(h.enforcer, stateEvent(ds, 'critical', NOV_20), 'd');
    h.now = DEC_1;
    const results = await resetAccounts(h.reset(), { accountIds: [web.id] });
    expect(results.map((r) => r.accountName)).toEqual(['web-service']);
    expect(model.principals[0].policies).toHaveLength(1); // data-science untouched
    await expect(resetAccounts(h.reset(), { accountIds: ['999999999999'] }))
      .rejects.toThrow('accountIds 999999999999 are neither in the catalog');
  });

  it('one failing account does not stop the others, and a revert that failed is retried by the next reconcile', async () => {
    const model = orgModel();
    installed = installModel(model);
    const h = harness([ds, web], NOV_20);
    await enforce(h.enforcer, stateEvent(web, 'shutdown', NOV_20), 'w');
    await enforce(h.enforcer, stateEvent(ds, 'critical', NOV_20), 'd');
    model.faults = [{ action: 'iam:DetachRolePolicy', when: () => true, times: 1, error: awsError('ServiceFailure', 'IAM is having a moment') }];
    h.now = DEC_1;
    const results = await resetAccounts(h.reset());
    const dsResult = results.find((r) => r.accountName === 'data-science')!;
    expect(dsResult.actions.find((a) => a.kind === 'attach-lockdown')).toMatchObject({ outcome: 'failed', error: expect.stringContaining('ServiceFailure') });
    expect(results.find((r) => r.accountName === 'web-service')!.actions).toEqual([expect.objectContaining({ outcome: 'applied' })]);
    expect(model.groups[0]).toMatchObject({ min: 2, max: 8, desired: 4 });
    expect(model.principals[0].policies).toHaveLength(1);

    // The evaluator's first event of December reconciles: the lockdown left from November is lifted.
    h.now = new Date(Date.UTC(2026, 11, 1, 4));
    const next = await enforce(h.enforcer, stateEvent(ds, 'unknown', h.now), 'dec');
    expect(next.status === 'done' && next.actions.map((a) => `${a.direction} ${a.kind} ${a.outcome}`)).toEqual(['revert attach-lockdown applied']);
    expect(model.principals[0].policies).toEqual([]);
  });

  it('a month whose state is known already keeps what it still requires: the enforcer carries the saved size into the new month', async () => {
    const model = orgModel();
    installed = installModel(model);
    const h = harness([web], NOV_20);
    await enforce(h.enforcer, stateEvent(web, 'shutdown', NOV_20), 'w');
    h.now = DEC_1;
    const [result] = await resetAccounts(h.reset({ [web.id]: 'shutdown' }));
    // Restoring 2/8/4 only to set 0/0/0 again minutes later would bounce the owners' service.
    expect(result).toMatchObject({ state: 'shutdown', actions: [] });
    expect(model.groups[0]).toMatchObject({ min: 0, max: 0, desired: 0 });
    await enforce(h.enforcer, stateEvent(web, 'shutdown', DEC_1), 'w2');
    expect(model.groups[0]).toMatchObject({ min: 0, max: 0, desired: 0 });
    const key = (month: string) => `${web.id}|${month}|scale-to-zero|achampionship-webservice@us-east-1`;
    expect(h.ledger.rows.get(key('2026-12'))?.prior).toEqual({ min: 2, max: 8, desired: 4 });
    expect(h.ledger.rows.get(key('2026-11'))).toMatchObject({ direction: 'revert', status: 'done' });
    h.now = new Date(Date.UTC(2027, 0, 1, 0, 5));
    await resetAccounts(h.reset());
    expect(model.groups[0]).toMatchObject({ min: 2, max: 8, desired: 4 });
  });
});

describe('reset handler', () => {
  it('accepts the monthly schedule\'s event (every account) and an on-demand request', () => {
    const scheduled = {
      version: '0', id: 'e1', 'detail-type': 'Scheduled Event', source: 'aws.events', account: '111111111111',
      time: '2026-12-01T00:05:00Z', region: 'us-east-1', resources: [], detail: {},
    };
    expect(resetRequestSchema.parse(scheduled).accountIds).toBeUndefined();
    expect(resetRequestSchema.parse({ accountIds: ['222222222222'] }).accountIds).toEqual(['222222222222']);
  });

  it('fails the invocation when a restore did not finish, so it is retried and ends in the dead-letter queue', async () => {
    const saved = { table: process.env[FUNCTION_ENV.table], bus: process.env[FUNCTION_ENV.busName] };
    process.env[FUNCTION_ENV.table] = 'budget-guardrails';
    process.env[FUNCTION_ENV.busName] = 'budget-guardrails';
    const run = jest.spyOn(resetModule, 'resetAccounts');
    try {
      run.mockResolvedValueOnce([
        { accountId: web.id, accountName: 'web-service', state: 'unknown', actions: [{ kind: 'scale-to-zero', target: 'web', direction: 'revert', outcome: 'applied' }] },
      ]);
      await expect(handler({})).resolves.toHaveLength(1);
      run.mockResolvedValueOnce([
        { accountId: web.id, accountName: 'web-service', state: 'unknown', actions: [{ kind: 'scale-to-zero', target: 'web', direction: 'revert', outcome: 'applied' }] },
        { accountId: ds.id, accountName: 'data-science', state: 'unknown', actions: [{ kind: 'attach-lockdown', target: 'role/DataScientist', direction: 'revert', outcome: 'failed', error: 'ServiceFailure: IAM is having a moment' }] },
        { accountId: analytics.id, accountName: 'analytics', actions: [], error: 'AccessDenied: cannot assume the enforcement role' },
      ]);
      const failed = handler({});
      await expect(failed).rejects.toThrow(/restore did not finish for data-science \(222222222222\): attach-lockdown role\/DataScientist: ServiceFailure/);
      await expect(failed).rejects.toThrow(/analytics \(444444444444\): AccessDenied/);
    } finally {
      run.mockRestore();
      for (const [key, value] of [[FUNCTION_ENV.table, saved.table], [FUNCTION_ENV.busName, saved.bus]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it('rejects a malformed on-demand request, naming the field and the fix', async () => {
    await expect(handler({ accountIds: ['12'] })).rejects.toThrow('invalid reset request: accountIds.0: must be a 12-digit account id');
    await expect(handler({ accountIds: [] })).rejects.toThrow('list at least one account id, or omit accountIds');
  });
});
