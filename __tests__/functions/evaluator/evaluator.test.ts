import { CostExplorerClient, GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import type { AccountPolicy, Catalog } from '../../../core/catalog/types';
import { budgetStateChangedSchema, BudgetStateChanged } from '../../../core/events/schemas';
import { runtimeKey, stateKey } from '../../../core/storage/keys';
import { EvaluatorDeps, handleEvaluatorEvent } from '../../../functions/evaluator/evaluate';
import { buildEvaluatorDeps } from '../../../functions/evaluator/handler';
import { shippedCatalog } from '../../support/catalog';
import { AnyStub, FakeTable } from './fake-table';
import { ENV, MONTH, NOW, alarmEvent, costPage, runtimeLedgerEvent, scheduleEvent } from './support';

const DS = '222222222222'; // data-science: enforce, $5,000
const ANALYTICS = '444444444444'; // check mode, $20,000

let catalog: Catalog;
let ce: AnyStub;
let eb: AnyStub;
let sns: AnyStub;
let table: FakeTable;

beforeAll(async () => { catalog = await shippedCatalog(); });

beforeEach(() => {
  ce = mockClient(CostExplorerClient) as unknown as AnyStub;
  eb = mockClient(EventBridgeClient) as unknown as AnyStub;
  sns = mockClient(SNSClient) as unknown as AnyStub;
  table = new FakeTable(mockClient(DynamoDBDocumentClient) as unknown as AnyStub);
  table.seedCatalog(catalog.org, catalog.accounts);
  eb.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

afterEach(() => { ce.restore(); eb.restore(); sns.restore(); table.mock.restore(); });

const deps = (over: Partial<EvaluatorDeps> = {}): EvaluatorDeps => ({ ...buildEvaluatorDeps(ENV), now: () => NOW, ...over });

/** The `Budget State Changed` events put on the bus (threshold alerts are checked in alerts.test.ts). */
function published(): BudgetStateChanged[] {
  return eb.commandCalls(PutEventsCommand).flatMap((c) => (c.args[0].input as { Entries: { Detail: string; DetailType: string; Source: string }[] }).Entries)
    .filter((e) => e.DetailType !== 'Budget Threshold Crossed')
    .map((e) => {
      expect(e.DetailType).toBe('Budget State Changed');
      expect(e.Source).toBe('budget-guardrails');
      return budgetStateChangedSchema.parse(JSON.parse(e.Detail));
    });
}

const stateOf = (accountId: string) => {
  const k = stateKey(accountId, MONTH);
  return table.get(k.pk, k.sk);
};

const opsMessages = () => sns.commandCalls(PublishCommand).map((c) => c.args[0].input as { TopicArn: string; Subject: string; Message: string });

describe('Cost Explorer: one org-wide query per run', () => {
  it('follows NextPageToken and adds up an account split across pages', async () => {
    ce.on(GetCostAndUsageCommand)
      .resolvesOnce({ ResultsByTime: costPage({ [DS]: 120, [ANALYTICS]: 300 }, ['2026-11-01', '2026-11-02']).concat(costPage({ [DS]: 120 }, ['2026-11-03'])), NextPageToken: 'page-2' })
      .resolvesOnce({ ResultsByTime: costPage({ [DS]: 120, [ANALYTICS]: 300 }, ['2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-07', '2026-11-08', '2026-11-09', '2026-11-10', '2026-11-11', '2026-11-12', '2026-11-13', '2026-11-14', '2026-11-15', '2026-11-16', '2026-11-17']) });

    const result = await handleEvaluatorEvent(scheduleEvent(), deps());

    const calls = ce.commandCalls(GetCostAndUsageCommand).map((c) => c.args[0].input);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({
      TimePeriod: { Start: '2026-11-01', End: '2026-11-19' }, Granularity: 'DAILY',
      GroupBy: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }, { Type: 'DIMENSION', Key: 'RECORD_TYPE' }], Metrics: ['UnblendedCost'],
    });
    expect(calls[0].NextPageToken).toBeUndefined();
    expect(calls[1].NextPageToken).toBe('page-2');
    expect(result.status).toBe('evaluated');
    // data-science: day 3 appears on both pages (120 + 120) → 17 × 120 + 120 = 2,160 actual.
    expect(stateOf(DS)).toMatchObject({ actualUsd: 2160 });
    // run-rate: days 11..17 at 120 → 120/day; 12.5 days left (Nov 18 12:00 → Dec 1) → 2,160 + 1,500.
    expect(stateOf(DS)).toMatchObject({ forecastUsd: 3660, state: 'under' });
  });

  it('makes exactly one call whatever the number of accounts', async () => {
    const template = catalog.accounts.find((a) => a.id === DS) as AccountPolicy;
    const many: AccountPolicy[] = Array.from({ length: 60 }, (_, i) => ({ ...template, id: String(600000000000 + i), name: `team-${i}` }));
    table.seedCatalog(catalog.org, many);
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: costPage(Object.fromEntries(many.map((a, i) => [a.id, i * 10]))) });

    const result = await handleEvaluatorEvent(scheduleEvent(), deps());

    expect(ce.commandCalls(GetCostAndUsageCommand)).toHaveLength(1);
    expect(result.status === 'evaluated' && result.accounts.length).toBe(60);
    // team-20 spends $200/day: actual 3,400, forecast 3,400 + 12.5 × 200 = 5,900 > 5,000 → Over; team-1 spends $10/day → Under.
    expect(published().find((e) => e.accountName === 'team-20')).toMatchObject({ state: 'over', previousState: 'unknown', actualUsd: 3400, forecastUsd: 5900 });
    expect(stateOf('600000000001')).toMatchObject({ state: 'under' });
  });

  it('retries a throttled call with the SDK standard retry (CLIENT_DEFAULTS)', async () => {
    ce.restore(); // this test needs the real client's middleware stack, answered at the HTTP layer
    const requests: string[] = [];
    const body = (json: unknown) => Readable.from([Buffer.from(JSON.stringify(json))]);
    const requestHandler = {
      handle: async (request: { body?: string; headers: Record<string, string> }) => {
        requests.push(request.headers['x-amz-target']);
        if (requests.length === 1) {
          return { response: { statusCode: 400, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'ThrottlingException' }, body: body({ __type: 'ThrottlingException', message: 'Rate exceeded' }) } };
        }
        return { response: { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: body({ ResultsByTime: costPage({ [DS]: 250 }) }) } };
      },
    };
    const { OrgCostReader } = await import('../../../functions/aws/cost-explorer');
    const { CLIENT_DEFAULTS } = await import('../../../functions/aws/clients');
    const client = new CostExplorerClient({
      ...CLIENT_DEFAULTS, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      requestHandler: requestHandler as never,
    });

    await handleEvaluatorEvent(scheduleEvent(), deps({ costs: new OrgCostReader(client) }));

    expect(requests).toEqual(['AWSInsightsIndexService.GetCostAndUsage', 'AWSInsightsIndexService.GetCostAndUsage']);
    // 17 × 250 = 4,250 actual; forecast 4,250 + 12.5 × 250 = 7,375 ≥ 130 % → Critical.
    expect(stateOf(DS)).toMatchObject({ state: 'critical', actualUsd: 4250, forecastUsd: 7375 });
    expect(opsMessages()).toHaveLength(0);
  });
});

