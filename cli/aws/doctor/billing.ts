/**
 * Billing data the guardrail depends on: "Receive Billing Alerts" (without it AWS publishes no
 * AWS/Billing EstimatedCharges metrics, always in us-east-1, and every member billing alarm stays
 * INSUFFICIENT_DATA forever) and Cost Explorer (the evaluator's one GetCostAndUsage call per run).
 */
import { CloudWatchClient, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { CostExplorerClient, GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import { errorName, messageOf } from '../../../functions/aws/aws-errors';
import type { CheckResult } from './types';

export async function checkBillingAlerts(cloudwatchUsEast1: CloudWatchClient): Promise<CheckResult> {
  const base = { id: 'billing-alerts', title: 'Receive Billing Alerts (AWS/Billing metrics in us-east-1)' };
  try {
    const r = await cloudwatchUsEast1.send(new ListMetricsCommand({ Namespace: 'AWS/Billing', MetricName: 'EstimatedCharges' }));
    const metrics = r.Metrics ?? [];
    if (metrics.length > 0) return { ...base, status: 'pass', detail: `AWS/Billing EstimatedCharges is published (${metrics.length}${r.NextToken ? '+' : ''} metric(s) in us-east-1)` };
    return {
      ...base, status: 'fail',
      detail: 'no AWS/Billing EstimatedCharges metric in us-east-1: billing alerts are not enabled, so the member billing alarms never fire',
      fix: 'in the payer (management) account: Billing and Cost Management console → Billing preferences → Alert preferences → '
        + 'turn on "Receive CloudWatch billing alerts"; the metrics appear in us-east-1 within a few hours',
    };
  } catch (error) {
    return { ...base, status: 'fail', detail: `could not list the billing metrics: ${messageOf(error)}`, fix: 'run doctor with credentials that may call cloudwatch:ListMetrics in us-east-1' };
  }
}

const day = (d: Date) => d.toISOString().slice(0, 10);

export async function checkCostExplorer(ce: CostExplorerClient, now: Date = new Date()): Promise<CheckResult> {
  const base = { id: 'cost-explorer', title: 'Cost Explorer enabled' };
  const start = new Date(now.getTime() - 3 * 86_400_000);
  try {
    await ce.send(new GetCostAndUsageCommand({ TimePeriod: { Start: day(start), End: day(now) }, Granularity: 'DAILY', Metrics: ['UnblendedCost'] }));
    return { ...base, status: 'pass', detail: 'GetCostAndUsage answers: the evaluator can read month-to-date spend' };
  } catch (error) {
    const enable = 'enable Cost Explorer in the payer account: Billing and Cost Management console → Cost Explorer → Launch Cost Explorer; data for the current month appears within 24 hours';
    const message = messageOf(error);
    if (/not enabled for cost explorer/i.test(message)) {
      return { ...base, status: 'fail', detail: 'Cost Explorer is not enabled: the evaluator cannot read spend and every account stays Unknown', fix: enable };
    }
    if (errorName(error) === 'DataUnavailableException') {
      return { ...base, status: 'fail', detail: 'Cost Explorer has no data yet (enabled less than 24 hours ago, or not enabled)', fix: enable };
    }
    return { ...base, status: 'fail', detail: `Cost Explorer refused the call: ${message}`, fix: 'run doctor with payer-account credentials that may call ce:GetCostAndUsage' };
  }
}
