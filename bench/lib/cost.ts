/**
 * The guardrail's own monthly AWS bill, as arithmetic over what synth produced (alarms, rules,
 * functions with their memory and triggers, topics, KMS keys), the catalog's counts, measured
 * init times, and the event volumes stated in ASSUMPTIONS. Pure: no I/O, so it is unit-tested.
 */
import type { CatalogStats } from './catalog-stats';
import { PRICES, PriceKey } from './prices';
import { firesPerMonth } from './schedule';
import type { FunctionFacts, SynthSummary, TriggerFacts } from './synth-output';

export const DAYS_PER_MONTH = 365.25 / 12;

/** Event volumes and durations nobody can measure offline; each is stated in RESULTS.md. */
export const ASSUMPTIONS = {
  /** Share of member billing alarms that go to ALARM in a month (then back to OK at month start). */
  alarmFiringsPerAlarmMonth: 0.6,
  /** Budget state changes per evaluated account and month (month start, under → on target, some over). */
  stateChangesPerAccountMonth: 3,
  /** `Guardrail Action Taken` events per state change of an enforced account. */
  actionEventsPerStateChange: 2,
  /** Enforcement actions (EC2 batch, ASG, detach, lockdown, tag) per state change of an enforced account. */
  actionsPerStateChange: 4,
  /** EC2 state-change events per forwarding rule (account × workload region) and month. */
  ec2EventsPerRegionMonth: 300,
  /** Share of EC2 state-change events per state (pending, running, stopping, stopped: a start/stop cycle). */
  ec2StateShare: 0.25,
  /** Runtime-minute datums per PutMetricData request (functions/aws/cloudwatch-metrics.ts sends one). */
  metricDatumsPerRequest: 1,
  /** `Tag Policy Report` events per account with a tag policy and month (one a day with findings). */
  tagReportsPerAccountMonth: 30,
  /** `Runtime Threshold Crossed` events per runtime group and month (50/80/100 %). */
  runtimeThresholdsPerGroupMonth: 3,
  /** Predictive-stop schedules (one-time EventBridge Scheduler) per runtime group and month. */
  exhaustionSchedulesPerGroupMonth: 1,
  /** Log bytes written per invocation (START/END/REPORT plus a few structured lines). */
  logBytesPerInvocation: 2048,
  /** Bytes per DynamoDB item on average (state, action, ledger, audit). */
  itemBytes: 1024,
  /** Audit items kept per account (TTL expires older ones). */
  auditItemsPerAccount: 500,
  /** Init time used when a function's cold start was not measured. */
  unmeasuredInitMs: 300,
  /** Share of invocations that are cold: schedules ≥ 15 min apart are always cold; events mostly. */
  coldShareScheduledRare: 1,
  coldShareScheduledFrequent: 0.1,
  coldShareEvents: 0.5,
} as const;

export type Assumptions = { -readonly [K in keyof typeof ASSUMPTIONS]: number };

/**
 * Warm duration per invocation (ms), by function, from its work: API calls at ~40 ms each,
 * DynamoDB at ~10 ms, Cost Explorer ~1 s. `perAccount` multiplies the accounts the function
 * touches per run (evaluated, runtime groups, tag-policy or enforced accounts).
 */
export interface DurationModel { readonly base: number; readonly perAccount: number; readonly accounts: keyof CatalogStats | null }

/** `<function>` for scheduled runs, `<function>:event` for event-driven ones. */
export const WARM_DURATION_MS: Record<string, DurationModel> = {
  evaluator: { base: 1200, perAccount: 5, accounts: 'evaluatedAccounts' },
  'evaluator:event': { base: 1200, perAccount: 5, accounts: 'evaluatedAccounts' },
  'enforcer:event': { base: 2500, perAccount: 0, accounts: null },
  'notifier:event': { base: 500, perAccount: 0, accounts: null },
  'runtime-meter:event': { base: 150, perAccount: 0, accounts: null },
  'runtime-meter': { base: 200, perAccount: 100, accounts: 'runtimeGroups' },
  'tag-policy:event': { base: 300, perAccount: 0, accounts: null },
  'tag-policy': { base: 300, perAccount: 400, accounts: 'tagPolicyAccounts' },
  reset: { base: 1000, perAccount: 1500, accounts: 'enforcedAccounts' },
};