describe('state changes', () => {
  it('emits one event for the same input twice, and writes nothing the second time', async () => {
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: costPage({ [DS]: 200, [ANALYTICS]: 100 }) });
    await handleEvaluatorEvent(scheduleEvent(), deps());
    const writes = table.writes();
    const second = await handleEvaluatorEvent(scheduleEvent(), deps());

    const events = published();
    // Accounts without a Cost Explorer row spent nothing this month: Unused.
    expect(events.map((e) => `${e.accountName}:${e.previousState}->${e.state}`).sort()).toEqual([
      'analytics:unknown->under', 'data-science:unknown->over', 'sandbox:unknown->unused', 'web-service:unknown->unused',
    ]);
    expect(second.status === 'evaluated' && second.accounts.every((a) => !a.changed)).toBe(true);
    expect(table.writes()).toBe(writes);
    expect(stateOf(DS)).toMatchObject({ state: 'over', published: true, version: 1 });
  });

  it('a writer that loses the race to an identical decision emits nothing', async () => {
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: costPage({ [DS]: 200 }) });
    const k = stateKey(DS, MONTH);
    // Another evaluation, racing on the same input, records Over between our read and our write.
    // It also recorded the thresholds that input crosses (68 % actual, 118 % forecast).
    table.beforeNextPut = () => table.put({ ...k, state: 'over', floor: 'unknown', actualUsd: 3400, forecastUsd: 5900, targetUsd: 5000, reason: 'racer', decidedBy: 'forecast', evaluatedAt: NOW.toISOString(), changedAt: NOW.toISOString(), version: 1, published: true, alerted: ['actual:50', 'forecast:100'], alertsPublished: true });

    await handleEvaluatorEvent(runtimeLedgerEvent(DS), deps());

    expect(published()).toHaveLength(0);
    expect(eb.commandCalls(PutEventsCommand)).toHaveLength(0);
    expect(stateOf(DS)).toMatchObject({ state: 'over', reason: 'racer' });
  });

  it('check mode is evaluated and announced as a dry run', async () => {
    // analytics: 17,000 actual (85 %), forecast 29,500 (147.5 % ≥ 130 %) → Critical.
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: costPage({ [ANALYTICS]: 1000, [DS]: 100 }) });
    await handleEvaluatorEvent(scheduleEvent(), deps());
    const analytics = published().find((e) => e.accountId === ANALYTICS);
    expect(analytics).toMatchObject({ state: 'critical', dryRun: true, accountName: 'analytics', targetUsd: 20000, month: MONTH, actualUsd: 17000, forecastUsd: 29500 });
    expect(published().find((e) => e.accountId === DS)).toMatchObject({ dryRun: false });
  });

  it('skip mode is not evaluated', async () => {
    const ds = catalog.accounts.find((a) => a.id === DS) as AccountPolicy;
    table.seedCatalog(catalog.org, [{ ...ds, mode: 'skip' }]);
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: costPage({ [DS]: 900 }) });
    const result = await handleEvaluatorEvent(scheduleEvent(), deps());
    expect(result).toEqual({ status: 'ignored', why: 'no account to evaluate (mode skip)' });
    expect(ce.commandCalls(GetCostAndUsageCommand)).toHaveLength(0);
    expect(stateOf(DS)).toBeUndefined();
  });

  it('running costly instances from the runtime ledger raise the forecast at once', async () => {
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: costPage({ [DS]: 100 }) });
    await handleEvaluatorEvent(scheduleEvent(), deps());
    expect(stateOf(DS)).toMatchObject({ state: 'under', forecastUsd: 2950 });

    // Two p4d-class instances start: $32.77/h each for the 12.5 days left ≈ $19,662 more; one without a price adds nothing.
    // Another group runs a g5.xlarge at $1.006/h.
    table.put({ ...runtimeKey(DS, MONTH, 'gpu-training'), running: [
      { instanceId: 'i-0aaa', since: '2026-11-18T11:55:00Z', hourlyUsd: 32.77 },
      { instanceId: 'i-0bbb', since: '2026-11-18T11:58:00Z', hourlyUsd: 32.77 },
      { instanceId: 'i-0ccc', since: '2026-11-18T11:59:00Z' },
    ] });
    // The runtime meter's own shape: a map instanceId → { since, region, instanceType, hourlyUsd | null }.
    table.put({ ...runtimeKey(DS, MONTH, 'inference'), running: {
      'i-0ddd': { since: '2026-11-18T10:00:00Z', region: 'us-west-2', instanceType: 'g5.xlarge', hourlyUsd: 1.006 },
      'i-0eee': { since: '2026-11-18T10:00:00Z', region: 'us-west-2', instanceType: 'x9.custom', hourlyUsd: null },
    } });
    await handleEvaluatorEvent(runtimeLedgerEvent(DS), deps());

    expect(stateOf(DS)).toMatchObject({ state: 'shutdown', forecastUsd: Math.round((2950 + (2 * 32.77 + 1.006) * 12.5 * 24) * 100) / 100 });
    expect(published().at(-1)).toMatchObject({ accountId: DS, previousState: 'under', state: 'shutdown' });
  });

  it('with no data at all the state is Unknown and nothing is announced', async () => {
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [{ TimePeriod: { Start: '2026-11-01', End: '2026-11-02' }, Groups: [] }] });
    const result = await handleEvaluatorEvent(scheduleEvent(), deps());
    expect(result.status === 'evaluated' && result.costData).toBe('none');
    expect(result.status === 'evaluated' && result.accounts.every((a) => a.state === 'unknown')).toBe(true);
    expect(published()).toHaveLength(0);
  });

  it('announces a recorded change whose event never reached the bus', async () => {
    const k = stateKey(DS, MONTH);
    const stranded: BudgetStateChanged = {
      accountId: DS, accountName: 'data-science', month: MONTH, previousState: 'on-target', state: 'over',
      actualUsd: 4000, forecastUsd: 5100, targetUsd: 5000, reason: 'earlier', dryRun: false, at: '2026-11-18T10:00:00Z',
    };
    table.put({ ...k, state: 'over', floor: 'unknown', actualUsd: 4000, forecastUsd: 5100, targetUsd: 5000, reason: 'earlier', evaluatedAt: stranded.at, changedAt: stranded.at, version: 3, published: false, event: JSON.stringify(stranded) });
    ce.on(GetCostAndUsageCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));

    await handleEvaluatorEvent(runtimeLedgerEvent(DS), deps());

    expect(published()).toEqual([stranded]);
    expect(stateOf(DS)).toMatchObject({ published: true, version: 3 });
  });
});

