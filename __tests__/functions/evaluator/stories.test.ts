/**
 * The months that used to shut production down on a billing artifact, run through the real
 * evaluator (real Cost Explorer reader, state store and runtime ledger store on a fake table)
 * with the shipped catalog. Each ends in the state a platform engineer would call right.
 */
import { CostExplorerClient, GetCostAndUsageCommand, ResultByTime } from '@aws-sdk/client-cost-explorer';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { AccountPolicy, Catalog } from '../../../core/catalog/types';
import { budgetStateChangedSchema } from '../../../core/events/schemas';
import { applyTransition, emptyLedger } from '../../../core/runtime/ledger';
import { stateKey } from '../../../core/storage/keys';
import { RuntimeLedgerStore } from '../../../functions/aws/runtime-ledger-store';
import { EvaluatorDeps, handleEvaluatorEvent } from '../../../functions/evaluator/evaluate';
import { buildEvaluatorDeps } from '../../../functions/evaluator/handler';
import { shippedCatalog } from '../../support/catalog';
import { AnyStub, FakeTable } from './fake-table';
import { ENV, runtimeLedgerEvent, scheduleEvent } from './support';

const DS = '222222222222'; // data-science: enforce, $5,000, Shutdown stops every team=data-science instance and denies ec2:*
const WEB = '333333333333'; // web-service: enforce, $12, Shutdown scales the production ASG to 0/0/0

let catalog: Catalog;
let ce: AnyStub;
let eb: AnyStub;
let ddb: AnyStub;
let table: FakeTable;

beforeAll(async () => { catalog = await shippedCatalog(); });
beforeEach(() => {
  ce = mockClient(CostExplorerClient) as unknown as AnyStub;
  eb = mockClient(EventBridgeClient) as unknown as AnyStub;
  const sns = mockClient(SNSClient) as unknown as AnyStub;
  ddb = mockClient(DynamoDBDocumentClient) as unknown as AnyStub;
  table = new FakeTable(ddb);
  table.seedCatalog(catalog.org, catalog.accounts);
  eb.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
});
afterEach(() => { mockClient(CostExplorerClient).restore(); mockClient(EventBridgeClient).restore(); mockClient(SNSClient).restore(); ddb.restore(); });

const deps = (now: Date, over: Partial<EvaluatorDeps> = {}): EvaluatorDeps => ({ ...buildEvaluatorDeps(ENV), now: () => now, ...over });
const stateOf = (accountId: string, month: string) => { const k = stateKey(accountId, month); return table.get(k.pk, k.sk); };
const published = () => eb.commandCalls(PutEventsCommand)
  .flatMap((c) => (c.args[0].input as { Entries: { Detail: string; DetailType: string }[] }).Entries)
  .filter((e) => e.DetailType === 'Budget State Changed')
  .map((e) => budgetStateChangedSchema.parse(JSON.parse(e.Detail)));

type Line = readonly [account: string, recordType: string, usd: number];
/**
 * Cost Explorer's daily result grouped by LINKED_ACCOUNT and RECORD_TYPE, as the evaluator's query
 * gets it: the 8 days before the month (d = -7..0, for the run-rate) and days 1..lastDay of the month.
 */
function costExplorerDays(month: string, lastDay: number, linesOf: (day: number) => readonly Line[]): ResultByTime[] {
  const first = Date.parse(`${month}-01T00:00:00Z`);
  return Array.from({ length: lastDay + 8 }, (_, i) => {
    const d = i - 7;
    const day = new Date(first + (d - 1) * 86_400_000).toISOString().slice(0, 10);
    const end = new Date(first + d * 86_400_000).toISOString().slice(0, 10);
    return {
      TimePeriod: { Start: day, End: end }, Total: {}, Estimated: true,
      Groups: linesOf(d).map(([id, recordType, usd]) => ({ Keys: [id, recordType], Metrics: { UnblendedCost: { Amount: usd.toFixed(10), Unit: 'USD' } } })),
    };
  });
}

