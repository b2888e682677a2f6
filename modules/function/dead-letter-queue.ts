import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { OrgSettings } from '../../core/catalog/types';
import { PolicyStatement, policyDocument } from '../../core/iam/policy';

/** Who may send to a dead-letter queue: roles (Lambda async destinations) or a service for one source ARN. */
export interface DeadLetterSenders {
  /** Role ARNs allowed to send (a Lambda function's execution role). */
  readonly roleArns?: readonly string[];
  /** A service principal allowed to send for exactly one source (an EventBridge rule). */
  readonly service?: { readonly principal: string; readonly sourceArn: string };
}

export interface DeadLetterQueueProps {
  readonly org: OrgSettings;
  /** Queue name; at most 80 characters. */
  readonly queueName: string;
  readonly senders: DeadLetterSenders;
  /** Topic the depth alarm notifies. */
  readonly alarmTopicArn: string;
  /** Resources that must exist before the queue policy names them (roles). */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * How long a failed event is kept for inspection and redrive.
   * @default 1209600 (14 days, the SQS maximum)
   */
  readonly retentionSeconds?: number;
}

export const queueArn = (org: OrgSettings, name: string) => `arn:aws:sqs:${org.hubRegion}:${org.hubAccountId}:${name}`;

/**
 * The queue policy for a dead-letter queue: an allow for the intended senders and a deny for
 * every other principal, so no identity policy in the account can add a sender.
 */
export function deadLetterPolicy(arn: string, senders: DeadLetterSenders) {
  const roles = senders.roleArns ?? [];
  const statements: PolicyStatement[] = [];
  if (roles.length > 0) {
    statements.push({ Sid: 'RoleSends', Effect: 'Allow', Principal: { AWS: [...roles] }, Action: ['sqs:SendMessage'], Resource: [arn] });
  }
  if (senders.service) {
    statements.push({
      Sid: 'ServiceSends',
      Effect: 'Allow',
      Principal: { Service: senders.service.principal },
      Action: ['sqs:SendMessage'],
      Resource: [arn],
      Condition: { ArnEquals: { 'aws:SourceArn': senders.service.sourceArn } },
    });
  }
  const notIntended: Record<string, readonly string[]> = {};
  if (roles.length > 0) notIntended['aws:PrincipalArn'] = roles;
  if (senders.service) notIntended['aws:PrincipalServiceName'] = [senders.service.principal];
  statements.push({
    Sid: 'OnlyIntendedSenders',
    Effect: 'Deny',
    Principal: '*',
    Action: ['sqs:SendMessage'],
    Resource: [arn],
    Condition: { StringNotEqualsIfExists: notIntended },
  });
  return policyDocument(statements);
}

/** An SQS dead-letter queue with a sender-scoped policy and an alarm when anything lands in it. */
export class DeadLetterQueue extends Construct {
  readonly queue: SqsQueue;
  readonly policy: SqsQueuePolicy;
  readonly alarm: CloudwatchMetricAlarm;
  /** Derived from the name, so policies that name it are plain data. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    if (props.queueName.length > 80) throw new Error(`dead-letter queue name "${props.queueName}" is longer than 80 characters; shorten the rule or function name`);
    this.arn = queueArn(props.org, props.queueName);
    this.queue = new SqsQueue(this, 'queue', {
      name: props.queueName,
      messageRetentionSeconds: props.retentionSeconds ?? 1_209_600,
      sqsManagedSseEnabled: true,
    });
    this.policy = new SqsQueuePolicy(this, 'policy', {
      queueUrl: this.queue.url,
      policy: JSON.stringify(deadLetterPolicy(this.arn, props.senders)),
      dependsOn: props.dependsOn,
    });
    this.alarm = new CloudwatchMetricAlarm(this, 'depth', {
      alarmName: `${props.queueName}-not-empty`,
      alarmDescription: `Events failed delivery and wait in ${props.queueName}; inspect them and redrive.`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: this.queue.name },
      statistic: 'Maximum',
      period: 300,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      treatMissingData: 'notBreaching',
      alarmActions: [props.alarmTopicArn],
      okActions: [props.alarmTopicArn],
    });
  }
}
