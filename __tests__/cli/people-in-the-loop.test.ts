/**
 * `guardrails status`, `exempt`, `approve` and `postpone` against dynalite (a real DynamoDB API on
 * loopback) holding what the enforcer, the evaluator and the gate really write.
 */
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import type { Catalog } from '../../core/catalog/types';
import type { GuardrailHoldChanged, RecheckPayload } from '../../core/events/schemas';
import { TABLE_NAME } from '../../core/naming/resources';
import { PK, SK } from '../../core/storage/keys';
import { runDecision, runExempt, runStatus } from '../../cli/aws/loop/run';
import type { HubAccess } from '../../cli/aws/loop/hub';
import { UsageError } from '../../cli/io';
import { RuntimeActionStore } from '../../functions/aws/runtime-action-store';
import { StateStore } from '../../functions/aws/state-store';
import { enforce } from '../../functions/enforcer/enforce';
import { recheck } from '../../functions/enforcer/recheck';
import { accountOf, shippedCatalog } from '../support/catalog';
import { Dynalite, startDynalite } from '../support/dynalite';
import { AccountModel, InstalledModel, emptyModel, installModel } from '../functions/enforcer/support/account-model';
import { GateHarness, gateHarness, minutes, withGate } from '../functions/gate/harness';
import { cli } from './run-cli';

const T = new Date(Date.UTC(2026, 10, 10, 12));
const ASG = 'achampionship-webservice';
const OPERATOR = 'arn:aws:sts::111111111111:assumed-role/PlatformOps/jane';

let db: Dynalite;
let catalog: Catalog;
let installed: InstalledModel;
let model: AccountModel;
let table: string;
let h: GateHarness;
let hub: HubAccess & { published: unknown[]; rechecks: Omit<RecheckPayload, 'kind'>[] };
let out: string[];
const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };

beforeAll(async () => {
  db = await startDynalite();
  catalog = await shippedCatalog();
});
afterAll(async () => db.stop());
beforeEach(async () => {
  model = emptyModel();
  model.groups = [{ region: 'us-east-1', name: ASG, min: 2, max: 8, desired: 4 }];
  installed = installModel(model);
  table = await db.createHubTable();
  out = [];
  const web = withGate(accountOf(catalog, 'web-service'), 'shutdown', { graceMinutes: 60 });
  catalog = { ...catalog, accounts: catalog.accounts.map((a) => (a.id === web.id ? web : a)) };
  h = gateHarness(db, table, [web], T);
  const published: unknown[] = [];
  const rechecks: Omit<RecheckPayload, 'kind'>[] = [];
  hub = {
    doc: db.doc, table, clock: () => h.now, whoAmI: async () => OPERATOR, published, rechecks,
    bus: { publish: async (_type, detail) => { published.push(detail); }, requestRecheck: async (r) => { rechecks.push(r); } },
  };
});
afterEach(() => installed.restore());

async function evaluated(state: 'shutdown' | 'on-target') {
  const event = h.event(state);
  await new StateStore(db.doc, table).save('333333333333', '2026-11', {
    state, floor: 'unknown', actualUsd: 15.2, forecastUsd: 19, targetUsd: 12, reason: 'forecast $19.00 of $12.00 (158%)', decidedBy: 'forecast',
    evaluatedAt: h.now.toISOString(), changedAt: h.now.toISOString(), event, published: true,
  }, undefined);
  return event;
}