describe('a GPU start inside its runtime allowance', () => {
  const now = new Date('2026-11-15T12:00:00Z');
  const month = '2026-11';

  it('stays Under: the p4d.24xlarge adds at most its 1,000 allowed minutes × $32.77/h, not the rest of the month', async () => {
    // data-science: $100/day of usage for 14 complete days and half of today.
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: costExplorerDays(month, 15, (d) => [[DS, 'Usage', d === 15 ? 50 : 100]]) });
    await handleEvaluatorEvent(scheduleEvent(), deps(now));
    expect(stateOf(DS, month)).toMatchObject({ state: 'under', forecastUsd: 1450 + 100 * 15.5 });

    // One p4d.24xlarge of the gpu-training group starts at 11:55; the runtime meter records it.
    const allowance = (catalog.accounts.find((a) => a.id === DS) as AccountPolicy).runtimeBudgets[0].minutesPerMonth * 60;
    const startedAt = Date.parse('2026-11-15T11:55:00Z') / 1000;
    const { ledger } = applyTransition(emptyLedger(DS, month, 'gpu-training', allowance), {
      instanceId: 'i-0p4d000000000001', at: startedAt, transition: 'run', source: 'event', region: 'us-east-1', instanceType: 'p4d.24xlarge', hourlyUsd: 32.77,
    });
    await new RuntimeLedgerStore(DynamoDBDocumentClient.from(new (await import('@aws-sdk/client-dynamodb')).DynamoDBClient({ region: 'us-east-1' })), 'budget-guardrails')
      .put({ ledger, version: 0, scheduledAt: null, enforcedAt: null }, startedAt + 60);
    await handleEvaluatorEvent(runtimeLedgerEvent(DS), deps(now));

    // Allowance left at 12:00: 60,000 s − 5 min run = 59,700 s ≈ 16.58 h × $32.77 ≈ $543.44 (uncapped it would be 372 h ≈ $12,190).
    const capped = Math.round((59_700 / 3600) * 32.77 * 100) / 100;
    const state = stateOf(DS, month);
    expect(state).toMatchObject({ state: 'under', forecastUsd: Math.round((3000 + capped) * 100) / 100 });
    expect(state?.reason).toMatch(/capped by the remaining allowance of gpu-training/);
    expect(published().filter((e) => e.accountId === DS).map((e) => e.state)).toEqual(['under']);
  });
});

describe('the first complete day of a rise, and of a finished GPU job', () => {
  const month = '2026-11';
  const partial = 239 / 1440; // the share of a day gone at 03:59, the first evaluation of a day (rate(4 hours))

  it('an overrun that triples data-science\'s usage from the 10th is Over at the first evaluation after the 10th is complete; Critical waits for a second day', async () => {
    const usage = (d: number) => (d >= 10 ? 300 : 100);
    // 23:59 on the 10th: the 10th is not complete, the rate is still the $100 of the days before.
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: costExplorerDays(month, 10, (d) => [[DS, 'Usage', d === 10 ? 300 * (1439 / 1440) : usage(d)]]) });
    await handleEvaluatorEvent(scheduleEvent(), deps(new Date('2026-11-10T23:59:00Z')));
    expect(stateOf(DS, month)).toMatchObject({ state: 'under' });

    // 03:59 on the 11th: the 10th is complete at $300, which is the rate. The forecast ($7,200, 144 %)
    // points to Critical, but one day of a rise is not enough to stop production: Over.
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: costExplorerDays(month, 11, (d) => [[DS, 'Usage', d === 11 ? 300 * partial : usage(d)]]) });
    await handleEvaluatorEvent(scheduleEvent(), deps(new Date('2026-11-11T03:59:00Z')));
    const state = stateOf(DS, month);
    expect(state).toMatchObject({ state: 'over', decidedBy: 'forecast' });
    expect(state?.forecastUsd as number).toBeGreaterThan(1.3 * 5000);
    expect(state?.reason).toMatch(/usage run-rate \$300\/day/);
    expect(state?.reason).toMatch(/a rise must last two days for Critical or Shutdown/);
    expect(published().filter((e) => e.accountId === DS).map((e) => e.state)).toEqual(['under', 'over']);
  });

  it('yesterday\'s GPU job inside its allowance, folded out of the runtime ledger, does not lift the state', async () => {
    // A p4d.24xlarge ran its 1,000 allowed minutes on the 14th (02:00-18:40): $546.17 on top of $100 of usage.
    const job = (1000 / 60) * 32.77;
    ce.on(GetCostAndUsageCommand).resolves({
      ResultsByTime: costExplorerDays(month, 15, (d) => [[DS, 'Usage', d === 15 ? 100 * partial : d === 14 ? 100 + job : 100]]),
    });
    const allowance = (catalog.accounts.find((a) => a.id === DS) as AccountPolicy).runtimeBudgets[0].minutesPerMonth * 60;
    const run = Date.parse('2026-11-14T02:00:00Z') / 1000;
    const base = { instanceId: 'i-0p4d000000000002', source: 'event' as const, region: 'us-east-1', instanceType: 'p4d.24xlarge', hourlyUsd: 32.77 };
    let { ledger } = applyTransition(emptyLedger(DS, month, 'gpu-training', allowance), { ...base, at: run, transition: 'run' });
    ({ ledger } = applyTransition(ledger, { ...base, at: run + allowance, transition: 'stop' }));
    // Written at 03:00 on the 15th: the instance is folded into the group totals, its spend per day kept.
    const store = new RuntimeLedgerStore(DynamoDBDocumentClient.from(new (await import('@aws-sdk/client-dynamodb')).DynamoDBClient({ region: 'us-east-1' })), 'budget-guardrails');
    await store.put({ ledger, version: 0, scheduledAt: null, enforcedAt: null }, Date.parse('2026-11-15T03:00:00Z') / 1000);
    const item = table.get(`ACCOUNT#${DS}`, `RUNTIME#${month}#gpu-training`);
    expect(JSON.parse(item?.ledger as string).instances).toEqual({});
    expect(item?.dailyUsd).toEqual({ '2026-11-14': Math.round(job * 10000) / 10000 });

    await handleEvaluatorEvent(scheduleEvent(), deps(new Date('2026-11-15T03:59:00Z')));
    const state = stateOf(DS, month);
    // Without the ledger's day the rate would be $646.17/day (forecast ≈ $11,900, Shutdown); with it, $100/day.
    expect(state?.reason).toMatch(/usage run-rate \$100\/day/);
    expect(state).toMatchObject({ state: 'under' });
    expect(state?.forecastUsd).toBeCloseTo(1400 + job + 100 * partial + 100 * (16 - 239 / 1440), 1);
  });
});

