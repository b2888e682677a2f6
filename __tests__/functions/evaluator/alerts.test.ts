/** The catalog's alert thresholds (alerts.actual / alerts.forecast) announced as `Budget Threshold Crossed`, once per threshold and month. */
import { CostExplorerClient, GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { AccountPolicy, Catalog } from '../../../core/catalog/types';
import { BudgetThresholdCrossed, budgetThresholdCrossedSchema } from '../../../core/events/schemas';
import { stateKey } from '../../../core/storage/keys';
import { EvaluatorDeps, handleEvaluatorEvent } from '../../../functions/evaluator/evaluate';
import { buildEvaluatorDeps } from '../../../functions/evaluator/handler';
import { shippedCatalog } from '../../support/catalog';
import { AnyStub, FakeTable } from './fake-table';
import { DAYS, ENV, MONTH, NOW, alarmEvent, costPage, scheduleEvent } from './support';

const DS = '222222222222'; // data-science: enforce, $5,000, alerts actual 50/80/100, forecast 100
const ANALYTICS = '444444444444'; // check mode, $20,000, default alerts (same)

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
  table.seedCatalog(catalog.org, catalog.accounts.filter((a) => a.id === DS || a.id === ANALYTICS));
  eb.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

afterEach(() => { ce.restore(); eb.restore(); sns.restore(); table.mock.restore(); });

const deps = (over: Partial<EvaluatorDeps> = {}): EvaluatorDeps => ({ ...buildEvaluatorDeps(ENV), now: () => NOW, ...over });

function alerts(): BudgetThresholdCrossed[] {
  return eb.commandCalls(PutEventsCommand).flatMap((c) => (c.args[0].input as { Entries: { Detail: string; DetailType: string }[] }).Entries)
    .filter((e) => e.DetailType === 'Budget Threshold Crossed')
    .map((e) => budgetThresholdCrossedSchema.parse(JSON.parse(e.Detail)));
}
const keys = (list: readonly BudgetThresholdCrossed[]) => list.map((a) => `${a.accountName} ${a.measure}:${a.thresholdPct}`);
const stateOf = (accountId: string) => table.get(stateKey(accountId, MONTH).pk, stateKey(accountId, MONTH).sk);

/** data-science spends `early` per day on Nov 1–10 and `late` per day on Nov 11–17 (the run-rate window). */
const spend = (early: number, late: number) => [...costPage({ [DS]: early }, DAYS.slice(0, 10)), ...costPage({ [DS]: late }, DAYS.slice(10))];

describe('alert thresholds from Cost Explorer', () => {
  it('crossing 50 % and 80 % actual in one run announces both, once; a second identical run announces nothing', async () => {
    // 10 × 408 = 4,080 actual (81.6 %); nothing in the last 7 days, so the forecast stays 4,080 (below 100 %).
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: spend(408, 0) });
    await handleEvaluatorEvent(scheduleEvent(), deps());
    const writes = table.writes();
    const second = await handleEvaluatorEvent(scheduleEvent(), deps());

    expect(alerts()).toEqual([
      { accountId: DS, accountName: 'data-science', month: MONTH, measure: 'actual', thresholdPct: 50, thresholdUsd: 2500, actualUsd: 4080, forecastUsd: 4080, targetUsd: 5000, state: 'on-target', dryRun: false, at: NOW.toISOString() },
      { accountId: DS, accountName: 'data-science', month: MONTH, measure: 'actual', thresholdPct: 80, thresholdUsd: 4000, actualUsd: 4080, forecastUsd: 4080, targetUsd: 5000, state: 'on-target', dryRun: false, at: NOW.toISOString() },
    ]);
    expect(second.status === 'evaluated' && second.accounts.every((a) => a.alerted.length === 0)).toBe(true);
    expect(table.writes()).toBe(writes);
    expect(stateOf(DS)).toMatchObject({ alerted: ['actual:50', 'actual:80'], alertsPublished: true });
  });

  it('the forecast threshold fires from Cost Explorer evidence alone', async () => {
    // 7 × 300 = 2,100 actual (42 %); run-rate 300/day × 12.5 days left → forecast 5,850 (117 %).
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: spend(0, 300) });
    await handleEvaluatorEvent(scheduleEvent(), deps());
    expect(alerts()).toEqual([expect.objectContaining({ accountId: DS, measure: 'forecast', thresholdPct: 100, thresholdUsd: 5000, actualUsd: 2100, forecastUsd: 5850 })]);
  });

  it('check mode announces with dryRun: alerts are notifications, they are still sent', async () => {
    // analytics: 17,000 actual (85 %), forecast 29,500 (147.5 %).
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: costPage({ [ANALYTICS]: 1000 }) });
    await handleEvaluatorEvent(scheduleEvent(), deps());
    const analytics = alerts().filter((a) => a.accountId === ANALYTICS);
    expect(keys(analytics)).toEqual(['analytics actual:50', 'analytics actual:80', 'analytics forecast:100']);
    expect(analytics.every((a) => a.dryRun && a.targetUsd === 20000 && a.state === 'critical')).toBe(true);
  });

  it('skip mode announces nothing', async () => {
    const ds = catalog.accounts.find((a) => a.id === DS) as AccountPolicy;
    table.seedCatalog(catalog.org, [{ ...ds, mode: 'skip' }]);
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: spend(900, 900) });
    await handleEvaluatorEvent(scheduleEvent(), deps());
    expect(eb.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('missing or failed data announces nothing', async () => {
    ce.on(GetCostAndUsageCommand).rejectsOnce(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }))
      .resolves({ ResultsByTime: [{ TimePeriod: { Start: '2026-11-01', End: '2026-11-02' }, Groups: [] }] });
    await handleEvaluatorEvent(scheduleEvent(), deps());
    await handleEvaluatorEvent(scheduleEvent(), deps());
    expect(ce.commandCalls(GetCostAndUsageCommand)).toHaveLength(2);
    expect(alerts()).toHaveLength(0);
  });

  it('a raised target makes the thresholds relative to the new target', async () => {
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: spend(408, 0) }); // 4,080
    await handleEvaluatorEvent(scheduleEvent(), deps());
    table.seedCatalog(catalog.org, catalog.accounts.filter((a) => a.id === DS).map((a) => ({ ...a, targetUsd: 8000 })));
    await handleEvaluatorEvent(scheduleEvent(), deps()); // 51 % of 8,000: 50 % again, against the new target
    expect(keys(alerts())).toEqual(['data-science actual:50', 'data-science actual:80', 'data-science actual:50']);
    expect(alerts()[2]).toMatchObject({ targetUsd: 8000, thresholdUsd: 4000 });
    expect(stateOf(DS)).toMatchObject({ alerted: ['actual:50'], targetUsd: 8000 });
  });
});

