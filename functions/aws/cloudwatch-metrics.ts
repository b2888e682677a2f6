/** The one custom metric per runtime group: used instance-minutes this month. */
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { METRIC_NAMESPACE } from '../../core/naming/resources';

export const RUNTIME_METRIC_NAME = 'RuntimeMinutes';

export class RuntimeMetrics {
  constructor(private readonly client: CloudWatchClient) {}

  async putRuntimeMinutes(accountId: string, group: string, minutes: number, at: Date): Promise<void> {
    await this.client.send(new PutMetricDataCommand({
      Namespace: METRIC_NAMESPACE,
      MetricData: [{
        MetricName: RUNTIME_METRIC_NAME,
        Dimensions: [{ Name: 'Account', Value: accountId }, { Name: 'Group', Value: group }],
        Timestamp: at,
        Unit: 'None',
        Value: minutes,
      }],
    }));
  }
}