describe('monthly fees on the 1st', () => {
  const month = '2026-11';
  // web-service: $0.30/day of usage, $1.00 of Route 53 hosted-zone charges on the 1st, half of today's usage so far.
  const webMonth = (today: number, feeType: string) => costExplorerDays(month, today, (d) => [
    [WEB, 'Usage', d === today ? 0.15 : 0.3], ...(d === 1 ? [[WEB, feeType, 1] as const] : []),
  ]);

  it('at noon on the 2nd the $1 fee is a known amount: On target ($9.99 of $12), not Shutdown', async () => {
    const now = new Date('2026-11-02T12:00:00Z');
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: webMonth(2, 'Fee') });
    await handleEvaluatorEvent(scheduleEvent(), deps(now));
    // actual 1.00 + 0.30 + 0.15 = 1.45; usage run-rate 0.30/day × 28.5 days left = 8.55.
    expect(stateOf(WEB, month)).toMatchObject({ state: 'on-target', actualUsd: 1.45, forecastUsd: 10, decidedBy: 'forecast' });
  });

  it('billed as a usage-typed line, the lump never reaches Critical or Shutdown on forecast, any day of the month', async () => {
    const seen: string[] = [];
    for (const today of [2, 3, 4, 5, 10, 20]) {
      ce.reset();
      ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: webMonth(today, 'Usage') });
      await handleEvaluatorEvent(scheduleEvent(), deps(new Date(`2026-11-${String(today).padStart(2, '0')}T12:00:00Z`)));
      seen.push(String(stateOf(WEB, month)?.state));
    }
    // The 1st never makes the rate: early in the month the last days of October stand in for it.
    expect(seen).toEqual(['on-target', 'on-target', 'on-target', 'on-target', 'on-target', 'on-target']);
    expect(stateOf(WEB, month)?.reason).toMatch(/decided by forecast/);
  });

  it('a real overrun still escalates: actual spend counts at once, whatever the day', async () => {
    const now = new Date('2026-11-02T12:00:00Z');
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: costExplorerDays(month, 2, (d) => [[WEB, 'Usage', d === 1 ? 16 : d <= 0 ? 0.3 : 1]]) });
    await handleEvaluatorEvent(scheduleEvent(), deps(now));
    expect(stateOf(WEB, month)).toMatchObject({ state: 'shutdown', actualUsd: 17, decidedBy: 'actual' });
    expect(published().at(-1)).toMatchObject({ state: 'shutdown', decidedBy: 'actual' });
  });
});