describe('alert thresholds from billing alarms', () => {
  it('an ALARM on the 80 % alarm announces the 80 % actual threshold', async () => {
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: spend(260, 0) }); // 2,600 (52 %): 50 % announced
    await handleEvaluatorEvent(scheduleEvent(), deps());
    await handleEvaluatorEvent(alarmEvent(DS, 'data-science', 80, { value: 4012 }), deps());
    await handleEvaluatorEvent(alarmEvent(DS, 'data-science', 80, { value: 4012 }), deps()); // delivered twice
    expect(keys(alerts())).toEqual(['data-science actual:50', 'data-science actual:80']);
    expect(alerts()[1]).toMatchObject({ measure: 'actual', thresholdPct: 80, thresholdUsd: 4000, actualUsd: 4012, targetUsd: 5000 });
  });

  it('an alarm proves actual spend only: no forecast threshold', async () => {
    await handleEvaluatorEvent(alarmEvent(DS, 'data-science', 100), deps());
    expect(keys(alerts())).toEqual(['data-science actual:50', 'data-science actual:80', 'data-science actual:100']);
    expect(alerts()[2]).toMatchObject({ actualUsd: 5000, state: 'over' });
  });
});

describe('an alert that did not reach the bus', () => {
  it('is kept on the state item and published by a later run, once', async () => {
    table.seedCatalog(catalog.org, catalog.accounts.filter((a) => a.id === DS));
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: spend(0, 300) }); // forecast 117 %
    let busDown = true;
    eb.on(PutEventsCommand).callsFake((input: { Entries: { DetailType: string }[] }) => (busDown && input.Entries[0].DetailType === 'Budget Threshold Crossed'
      ? { FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }] }
      : { FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] }));
    await expect(handleEvaluatorEvent(scheduleEvent(), deps())).rejects.toThrow(/PutEvents failed for "Budget Threshold Crossed"/);
    expect(stateOf(DS)).toMatchObject({ alerted: ['forecast:100'], alertsPublished: false });

    busDown = false;
    const soon = new Date(NOW.getTime() + 60_000);
    await handleEvaluatorEvent(scheduleEvent(), deps({ now: () => soon })); // a retry a minute later: the first put may still be in flight
    expect(alerts()).toHaveLength(1); // only the failed attempt
    const later = new Date(NOW.getTime() + 10 * 60_000);
    await handleEvaluatorEvent(scheduleEvent(), deps({ now: () => later }));
    await handleEvaluatorEvent(scheduleEvent(), deps({ now: () => later }));

    expect(alerts()).toEqual([expect.objectContaining({ measure: 'forecast', thresholdPct: 100 }), expect.objectContaining({ measure: 'forecast', thresholdPct: 100, at: NOW.toISOString() })]);
    expect(stateOf(DS)).toMatchObject({ alertsPublished: true });
  });
});