export interface CostInputs {
  readonly synth: Pick<SynthSummary, 'functions' | 'triggers' | 'memberBillingAlarms' | 'memberResourceCounts' | 'hubAlarms'
    | 'memberRulesByDetailType' | 'hubEmailSubscriptions' | 'hubTopics' | 'resourceCounts'>;
  readonly catalog: CatalogStats;
  /** Measured median init per function short name (evaluator, enforcer, ...). */
  readonly initMs: Readonly<Record<string, number>>;
  /** Whether the functions' code publishes custom metrics (PutMetricData). */
  readonly emitsCustomMetrics: boolean;
  readonly assumptions?: Partial<Assumptions>;
}

export interface CostLine {
  readonly item: string;
  readonly quantity: number;
  readonly price: PriceKey;
  readonly monthlyUsd: number;
  readonly basis: string;
}

export interface InvocationFacts {
  readonly functionName: string;
  readonly short: string;
  readonly invocations: number;
  readonly gbSeconds: number;
  readonly memoryMb: number;
  readonly architecture: string;
}

export interface CostModel {
  readonly accounts: number;
  readonly lines: readonly CostLine[];
  readonly invocations: readonly InvocationFacts[];
  readonly totalUsd: number;
  readonly perAccountUsd: number;
  /** AWS Budgets Actions for the same accounts: one action-enabled budget per account. */
  readonly budgetsActionsUsd: number;
  readonly unpricedDetailTypes: readonly string[];
}

const line = (item: string, quantity: number, price: PriceKey, basis: string): CostLine =>
  ({ item, quantity, price, monthlyUsd: quantity * PRICES[price].usd, basis });

const shortName = (fn: string) => fn.replace(/^budget-guardrails-/, '');

/** Events per month for a hub rule's detail-types, or undefined when the type is not modelled. */
function eventsPerMonth(detailType: string, trigger: TriggerFacts, inputs: CostInputs, a: Assumptions): number | undefined {
  const c = inputs.catalog;
  switch (detailType) {
    case 'CloudWatch Alarm State Change': {
      const transitions = trigger.alarmStates && trigger.alarmStates.length === 1 ? 1 : 2;
      return inputs.synth.memberBillingAlarms * a.alarmFiringsPerAlarmMonth * transitions;
    }
    case 'EC2 Instance State-change Notification': {
      const all = (inputs.synth.memberRulesByDetailType[detailType] ?? 0) * a.ec2EventsPerRegionMonth;
      return trigger.ec2States ? all * Math.min(1, trigger.ec2States.length * a.ec2StateShare) : all;
    }
    case 'Budget State Changed':
      return c.evaluatedAccounts * a.stateChangesPerAccountMonth;
    case 'Guardrail Action Taken':
      return c.enforcedAccounts * a.stateChangesPerAccountMonth * a.actionEventsPerStateChange;
    case 'Runtime Threshold Crossed':
      return c.runtimeGroups * a.runtimeThresholdsPerGroupMonth;
    case 'Tag Policy Report':
      return c.tagPolicyAccounts * a.tagReportsPerAccountMonth;
    default:
      return undefined;
  }
}

function durationMs(key: string, catalog: CatalogStats): number {
  const model = WARM_DURATION_MS[key] ?? { base: 500, perAccount: 0, accounts: null };
  return model.base + model.perAccount * (model.accounts ? Number(catalog[model.accounts]) : 0);
}