describe('a $0 target', () => {
  const month = '2026-11';
  const now = new Date('2026-11-18T12:00:00Z');
  const zero = (): AccountPolicy => ({ ...(catalog.accounts.find((a) => a.id === WEB) as AccountPolicy), targetUsd: 0, enforcement: { ...(catalog.accounts.find((a) => a.id === WEB) as AccountPolicy).enforcement, shutdown: { ...(catalog.accounts.find((a) => a.id === WEB) as AccountPolicy).enforcement.over } } });

  it('with $0 spend is Unused, not Shutdown', async () => {
    table.seedCatalog(catalog.org, [zero()]);
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: costExplorerDays(month, 18, () => [[DS, 'Usage', 100]]) });
    await handleEvaluatorEvent(scheduleEvent(), deps(now));
    expect(stateOf(WEB, month)).toMatchObject({ state: 'unused', actualUsd: 0 });
  });

  it('with any spend is Over, and stays Over however large the spend', async () => {
    table.seedCatalog(catalog.org, [zero()]);
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: costExplorerDays(month, 18, (d) => (d === 17 ? [[WEB, 'Usage', 0.02]] : [])) });
    await handleEvaluatorEvent(scheduleEvent(), deps(now));
    expect(stateOf(WEB, month)).toMatchObject({ state: 'over', decidedBy: 'actual' });
    ce.reset();
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: costExplorerDays(month, 18, () => [[WEB, 'Usage', 900]]) });
    await handleEvaluatorEvent(scheduleEvent(), deps(now));
    expect(stateOf(WEB, month)).toMatchObject({ state: 'over', decidedBy: 'actual' });
  });
});

describe('the cost figures an account is measured in', () => {
  const month = '2026-11';
  const now = new Date('2026-11-18T12:00:00Z');

  it('one request asks for every metric the catalog uses; each account is read in its own, credits only where counted', async () => {
    const ds = catalog.accounts.find((a) => a.id === DS) as AccountPolicy;
    const web = catalog.accounts.find((a) => a.id === WEB) as AccountPolicy;
    table.seedCatalog(catalog.org, [
      { ...ds, costs: { metric: 'AmortizedCost', includeCredits: false } },
      { ...web, costs: { metric: 'UnblendedCost', includeCredits: true } },
    ]);
    // data-science: a $730 RI fee on the 1st unblended, $24.33/day amortized; web-service: a $2 credit on the 10th.
    const both = (unblended: number, amortized: number) => ({ UnblendedCost: { Amount: String(unblended), Unit: 'USD' }, AmortizedCost: { Amount: String(amortized), Unit: 'USD' } });
    const days = costExplorerDays(month, 18, (d) => [[WEB, 'Usage', 0.3], ...(d === 10 ? [[WEB, 'Credit', -2] as const] : [])]).map((r, i) => {
      const d = i - 7;
      const groups = [
        ...(r.Groups ?? []).map((g) => ({ ...g, Metrics: both(Number(g.Metrics?.UnblendedCost?.Amount), Number(g.Metrics?.UnblendedCost?.Amount)) })),
        { Keys: [DS, 'Usage'], Metrics: both(100, 100) },
        { Keys: [DS, 'RIFee'], Metrics: both(d === 1 ? 730 : 0, 24.33) },
      ];
      return { ...r, Groups: groups };
    });
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: days });
    await handleEvaluatorEvent(scheduleEvent(), deps(now));

    const calls = ce.commandCalls(GetCostAndUsageCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0].input).toMatchObject({ Metrics: ['AmortizedCost', 'UnblendedCost'], GroupBy: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }, { Type: 'DIMENSION', Key: 'RECORD_TYPE' }] });
    // Amortized: 18 days × (100 + 24.33) of usage and fee lines.
    expect(stateOf(DS, month)).toMatchObject({ actualUsd: Math.round(18 * 124.33 * 100) / 100 });
    // Credits counted: 18 × 0.30 − 2.
    expect(stateOf(WEB, month)).toMatchObject({ actualUsd: 3.4 });
  });
});
