/** The enforcer's decisions: modes, rejected events, months, failures retried at the next reconcile, SCP lockdown. */
import type { AccountPolicy } from '../../../core/catalog/types';
import { lockdownScpNameFor } from '../../../core/lockdown/document';
import * as enforceModule from '../../../functions/enforcer/enforce';
import { RejectedEventError, enforce } from '../../../functions/enforcer/enforce';
import { FUNCTION_ENV } from '../../../core/naming/env';
import { handler } from '../../../functions/enforcer/handler';
import { accountOf, shippedCatalog } from '../../support/catalog';
import { InstalledModel, awsError, emptyModel, installModel } from './support/account-model';
import { harness, stateEvent, withEnforcement } from './support/harness';

const AT = new Date(Date.UTC(2026, 10, 10, 12));
let installed: InstalledModel | undefined;
afterEach(() => {
  installed?.restore();
  installed = undefined;
});

let web: AccountPolicy;
let analytics: AccountPolicy;
let ds: AccountPolicy;
beforeAll(async () => {
  const catalog = await shippedCatalog();
  web = accountOf(catalog, 'web-service');
  analytics = accountOf(catalog, 'analytics');
  ds = accountOf(catalog, 'data-science');
});

describe('enforce', () => {
  it('check mode plans and reports but changes nothing (and records nothing)', async () => {
    const model = emptyModel();
    model.rdsClusters = [{ region: 'us-east-1', id: 'reporting', status: 'available' }];
    installed = installModel(model);
    const h = harness([analytics], AT);
    const result = await enforce(h.enforcer, stateEvent(analytics, 'critical', AT), 'e1');
    expect(result).toMatchObject({ status: 'done', dryRun: true });
    expect(h.published).toHaveLength(1);
    expect(h.published[0]).toMatchObject({ dryRun: true, trigger: 'state-change', state: 'critical' });
    expect(h.published[0].actions.map((a) => `${a.kind} ${a.target} ${a.outcome}`)).toEqual([
      'pause-redshift warehouse planned', 'stop-rds-cluster reporting planned', 'tag-unapproved team=analytics planned',
    ]);
    expect(installed.calls).toEqual([]);
    expect(h.ledger.rows.size).toBe(0);
  });

  it('an event with dryRun set is a dry run even for an enforce account', async () => {
    installed = installModel(emptyModel());
    const h = harness([web], AT);
    const result = await enforce(h.enforcer, stateEvent(web, 'shutdown', AT, { dryRun: true }), 'e1');
    expect(result).toMatchObject({ status: 'done', dryRun: true, actions: [expect.objectContaining({ kind: 'scale-to-zero', outcome: 'planned' })] });
    expect(installed.calls).toEqual([]);
  });

  it('an account switched to check mode still gets back what enforce mode changed; new changes are only planned', async () => {
    const model = emptyModel();
    model.groups = [{ region: 'us-east-1', name: 'achampionship-webservice', min: 2, max: 8, desired: 4 }];
    installed = installModel(model);
    const catalog = [web];
    const h = harness(catalog, AT);
    await enforce(h.enforcer, stateEvent(web, 'shutdown', AT), 'e1');
    expect(model.groups[0]).toMatchObject({ min: 0, max: 0, desired: 0 });

    catalog[0] = { ...web, mode: 'check' };
    const later = new Date(AT.getTime() + 3600_000);
    h.now = later;
    const fell = await enforce(h.enforcer, stateEvent(catalog[0], 'on-target', later, { dryRun: true }), 'e2');
    expect(fell).toMatchObject({ status: 'done', dryRun: true, actions: [expect.objectContaining({ kind: 'scale-to-zero', direction: 'revert', outcome: 'applied' })] });
    expect(model.groups[0]).toMatchObject({ min: 2, max: 8, desired: 4 });

    const calls = installed.calls.length;
    const again = await enforce(h.enforcer, stateEvent(catalog[0], 'shutdown', later, { dryRun: true }), 'e3');
    expect(again).toMatchObject({ actions: [expect.objectContaining({ kind: 'scale-to-zero', direction: 'apply', outcome: 'planned' })] });
    expect(installed.calls.length).toBe(calls);
  });

  it('rejects an event for an account that is not in the catalog, acting on nothing', async () => {
    installed = installModel(emptyModel());
    const h = harness([web], AT);
    const stranger = { ...web, id: '999999999999', name: 'stranger' };
    await expect(enforce(h.enforcer, stateEvent(stranger, 'shutdown', AT), 'e1')).rejects.toThrow(RejectedEventError);
    await expect(enforce(h.enforcer, stateEvent(stranger, 'shutdown', AT), 'e1')).rejects.toThrow('999999999999 (stranger), which is not in the catalog');
    expect(installed.calls).toEqual([]);
  });

  it('ignores skip-mode accounts and events for another month', async () => {
    installed = installModel(emptyModel());
    const skip = { ...web, mode: 'skip' as const };
    expect(await enforce(harness([skip], AT).enforcer, stateEvent(skip, 'shutdown', AT), 'e1'))
      .toEqual({ status: 'ignored', reason: 'account web-service is in skip mode' });
    const h = harness([web], new Date(Date.UTC(2026, 11, 1, 0, 1)));
    expect(await enforce(h.enforcer, stateEvent(web, 'shutdown', AT), 'e1'))
      .toEqual({ status: 'ignored', reason: expect.stringContaining('the event is for 2026-11 but it is 2026-12') });
    expect(installed.calls).toEqual([]);
  });

  it('one failing action does not stop the others; it is reported, and retried at the next reconcile', async () => {
    const account = withEnforcement(web, { shutdown: { ...web.enforcement.shutdown, scaleToZero: ['web-a', 'web-b', 'web-c'] } });
    const model = emptyModel();
    model.groups = ['web-a', 'web-b', 'web-c'].map((name) => ({ region: 'us-east-1', name, min: 1, max: 4, desired: 2 }));
    // web-b fails once with AccessDenied (not retryable), then works.
    model.faults = [{
      action: 'autoscaling:UpdateAutoScalingGroup', when: (input) => input.AutoScalingGroupName === 'web-b', times: 1,
      error: awsError('AccessDenied', 'User is not authorized to perform autoscaling:UpdateAutoScalingGroup'),
    }];
    installed = installModel(model);
    const h = harness([account], AT);

    const first = await enforce(h.enforcer, stateEvent(account, 'shutdown', AT), 'e1');
    expect(first.status === 'done' && first.actions.map((a) => `${a.target} ${a.outcome}`)).toEqual(['web-a applied', 'web-b failed', 'web-c applied']);
    expect(first.status === 'done' && first.actions[1].error).toContain('AccessDenied');
    expect(model.groups.map((g) => g.desired)).toEqual([0, 2, 0]);

    h.now = new Date(AT.getTime() + 4 * 3600_000);
    const again = await enforce(h.enforcer, stateEvent(account, 'shutdown', h.now), 'e2');
    expect(again.status === 'done' && again.actions.map((a) => `${a.target} ${a.outcome}`)).toEqual(['web-b applied']);
    expect(model.groups.map((g) => g.desired)).toEqual([0, 0, 0]);
    // The restore later puts back each group's own size, including the one that failed first.
    h.now = new Date(AT.getTime() + 8 * 3600_000);
    await enforce(h.enforcer, stateEvent(account, 'under', h.now), 'e3');
    expect(model.groups.map((g) => `${g.min}/${g.max}/${g.desired}`)).toEqual(['1/4/2', '1/4/2', '1/4/2']);
  });

  it('attaches the lockdown SCP to the account from the hub, and swaps it on a state change', async () => {
    const account = withEnforcement(ds, { lockdownOn: { via: 'scp', users: [], groups: [], roles: [] } });
    const model = emptyModel();
    model.scps = [
      { id: 'p-critical', name: lockdownScpNameFor(account, 'critical') },
      { id: 'p-shutdown', name: lockdownScpNameFor(account, 'shutdown') },
    ];
    installed = installModel(model);
    const h = harness([account], AT);
    await enforce(h.enforcer, stateEvent(account, 'critical', AT), 'e1');
    expect(model.scpTargets[account.id]).toEqual(['p-critical']);
    h.now = new Date(AT.getTime() + 3600_000);
    await enforce(h.enforcer, stateEvent(account, 'shutdown', h.now), 'e2');
    expect(model.scpTargets[account.id]).toEqual(['p-shutdown']);
    expect(installed.calls.filter((c) => c.action.startsWith('organizations:')).every((c) => c.region === 'us-east-1')).toBe(true);
  });
});