describe('failures never lower a state', () => {
  it('keeps the last state when Cost Explorer fails, and tells ops', async () => {
    const k = stateKey(DS, MONTH);
    table.put({ ...k, state: 'critical', floor: 'unknown', actualUsd: 5600, forecastUsd: 7000, targetUsd: 5000, reason: 'before', evaluatedAt: '2026-11-18T08:00:00Z', changedAt: '2026-11-18T08:00:00Z', version: 2, published: true });
    ce.on(GetCostAndUsageCommand).rejects(Object.assign(new Error('User is not authorized to perform ce:GetCostAndUsage'), { name: 'AccessDeniedException' }));

    const result = await handleEvaluatorEvent(scheduleEvent(), deps());

    expect(result.status === 'evaluated' && result.costData).toBe('failed');
    expect(stateOf(DS)).toMatchObject({ state: 'critical', version: 2, reason: 'before' });
    expect(published()).toHaveLength(0);
    expect(table.writes()).toBe(0);
    const ops = opsMessages();
    expect(ops).toHaveLength(1);
    expect(ops[0].TopicArn).toBe(ENV.GUARDRAILS_OPS_TOPIC_ARN);
    expect(ops[0].Message).toContain('AccessDeniedException');
  });

  it('one account that cannot be settled does not hold back the others; the run fails afterwards so Lambda retries it', async () => {
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: costPage({ [DS]: 200, [ANALYTICS]: 100 }) });
    const base = deps();
    const states = base.states;
    const flaky: EvaluatorDeps = { ...base, states: {
      get: async (id, month) => {
        if (id === DS) throw new Error('ProvisionedThroughputExceededException');
        return states.get(id, month);
      },
      save: states.save.bind(states),
      markPublished: states.markPublished.bind(states),
      markAlertsPublished: states.markAlertsPublished.bind(states),
    } };
    await expect(handleEvaluatorEvent(scheduleEvent(), flaky)).rejects.toThrow(/evaluation failed for 1 account\(s\): data-science \(222222222222\): Error: ProvisionedThroughputExceededException/);
    expect(published().map((e) => e.accountName).sort()).toEqual(['analytics', 'sandbox', 'web-service']);
    expect(opsMessages().map((m) => m.Message).join()).toContain('data-science');
    await handleEvaluatorEvent(scheduleEvent(), deps());
    expect(published().map((e) => e.accountName).sort()).toEqual(['analytics', 'data-science', 'sandbox', 'web-service']);
  });

  it('keeps the last state when the runtime ledger cannot be read', async () => {
    const k = stateKey(DS, MONTH);
    table.put({ ...k, state: 'over', floor: 'unknown', actualUsd: 4000, forecastUsd: 5200, targetUsd: 5000, reason: 'before', evaluatedAt: '2026-11-18T08:00:00Z', changedAt: '2026-11-18T08:00:00Z', version: 1, published: true });
    table.put({ ...runtimeKey(DS, MONTH, 'gpu-training'), running: [{ instanceId: 'i-0aaa', hourlyUsd: 'lots' }] });
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: costPage({ [DS]: 10 }) });

    await handleEvaluatorEvent(runtimeLedgerEvent(DS), deps());

    expect(stateOf(DS)).toMatchObject({ state: 'over', version: 1 });
    expect(published()).toHaveLength(0);
  });
});

