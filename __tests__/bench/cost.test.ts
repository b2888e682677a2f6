import { ASSUMPTIONS, CostInputs, DAYS_PER_MONTH, WARM_DURATION_MS, computeCostModel } from '../../bench/lib/cost';
import { PRICES } from '../../bench/lib/prices';
import { referencedId, triggersOf } from '../../bench/lib/synth-output';

const catalog = {
  accounts: 10, evaluatedAccounts: 8, enforcedAccounts: 5, runtimeGroups: 0, tagPolicyAccounts: 0, workloadRegions: 10, ownersPerAccount: 2,
};

const inputs = (over: Partial<CostInputs['synth']> = {}): CostInputs => ({
  synth: {
    functions: [{ functionName: 'budget-guardrails-evaluator', memoryMb: 1024, architecture: 'arm64', timeoutS: 60 }],
    triggers: [
      { functionName: 'budget-guardrails-evaluator', via: 'event-rule', scheduleExpression: 'rate(1 day)' },
      { functionName: 'budget-guardrails-evaluator', via: 'event-rule', detailTypes: ['CloudWatch Alarm State Change'] },
    ],
    memberBillingAlarms: 30,
    memberResourceCounts: { aws_cloudwatch_metric_alarm: 30 },
    hubAlarms: 4,
    memberRulesByDetailType: {},
    hubEmailSubscriptions: 0,
    hubTopics: 0,
    resourceCounts: { aws_kms_key: 1 },
    ...over,
  },
  catalog,
  initMs: { evaluator: 100 },
  emitsCustomMetrics: false,
});

const item = (model: ReturnType<typeof computeCostModel>, name: string) => {
  const found = model.lines.find((l) => l.item.startsWith(name));
  if (!found) throw new Error(`no line ${name}`);
  return found;
};

describe('running cost arithmetic', () => {
  const model = computeCostModel(inputs());
  const alarmRuns = 30 * ASSUMPTIONS.alarmFiringsPerAlarmMonth * 2;
  const runs = DAYS_PER_MONTH + alarmRuns;

  it('prices the synthesized alarms and KMS keys per month', () => {
    expect(item(model, 'CloudWatch alarms, member').monthlyUsd).toBeCloseTo(3.0, 10);
    expect(item(model, 'CloudWatch alarms, hub').monthlyUsd).toBeCloseTo(0.4, 10);
    expect(item(model, 'KMS').monthlyUsd).toBe(1);
  });

  it('counts one Cost Explorer request per evaluator run, scheduled or alarm-driven', () => {
    expect(item(model, 'Cost Explorer').quantity).toBeCloseTo(runs, 10);
    expect(item(model, 'Cost Explorer').monthlyUsd).toBeCloseTo(runs * 0.01, 10);
  });

  it('turns invocations, duration and memory_size into GB-seconds', () => {
    const warm = WARM_DURATION_MS.evaluator.base + WARM_DURATION_MS.evaluator.perAccount * catalog.evaluatedAccounts;
    const scheduledMs = DAYS_PER_MONTH * (warm + ASSUMPTIONS.coldShareScheduledRare * 100);
    const eventMs = alarmRuns * (warm + ASSUMPTIONS.coldShareEvents * 100);
    expect(model.invocations[0].invocations).toBeCloseTo(runs, 10);
    expect(model.invocations[0].gbSeconds).toBeCloseTo((scheduledMs + eventMs) / 1000, 6);
    expect(item(model, 'Lambda compute, arm64').monthlyUsd).toBeCloseTo(((scheduledMs + eventMs) / 1000) * PRICES.lambdaGbSecondArm.usd, 10);
  });

  it('counts one cross-account event per alarm transition', () => {
    expect(item(model, 'EventBridge cross-account').quantity).toBeCloseTo(alarmRuns, 10);
  });

  it('sums lines into the total and divides by accounts', () => {
    const sum = model.lines.reduce((s, l) => s + l.monthlyUsd, 0);
    expect(model.totalUsd).toBeCloseTo(sum, 10);
    expect(model.perAccountUsd).toBeCloseTo(sum / 10, 10);
  });

  it('prices AWS Budgets Actions at $0.10 per budget-day', () => {
    expect(model.budgetsActionsUsd).toBeCloseTo(10 * 0.1 * DAYS_PER_MONTH, 10);
    expect(model.budgetsActionsUsd / 10).toBeCloseTo(3.04, 2);
  });

  it('lists routed detail-types it has no volume for instead of guessing', () => {
    const odd = computeCostModel(inputs({
      triggers: [{ functionName: 'budget-guardrails-evaluator', via: 'event-rule', detailTypes: ['Something New'] }],
    }));
    expect(odd.unpricedDetailTypes).toEqual(['Something New']);
    expect(odd.invocations[0].invocations).toBe(0);
  });
});

describe('reading synthesized rules', () => {
  it('follows Terraform references from targets to rules and functions', () => {
    expect(referencedId('${aws_lambda_function.evaluator_fn_1A2B.arn}', 'aws_lambda_function')).toBe('evaluator_fn_1A2B');
    expect(referencedId('arn:aws:lambda:us-east-1:1:function:x', 'aws_lambda_function')).toBeUndefined();
    const triggers = triggersOf({
      aws_lambda_function: { fn: { function_name: 'budget-guardrails-tag-policy', memory_size: 512 } },
      aws_cloudwatch_event_rule: {
        sched: { schedule_expression: 'rate(1 hour)' },
        ec2: { event_pattern: JSON.stringify({ 'detail-type': ['EC2 Instance State-change Notification'], detail: { state: ['running'] } }) },
      },
      aws_cloudwatch_event_target: {
        t1: { rule: '${aws_cloudwatch_event_rule.sched.name}', arn: '${aws_lambda_function.fn.arn}' },
        t2: { rule: '${aws_cloudwatch_event_rule.ec2.name}', arn: '${aws_lambda_function.fn.arn}' },
      },
    });
    expect(triggers).toEqual([
      expect.objectContaining({ functionName: 'budget-guardrails-tag-policy', scheduleExpression: 'rate(1 hour)' }),
      expect.objectContaining({ functionName: 'budget-guardrails-tag-policy', detailTypes: ['EC2 Instance State-change Notification'], ec2States: ['running'] }),
    ]);
  });
});
