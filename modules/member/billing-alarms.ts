import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import type { AccountPolicy } from '../../core/catalog/types';
import { actualAlarmName, serviceAlarmName } from '../../core/naming/resources';

/** AWS publishes EstimatedCharges a few times a day; a shorter period only produces missing data. */
export const BILLING_PERIOD_SECONDS = 6 * 60 * 60;

export interface BillingAlarmsProps {
  readonly account: AccountPolicy;
  /** The us-east-1 provider: billing metrics exist only there. */
  readonly provider: AwsProvider;
}

/**
 * Month-to-date spend alarms on AWS/Billing EstimatedCharges (USD): one per actual alert
 * threshold of the target, and one per catalog service alarm. They have no actions: the
 * forwarding rule sends their state changes to the hub. An account without a target
 * (`skip` mode) gets no total alarms.
 */
export class BillingAlarms extends Construct {
  readonly alarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, id: string, props: BillingAlarmsProps) {
    super(scope, id);
    const { account, provider } = props;
    const common = {
      provider,
      namespace: 'AWS/Billing',
      metricName: 'EstimatedCharges',
      statistic: 'Maximum',
      period: BILLING_PERIOD_SECONDS,
      evaluationPeriods: 1,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      treatMissingData: 'notBreaching',
    };
    const target = account.targetUsd;
    if (target !== null) {
      for (const pct of account.alerts.actualPct) {
        const threshold = roundCents((target * pct) / 100);
        this.alarms.push(new CloudwatchMetricAlarm(this, `actual-${pct}`, {
          ...common,
          alarmName: actualAlarmName(account.name, pct),
          alarmDescription: `${account.name}: month-to-date spend reached ${pct} % of the ${target} USD target (${threshold} USD)`,
          dimensions: { Currency: 'USD' },
          threshold,
        }));
      }
    }
    for (const service of account.serviceAlarms) {
      this.alarms.push(new CloudwatchMetricAlarm(this, `service-${service.service}`, {
        ...common,
        alarmName: serviceAlarmName(account.name, service.service),
        alarmDescription: `${account.name}: month-to-date ${service.service} spend reached ${service.amountUsd} USD`,
        dimensions: { Currency: 'USD', ServiceName: service.service },
        threshold: service.amountUsd,
      }));
    }
  }
}

const roundCents = (usd: number) => Math.round(usd * 100) / 100;