describe('billing alarm fast path', () => {
  it('an ALARM on the 100 % actual threshold makes the state at least Over without Cost Explorer', async () => {
    const result = await handleEvaluatorEvent(alarmEvent(DS, 'data-science', 100, { value: 5012.5 }), deps());

    expect(ce.commandCalls(GetCostAndUsageCommand)).toHaveLength(0);
    expect(result.status === 'evaluated' && result.accounts[0]).toMatchObject({ previousState: 'unknown', state: 'over', changed: true });
    expect(published()).toEqual([expect.objectContaining({ accountId: DS, state: 'over', actualUsd: 5012.5, targetUsd: 5000, dryRun: false })]);
    expect(published()[0].reason).toContain('budget-guardrails-data-science-actual-100pct');

    // The same alarm delivered again changes nothing.
    await handleEvaluatorEvent(alarmEvent(DS, 'data-science', 100, { value: 5012.5 }), deps());
    expect(published()).toHaveLength(1);
  });

  it('lagging Cost Explorer data cannot take the state below what the alarm proved this month', async () => {
    await handleEvaluatorEvent(alarmEvent(DS, 'data-science', 100), deps());
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: costPage({ [DS]: 150 }) }); // 2,550 actual, 4,575 forecast: On target
    await handleEvaluatorEvent(scheduleEvent(), deps());
    expect(stateOf(DS)).toMatchObject({ state: 'over', floor: 'over', actualUsd: 2550 });
    expect(published().filter((e) => e.accountId === DS)).toHaveLength(1);
  });

  it('a raised target lets the state fall: the floor was proven against the old target', async () => {
    await handleEvaluatorEvent(alarmEvent(DS, 'data-science', 100, { value: 5012.5 }), deps());
    expect(stateOf(DS)).toMatchObject({ state: 'over', floor: 'over', targetUsd: 5000 });
    // The owners follow "Need a higher budget": the target becomes $10,000 and is deployed.
    table.seedCatalog(catalog.org, catalog.accounts.map((a) => (a.id === DS ? { ...a, targetUsd: 10_000 } : a)));
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: costPage({ [DS]: 300 }) }); // 5,100 actual, 8,850 forecast of 10,000: On target
    await handleEvaluatorEvent(scheduleEvent(), deps());
    expect(stateOf(DS)).toMatchObject({ state: 'on-target', floor: 'unknown', targetUsd: 10_000 });
    expect(published().filter((e) => e.accountId === DS).map((e) => e.state)).toEqual(['over', 'on-target']);
  });

  it("an alarm about last month's spend does not raise the new month's state", async () => {
    const dec1 = new Date('2026-12-01T00:20:00Z');
    // Delivered late: the alarm fired on the 30th, the function runs on the 1st.
    const late = alarmEvent(DS, 'data-science', 100, { value: 5012.5 });
    const lateEvent = { ...late, time: '2026-11-30T23:58:00Z', detail: { ...late.detail, state: { ...late.detail.state, timestamp: '2026-11-30T23:58:00.000+0000' } } };
    // Fired on the 1st, but from the datapoint of the last period of November.
    const stale = alarmEvent(DS, 'data-science', 100);
    const staleEvent = {
      ...stale, time: dec1.toISOString(),
      detail: { ...stale.detail, state: { ...stale.detail.state, timestamp: dec1.toISOString(), reason: 'Threshold Crossed: 1 out of the last 1 datapoints [5012.5 (30/11/26 18:00:00)] was greater than or equal to the threshold (5000.0) (minimum 1 datapoint for OK -> ALARM transition).' } },
    };
    for (const event of [lateEvent, staleEvent]) {
      const result = await handleEvaluatorEvent(event, deps({ now: () => dec1 }));
      expect(result).toMatchObject({ status: 'ignored', why: expect.stringContaining('2026-11') });
    }
    expect(table.get(stateKey(DS, '2026-12').pk, stateKey(DS, '2026-12').sk)).toBeUndefined();
    expect(published()).toHaveLength(0);
    // The same alarm about December's spend still counts.
    const fresh = alarmEvent(DS, 'data-science', 100);
    const freshEvent = {
      ...fresh, time: '2026-12-01T06:05:00Z',
      detail: { ...fresh.detail, state: { ...fresh.detail.state, timestamp: '2026-12-01T06:05:00.000+0000', reason: 'Threshold Crossed: 1 out of the last 1 datapoints [5012.5 (01/12/26 00:00:00)] was greater than or equal to the threshold (5000.0).' } },
    };
    const counted = await handleEvaluatorEvent(freshEvent, deps({ now: () => new Date('2026-12-01T06:05:30Z') }));
    expect(counted).toMatchObject({ status: 'evaluated', accounts: [expect.objectContaining({ state: 'over', changed: true })] });
  });

  it('an alarm below 100 % or back to OK does not move the state', async () => {
    const below = await handleEvaluatorEvent(alarmEvent(DS, 'data-science', 80), deps());
    const ok = await handleEvaluatorEvent(alarmEvent(DS, 'data-science', 100, { state: 'OK' }), deps());
    // 80 % of the target proves On target at most; nothing about Over.
    expect(below.status === 'evaluated' && below.accounts[0].state).toBe('on-target');
    expect(ok.status).toBe('ignored');
    expect(published().filter((e) => e.state === 'over')).toHaveLength(0);
  });
});

