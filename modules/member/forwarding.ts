import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import type { AccountPolicy, OrgSettings } from '../../core/catalog/types';
import { BILLING_REGION } from '../../core/catalog/regions';
import { policyDocument } from '../../core/iam/policy';
import { FORWARDER_ROLE_NAME, PROJECT, billingAlarmPrefix, hubBusArn } from '../../core/naming/resources';

export const ALARM_RULE_NAME = `${PROJECT}-billing-alarms`;
export const EC2_STATE_RULE_NAME = `${PROJECT}-ec2-state-changes`;

export interface ForwardingProps {
  readonly org: OrgSettings;
  readonly account: AccountPolicy;
  /** Provider per region; must hold us-east-1 and every workload region. */
  readonly providers: ReadonlyMap<string, AwsProvider>;
}

/**
 * The forwarding rules' ARNs in any region of the account (billing alarms in us-east-1, EC2 state
 * changes in each workload region): the trust policy keeps one size however many regions there are.
 */
export const forwardingRulePatterns = (account: AccountPolicy): string[] =>
  [ALARM_RULE_NAME, EC2_STATE_RULE_NAME].map((rule) => `arn:aws:events:*:${account.id}:rule/${rule}`);

/** EventBridge may assume it only on behalf of the guardrail's own forwarding rules in this account. */
export const forwarderTrust = (account: AccountPolicy) => policyDocument([{
  Effect: 'Allow',
  Principal: { Service: 'events.amazonaws.com' },
  Action: 'sts:AssumeRole',
  Condition: {
    StringEquals: { 'aws:SourceAccount': account.id },
    ArnLike: { 'aws:SourceArn': forwardingRulePatterns(account) },
  },
}]);

export const forwarderPermissions = (org: OrgSettings) => policyDocument([{
  Sid: 'PutEventsOnHubBus', Effect: 'Allow', Action: 'events:PutEvents', Resource: hubBusArn(org),
}]);

/**
 * Sends the guardrail's billing alarm state changes (us-east-1) and EC2 instance state changes
 * (every workload region) from the default bus to the hub bus, through the forwarder role.
 */
export class Forwarding extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: ForwardingProps) {
    super(scope, id);
    const { org, account, providers } = props;
    const billing = providerFor(providers, BILLING_REGION);
    this.role = new IamRole(this, 'role', {
      provider: billing,
      name: FORWARDER_ROLE_NAME,
      description: 'Lets EventBridge forward budget-guardrails events to the hub bus',
      assumeRolePolicy: JSON.stringify(forwarderTrust(account)),
    });
    new IamRolePolicy(this, 'put-events', {
      provider: billing,
      role: this.role.name,
      name: 'put-events-on-hub-bus',
      policy: JSON.stringify(forwarderPermissions(org)),
    });

    this.forward('billing-alarms', billing, org, {
      name: ALARM_RULE_NAME,
      description: 'Forward budget-guardrails billing alarm state changes to the hub bus',
      eventPattern: {
        source: ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        detail: { alarmName: [{ prefix: billingAlarmPrefix(account.name) }] },
      },
    });
    for (const region of account.workloadRegions) {
      this.forward(`ec2-state-${region}`, providerFor(providers, region), org, {
        name: EC2_STATE_RULE_NAME,
        description: 'Forward EC2 instance state changes to the budget-guardrails hub bus (runtime budgets, forecast)',
        eventPattern: { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'] },
      });
    }
  }

  private forward(id: string, provider: AwsProvider, org: OrgSettings, rule: { name: string; description: string; eventPattern: object }) {
    const r = new CloudwatchEventRule(this, id, {
      provider,
      name: rule.name,
      description: rule.description,
      eventPattern: JSON.stringify(rule.eventPattern),
    });
    new CloudwatchEventTarget(this, `${id}-to-hub`, {
      provider,
      rule: r.name,
      targetId: 'hub-bus',
      arn: hubBusArn(org),
      roleArn: this.role.arn,
    });
  }
}

export function providerFor(providers: ReadonlyMap<string, AwsProvider>, region: string): AwsProvider {
  const provider = providers.get(region);
  if (!provider) throw new Error(`no AWS provider for region ${region}; MemberStack creates one per workload region`);
  return provider;
}