describe('guardrails status', () => {
  it('shows the state and its evidence, actions in force, saved values and when they come back, and pending grace', async () => {
    // Shutdown waits for its grace period, then acts; the ledger records the change and the saved sizes.
    await enforce(h.deps, await evaluated('shutdown'), 'e1');
    h.now = minutes(T, 61);
    await recheck(h.deps, { kind: 'guardrail-recheck', accountId: '333333333333', reason: 'grace' });
    h.now = minutes(T, 70);
    await runStatus(hub, catalog, { account: 'web-service' }, io);
    const text = out.join('\n');
    expect(text).toContain('web-service (333333333333) · enforce · 2026-11');
    expect(text).toContain('state: Shutdown since 2026-11-10 12:00 UTC');
    expect(text).toContain('spend: actual $15.20, forecast $19.00, target $12.00');
    expect(text).toContain('decided by: forecast: forecast $19.00 of $12.00 (158%)');
    expect(text).toContain(`scale-to-zero ${ASG} (us-east-1): 0/0/0 since 2026-11-10 13:01 UTC (at Shutdown)`);
    expect(text).toMatch(/saved values to restore:\n {4}- scale-to-zero achampionship-webservice \(us-east-1\): \{"min":2,"max":8,"desired":4\}.*restored when the state falls below Shutdown, or at the monthly reset \(2026-12-01T00:05:00.000Z\)/);
    expect(text).toContain('pending: nothing');
  });

  it('lists a pending grace period, an approval and an exemption; --json has the same facts', async () => {
    await enforce(h.deps, await evaluated('shutdown'), 'e1');
    await h.holds.create({
      accountId: '333333333333', month: '2026-11', state: 'critical', holdId: 'req-9', status: 'postponed', createdAt: T.toISOString(),
      graceUntil: null, approval: true, postponedUntil: minutes(T, 1440).toISOString(), announced: true, actions: [],
    });
    await runExempt(hub, catalog, { account: 'web-service', until: '+6h', reason: 'launch day', kind: 'stop-instances' }, io);
    out = [];
    await runStatus(hub, catalog, { account: 'web-service' }, io);
    const text = out.join('\n');
    expect(text).toContain('grace: Shutdown actions (1) run at 2026-11-10 13:00 UTC if the state still holds [request hold-1]');
    expect(text).toContain('approval: Critical actions (0) postponed; asked again at 2026-11-11 12:00 UTC [request req-9]; guardrails approve|postpone --account web-service');
    expect(text).toContain(`exemption: stop-instances until 2026-11-10 18:00 UTC ("launch day", by ${OPERATOR})`);
    out = [];
    await runStatus(hub, catalog, { account: 'web-service', json: true }, io);
    const [status] = JSON.parse(out.join(''));
    expect(status.pending).toEqual({
      grace: [{ state: 'shutdown', runsAt: minutes(T, 60).toISOString(), actions: 1, request: 'hold-1' }],
      approvals: [{ state: 'critical', status: 'postponed', askedAgainAt: minutes(T, 1440).toISOString(), actions: 0, request: 'req-9' }],
      exemptions: [{ kind: 'stop-instances', until: minutes(T, 360).toISOString(), reason: 'launch day', by: OPERATOR }],
    });
    expect(status.state).toMatchObject({ state: 'shutdown', decidedBy: 'forecast', targetUsd: 12 });
  });

  it('includes what a runtime budget took away (runtime meter records) and gives it back at the monthly reset', async () => {
    await new RuntimeActionStore(db.doc, table).put({
      kind: 'detach-policy', target: 'user/DataScienceUser:AllowGPUAccess', group: 'gpu-training', accountId: '222222222222', month: '2026-11',
      prior: { principal: 'user/DataScienceUser', policyArn: 'arn:aws:iam::222222222222:policy/AllowGPUAccess', attached: true },
      status: 'applied', appliedAt: minutes(T, -30).toISOString(),
    });
    await runStatus(hub, catalog, { account: 'data-science' }, io);
    const text = out.join('\n');
    expect(text).toContain('detach-policy user/DataScienceUser:AllowGPUAccess: detached since 2026-11-10 11:30 UTC (runtime budget gpu-training used up)');
    expect(text).toContain('at the monthly reset (2026-12-01T00:05:00.000Z), when runtime budget gpu-training starts again');
  });

  it('through the command line, with the SDK pointed at dynalite (AWS_ENDPOINT_URL_DYNAMODB) and the hub table name', async () => {
    await db.client.send(new CreateTableCommand({
      TableName: TABLE_NAME, BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: PK, KeyType: 'HASH' }, { AttributeName: SK, KeyType: 'RANGE' }],
      AttributeDefinitions: [{ AttributeName: PK, AttributeType: 'S' }, { AttributeName: SK, AttributeType: 'S' }],
    })).catch((e: Error) => { if (e.name !== 'ResourceInUseException') throw e; });
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ENDPOINT_URL_DYNAMODB: db.endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' });
    try {
      const result = await cli('status', '--account', 'analytics', '--json');
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual([expect.objectContaining({ account: 'analytics', accountId: '444444444444', state: null, inForce: [] })]);
      expect((await cli('status', '--account', 'nope')).code).toBe(2);
    } finally {
      process.env = saved;
    }
  });
});