describe('rejected input is reported to ops and never acted on', () => {
  const expectRejected = async (event: unknown, why: RegExp) => {
    const result = await handleEvaluatorEvent(event, deps());
    expect(result.status).toBe('rejected');
    expect(result.status === 'rejected' && result.why).toMatch(why);
    expect(ce.commandCalls(GetCostAndUsageCommand)).toHaveLength(0);
    expect(eb.commandCalls(PutEventsCommand)).toHaveLength(0);
    expect(table.writes()).toBe(0);
    const ops = opsMessages();
    expect(ops).toHaveLength(1);
    expect(ops[0]).toMatchObject({ TopicArn: ENV.GUARDRAILS_OPS_TOPIC_ARN, Subject: '[budget-guardrails] evaluator rejected an event' });
    expect(ops[0].Message).toMatch(why);
  };

  it('an alarm from an account that is not in the catalog', () =>
    expectRejected(alarmEvent('999999999999', 'data-science', 100), /account 999999999999 is not in the catalog/));

  it("an alarm named for another account's budget", () =>
    expectRejected(alarmEvent(DS, 'analytics', 100), /not one of data-science's billing alarms/));

  it('a runtime-ledger request put on the bus by a member account', () =>
    expectRejected(runtimeLedgerEvent(DS, DS), /put by account 222222222222, not the hub/));

  it('an event that fails schema validation', () =>
    expectRejected({ ...alarmEvent(DS, 'data-science', 100), detail: { alarmName: 'x', state: { value: 'MAYBE' } } }, /invalid detail: state\.value/));

  it('an alarm whose time is not a time', () =>
    expectRejected({ ...alarmEvent(DS, 'data-science', 100), time: 'yesterday' }, /time .{1,3}yesterday.{1,3} that is not an ISO-8601 time/));

  it('a payload that is neither an event nor an invocation', () =>
    expectRejected({ hello: 'world' }, /not an EventBridge event nor an evaluator invocation/));
});