describe('enforcer handler', () => {
  const envelope = (detail: unknown, detailType = 'Budget State Changed') => ({
    id: 'evt-1', 'detail-type': detailType, source: 'budget-guardrails', account: '111111111111',
    time: '2026-11-10T12:00:00Z', region: 'us-east-1', detail,
  });
  const previousHub = process.env.GUARDRAILS_HUB_ACCOUNT_ID;
  beforeEach(() => { process.env.GUARDRAILS_HUB_ACCOUNT_ID = '111111111111'; });
  afterEach(() => {
    if (previousHub === undefined) delete process.env.GUARDRAILS_HUB_ACCOUNT_ID;
    else process.env.GUARDRAILS_HUB_ACCOUNT_ID = previousHub;
  });

  it('rejects an event that fails schema validation, naming the field', async () => {
    await expect(handler(envelope({ ...stateEvent(web, 'shutdown', AT), accountId: '12' })))
      .rejects.toThrow(/rejected event evt-1: detail\.accountId: /);
    await expect(handler(envelope({ ...stateEvent(web, 'shutdown', AT), state: 'broke' }))).rejects.toThrow('detail.state');
  });

  it('routes the enforcement-reconcile schedule to the reconcile, failing only for failures not announced before', async () => {
    const saved = { table: process.env[FUNCTION_ENV.table], bus: process.env[FUNCTION_ENV.busName], schedulerRole: process.env[FUNCTION_ENV.schedulerRoleArn], enforcer: process.env[FUNCTION_ENV.enforcerArn] };
    process.env[FUNCTION_ENV.table] = 'budget-guardrails';
    process.env[FUNCTION_ENV.busName] = 'budget-guardrails';
    process.env[FUNCTION_ENV.schedulerRoleArn] = 'arn:aws:iam::111111111111:role/budget-guardrails-scheduler';
    process.env[FUNCTION_ENV.enforcerArn] = 'arn:aws:lambda:us-east-1:111111111111:function:budget-guardrails-enforcer';
    const reconcile = jest.spyOn(enforceModule, 'reconcileAccounts');
    const scheduledEvent = { ...envelope({}, 'Scheduled Event'), source: 'aws.events', resources: ['arn:aws:events:us-east-1:111111111111:rule/budget-guardrails-enforcement-reconcile'] };
    const failed = (repeatedFailure?: true) => [{
      accountId: web.id, accountName: web.name, state: 'shutdown' as const,
      actions: [{ kind: 'scale-to-zero', target: 'web-a', direction: 'apply' as const, outcome: 'failed' as const, error: 'AccessDenied', ...(repeatedFailure ? { repeatedFailure } : {}) }],
    }];
    try {
      reconcile.mockResolvedValueOnce(failed(true));
      await expect(handler(scheduledEvent)).resolves.toMatchObject({ status: 'reconciled', accounts: 1 });
      reconcile.mockResolvedValueOnce(failed());
      await expect(handler(scheduledEvent)).rejects.toThrow(/reconcile evt-1: web-service \(333333333333\) apply scale-to-zero web-a: AccessDenied/);
      expect(reconcile).toHaveBeenCalledTimes(2);
    } finally {
      reconcile.mockRestore();
      for (const [k, v] of [[FUNCTION_ENV.table, saved.table], [FUNCTION_ENV.busName, saved.bus], [FUNCTION_ENV.schedulerRoleArn, saved.schedulerRole], [FUNCTION_ENV.enforcerArn, saved.enforcer]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it('rejects another detail-type', async () => {
    await expect(handler(envelope({}, 'Tag Policy Report'))).rejects.toThrow('the enforcer handles "Budget State Changed" and "Guardrail Recheck Requested" events, not "Tag Policy Report"');
  });

  it('fails the invocation after reporting when an action failed, so it is retried and ends in the dead-letter queue', async () => {
    // The evaluator announces changes only: with the state unchanged, no later event would retry it.
    const saved = {
      table: process.env[FUNCTION_ENV.table], bus: process.env[FUNCTION_ENV.busName],
      schedulerRole: process.env[FUNCTION_ENV.schedulerRoleArn], enforcer: process.env[FUNCTION_ENV.enforcerArn],
    };
    process.env[FUNCTION_ENV.table] = 'budget-guardrails';
    process.env[FUNCTION_ENV.busName] = 'budget-guardrails';
    process.env[FUNCTION_ENV.schedulerRoleArn] = 'arn:aws:iam::111111111111:role/budget-guardrails-scheduler';
    process.env[FUNCTION_ENV.enforcerArn] = 'arn:aws:lambda:us-east-1:111111111111:function:budget-guardrails-enforcer';
    const run = jest.spyOn(enforceModule, 'enforce');
    try {
      run.mockResolvedValueOnce({ status: 'done', dryRun: false, actions: [{ kind: 'scale-to-zero', target: 'web-a', region: 'us-east-1', direction: 'apply', outcome: 'applied' }] });
      await expect(handler(envelope(stateEvent(web, 'shutdown', AT)))).resolves.toMatchObject({ status: 'done' });
      run.mockResolvedValueOnce({
        status: 'done', dryRun: false, actions: [
          { kind: 'scale-to-zero', target: 'web-a', region: 'us-east-1', direction: 'apply', outcome: 'applied' },
          { kind: 'scale-to-zero', target: 'web-b', region: 'us-east-1', direction: 'apply', outcome: 'failed', error: 'AccessDenied: not authorized' },
        ],
      });
      await expect(handler(envelope(stateEvent(web, 'shutdown', AT))))
        .rejects.toThrow('event evt-1: 1 action(s) failed for web-service (333333333333) at shutdown: apply scale-to-zero web-b (us-east-1): AccessDenied: not authorized');
    } finally {
      run.mockRestore();
      for (const [key, value] of [
        [FUNCTION_ENV.table, saved.table], [FUNCTION_ENV.busName, saved.bus],
        [FUNCTION_ENV.schedulerRoleArn, saved.schedulerRole], [FUNCTION_ENV.enforcerArn, saved.enforcer],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it('rejects a Budget State Changed put on the hub bus by a member account, before touching anything', async () => {
    // The bus accepts PutEvents from every account of the organization and a custom source is not
    // reserved, so a member could forge "under" for itself (lifting its lockdown) or "shutdown" for another.
    const forged = { ...envelope(stateEvent(web, 'under', AT)), account: web.id };
    await expect(handler(forged)).rejects.toThrow(`rejected event evt-1: "Budget State Changed" put by account ${web.id}, not the hub 111111111111`);
  });
});