describe('guardrails exempt', () => {
  it('writes the exemption with who asked, asks the enforcer to recheck, and the enforcer gives back what it changed', async () => {
    await enforce(h.deps, await evaluated('shutdown'), 'e1');
    h.now = minutes(T, 60);
    await recheck(h.deps, { kind: 'guardrail-recheck', accountId: '333333333333', reason: 'grace' });
    expect(model.groups[0].desired).toBe(0);
    await runExempt(hub, catalog, { account: 'web-service', until: '2026-11-10T18:00Z', reason: 'launch day', kind: 'scale-to-zero' }, io);
    expect(out.join('\n')).toContain('web-service (333333333333) is exempt from scale-to-zero actions until 2026-11-10T18:00:00.000Z');
    expect(hub.rechecks).toEqual([{ accountId: '333333333333', reason: 'exemption-start' }]);
    expect(await h.exemptions.list('333333333333')).toEqual([expect.objectContaining({ kind: 'scale-to-zero', by: OPERATOR, status: 'active' })]);
    await recheck(h.deps, { kind: 'guardrail-recheck', ...hub.rechecks[0] });
    expect(model.groups[0].desired).toBe(4);
  });

  it.each([
    [{ until: 'tomorrow' }, /--until "tomorrow" is not a time; give an ISO 8601 time with its zone/],
    [{ until: '2026-11-10T11:00Z' }, /is not in the future/],
    [{ until: '+40d' }, /more than 31 days away/],
    [{ kind: 'stop-everything' }, /--kind "stop-everything" is not a resource kind; use one of all, stop-instances, scale-to-zero/],
    [{ reason: '  ' }, /--reason is empty/],
  ])('refuses %j with the fix, writing nothing', async (bad, message) => {
    const opts = { account: 'web-service', until: '+2h', reason: 'launch', ...bad };
    await expect(runExempt(hub, catalog, opts, io)).rejects.toThrow(UsageError);
    await expect(runExempt(hub, catalog, opts, io)).rejects.toThrow(message);
    expect(await h.exemptions.list('333333333333')).toEqual([]);
    expect(hub.rechecks).toEqual([]);
  });
});

describe('guardrails approve / postpone', () => {
  beforeEach(async () => {
    const web = withGate(accountOf(catalog, 'web-service'), 'shutdown', { graceMinutes: 0, approval: 'manual' });
    catalog = { ...catalog, accounts: catalog.accounts.map((a) => (a.id === web.id ? web : a)) };
    h = gateHarness(db, table, [web], T);
  });

  it('approve decides the waiting request as the operator: audited, announced, rechecked; then the actions run', async () => {
    await enforce(h.deps, await evaluated('shutdown'), 'e1');
    await runDecision(hub, catalog, 'approve', { account: 'web-service' }, io);
    expect(out.join('\n')).toContain('Approved the shutdown actions of web-service (request hold-1); they run now if the state still holds.');
    expect(hub.published).toEqual([expect.objectContaining({ change: 'approved', by: OPERATOR, via: 'cli', currentState: 'shutdown' })]);
    expect((hub.published[0] as GuardrailHoldChanged).holdId).toBe('hold-1');
    await recheck(h.deps, { kind: 'guardrail-recheck', ...hub.rechecks[0] });
    expect(model.groups[0].desired).toBe(0);
    await expect(runDecision(hub, catalog, 'approve', { account: 'web-service' }, io)).rejects.toThrow('web-service has no actions waiting for approval this month');
  });

  it('postpone: 24 hours, told and asked again; an account with nothing waiting is a usage error', async () => {
    await enforce(h.deps, await evaluated('shutdown'), 'e1');
    await runDecision(hub, catalog, 'postpone', { account: 'web-service' }, io);
    expect(out.join('\n')).toContain(`Postponed the shutdown actions of web-service until ${minutes(T, 1440).toISOString()}`);
    await expect(runDecision(hub, catalog, 'approve', { account: 'analytics' }, io)).rejects.toThrow('analytics has no actions waiting for approval this month');
  });
});
