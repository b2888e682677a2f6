import { CloudwatchEventArchive } from '@cdktf/provider-aws/lib/cloudwatch-event-archive';
import { CloudwatchEventBus } from '@cdktf/provider-aws/lib/cloudwatch-event-bus';
import { CloudwatchEventBusPolicy } from '@cdktf/provider-aws/lib/cloudwatch-event-bus-policy';
import { Construct } from 'constructs';
import type { AccountPolicy, OrgSettings } from '../../core/catalog/types';
import { busPolicy } from '../../core/iam/bus-policy';
import type { PolicyDocument } from '../../core/iam/policy';
import { HUB_BUS_NAME } from '../../core/naming/resources';

export interface HubBusProps {
  readonly org: OrgSettings;
  readonly accounts: readonly AccountPolicy[];
  /**
   * Days the archive keeps every event for replay.
   * @default 30
   */
  readonly archiveRetentionDays?: number;
}

export { busPolicy };

/** The custom bus `budget-guardrails`, its resource policy and an archive for replay. */
export class HubBus extends Construct {
  readonly bus: CloudwatchEventBus;
  readonly policy: PolicyDocument | undefined;
  readonly archive: CloudwatchEventArchive;

  constructor(scope: Construct, id: string, props: HubBusProps) {
    super(scope, id);
    this.bus = new CloudwatchEventBus(this, 'bus', { name: HUB_BUS_NAME });
    this.policy = busPolicy(props.org, props.accounts);
    if (this.policy) {
      new CloudwatchEventBusPolicy(this, 'policy', { eventBusName: this.bus.name, policy: JSON.stringify(this.policy) });
    }
    this.archive = new CloudwatchEventArchive(this, 'archive', {
      name: HUB_BUS_NAME,
      description: 'Every event on the hub bus, kept for replay after a fix.',
      eventSourceArn: this.bus.arn,
      retentionDays: props.archiveRetentionDays ?? 30,
    });
  }
}