export function computeCostModel(inputs: CostInputs): CostModel {
  const a: Assumptions = { ...ASSUMPTIONS, ...inputs.assumptions };
  const { synth, catalog } = inputs;
  const unpriced = new Set<string>();
  const byFunction = new Map<string, { fn: FunctionFacts; invocations: number; ms: number; scheduled: number; events: number }>();
  for (const fn of synth.functions) byFunction.set(fn.functionName, { fn, invocations: 0, ms: 0, scheduled: 0, events: 0 });

  for (const t of synth.triggers) {
    const entry = byFunction.get(t.functionName);
    if (!entry) continue;
    const short = shortName(t.functionName);
    const init = inputs.initMs[short] ?? a.unmeasuredInitMs;
    let count = 0;
    let cold: number;
    let warmKey = `${short}:event`;
    if (t.scheduleExpression) {
      count = firesPerMonth(t.scheduleExpression);
      const minutesApart = count > 0 ? (DAYS_PER_MONTH * 1440) / count : Infinity;
      cold = minutesApart >= 15 ? a.coldShareScheduledRare : a.coldShareScheduledFrequent;
      warmKey = short;
      entry.scheduled += count;
    } else if (t.via === 'scheduler') {
      count = catalog.runtimeGroups * a.exhaustionSchedulesPerGroupMonth;
      cold = a.coldShareEvents;
    } else {
      for (const type of t.detailTypes ?? []) {
        const n = eventsPerMonth(type, t, inputs, a);
        if (n === undefined) unpriced.add(type);
        else count += n;
      }
      cold = a.coldShareEvents;
      entry.events += count;
    }
    entry.invocations += count;
    entry.ms += count * (durationMs(warmKey, catalog) + cold * init);
  }

  const invocations: InvocationFacts[] = [...byFunction.values()].map(({ fn, invocations: n, ms }) => ({
    functionName: fn.functionName, short: shortName(fn.functionName), invocations: n,
    gbSeconds: (ms / 1000) * (fn.memoryMb / 1024), memoryMb: fn.memoryMb, architecture: fn.architecture,
  }));
  const totalInvocations = invocations.reduce((s, f) => s + f.invocations, 0);
  const gbArm = invocations.filter((f) => f.architecture === 'arm64').reduce((s, f) => s + f.gbSeconds, 0);
  const gbX86 = invocations.filter((f) => f.architecture !== 'arm64').reduce((s, f) => s + f.gbSeconds, 0);
  const inv = (short: string) => invocations.find((f) => f.short === short)?.invocations ?? 0;
  const evaluatorRuns = inv('evaluator');

  const memberAlarms = synth.memberResourceCounts.aws_cloudwatch_metric_alarm ?? 0;
  // Each member event crosses to the hub bus once, however many hub rules then match it.
  const forwarded = synth.memberBillingAlarms * a.alarmFiringsPerAlarmMonth * 2
    + (synth.memberRulesByDetailType['EC2 Instance State-change Notification'] ?? 0) * a.ec2EventsPerRegionMonth;
  const published = catalog.evaluatedAccounts * a.stateChangesPerAccountMonth
    + catalog.enforcedAccounts * a.stateChangesPerAccountMonth * a.actionEventsPerStateChange
    + catalog.runtimeGroups * a.runtimeThresholdsPerGroupMonth
    + catalog.tagPolicyAccounts * a.tagReportsPerAccountMonth;
  const notifications = inv('notifier');
  const stateChanges = catalog.enforcedAccounts * a.stateChangesPerAccountMonth;
  const reconcileRuns = synth.triggers.filter((t) => shortName(t.functionName) === 'runtime-meter' && t.scheduleExpression)
    .reduce((s, t) => s + firesPerMonth(t.scheduleExpression!), 0);
  const ddbWrites = evaluatorRuns * catalog.evaluatedAccounts
    + stateChanges * a.actionsPerStateChange * 2
    + inv('runtime-meter') + reconcileRuns * catalog.runtimeGroups
    + totalInvocations;
  const ddbReads = evaluatorRuns * catalog.accounts + stateChanges * (2 + a.actionsPerStateChange) + inv('runtime-meter') * 2
    + inv('tag-policy') * catalog.tagPolicyAccounts;
  // Catalog items come from the synthesized aws_dynamodb_table_item resources; the rest is written at run time.
  const tableItems = synth.resourceCounts.aws_dynamodb_table_item ?? 0;
  const storedGb = ((tableItems + catalog.accounts * (12 + a.auditItemsPerAccount + 24 * a.actionsPerStateChange)) * a.itemBytes) / 1024 ** 3;
  const logGb = (totalInvocations * a.logBytesPerInvocation) / 1024 ** 3;
  const subsPerTopic = synth.hubTopics > 0 ? synth.hubEmailSubscriptions / synth.hubTopics : 0;
  const kmsKeys = synth.resourceCounts.aws_kms_key ?? 0;

  const lines: CostLine[] = [
    line('CloudWatch alarms, member accounts (billing alarms and others)', memberAlarms, 'alarm', `${memberAlarms} aws_cloudwatch_metric_alarm in member stacks (${synth.memberBillingAlarms} on AWS/Billing)`),
    line('CloudWatch alarms, hub (function errors, DLQ depth)', synth.hubAlarms, 'alarm', `${synth.hubAlarms} aws_cloudwatch_metric_alarm in the hub stack`),
    line('Cost Explorer GetCostAndUsage', evaluatorRuns, 'costExplorerRequest', `one grouped request per evaluator run; ${Math.round(evaluatorRuns)} runs/month from its schedule and alarm events`),
    line('Lambda requests', totalInvocations, 'lambdaRequest', 'every invocation below'),
    line('Lambda compute, arm64', gbArm, 'lambdaGbSecondArm', 'GB-s = invocations × (warm duration + cold share × measured init) × memory_size from the synthesized functions'),
    line('Lambda compute, x86_64', gbX86, 'lambdaGbSecondX86', 'as above, for x86_64 functions'),
    line('EventBridge cross-account events (member → hub bus)', forwarded, 'crossAccountEvent', 'forwarded alarm state changes and EC2 state changes'),
    line('EventBridge custom events (functions → hub bus)', published, 'customEvent', 'Budget State Changed, Guardrail Action Taken, Runtime Threshold Crossed, Tag Policy Report'),
    line('EventBridge Scheduler one-time schedules', inv('runtime-meter') > 0 ? catalog.runtimeGroups * a.exhaustionSchedulesPerGroupMonth : 0, 'schedulerInvocation', 'predictive stop, one per runtime group and month'),
    line('CloudWatch custom metrics', inputs.emitsCustomMetrics ? catalog.runtimeGroups : 0, 'customMetric', inputs.emitsCustomMetrics ? 'one metric per runtime group (PutMetricData found in functions/)' : 'no PutMetricData in functions/'),
    line('CloudWatch PutMetricData', inputs.emitsCustomMetrics ? Math.ceil(reconcileRuns * catalog.runtimeGroups / a.metricDatumsPerRequest) : 0, 'putMetricData', `one datum per runtime group per reconcile, ${a.metricDatumsPerRequest} per request`),
    line('CloudWatch Logs ingestion', logGb, 'logIngestGb', `${a.logBytesPerInvocation} B per invocation`),
    line('CloudWatch Logs storage', logGb, 'logStorageGbMonth', 'about one month kept (30-day retention)'),
    line('DynamoDB writes (on-demand)', ddbWrites, 'dynamoWrite', 'state per evaluated account per run, intent+result per action, ledger, one audit item per invocation'),
    line('DynamoDB reads (on-demand)', ddbReads, 'dynamoRead', 'catalog per evaluator run, recorded actions, ledgers'),
    line('DynamoDB storage', storedGb, 'dynamoStorageGbMonth', `${tableItems} synthesized table items (catalog) + per account 12 monthly states, a year of action records, ${a.auditItemsPerAccount} audit items; ${a.itemBytes} B each`),
    line('DynamoDB point-in-time recovery', storedGb, 'dynamoPitrGbMonth', 'same size as storage'),
    line('SES emails', notifications * catalog.ownersPerAccount, 'sesEmail', `one email per notification to ${catalog.ownersPerAccount.toFixed(1)} owners on average`),
    line('SNS publishes', notifications, 'snsPublish', 'one publish per notification'),
    line('SNS email deliveries', notifications * subsPerTopic, 'snsEmailDelivery', `${subsPerTopic.toFixed(1)} email subscriptions per topic in the hub`),
    line('KMS customer-managed keys', kmsKeys, 'kmsKey', `${kmsKeys} aws_kms_key in the synthesized stacks`),
  ];
  const totalUsd = lines.reduce((s, l) => s + l.monthlyUsd, 0);
  return {
    accounts: catalog.accounts,
    lines,
    invocations,
    totalUsd,
    perAccountUsd: catalog.accounts > 0 ? totalUsd / catalog.accounts : 0,
    budgetsActionsUsd: catalog.accounts * PRICES.budgetsActionDay.usd * DAYS_PER_MONTH,
    unpricedDetailTypes: [...unpriced].sort(),
  };
}
