import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SchedulerScheduleGroup } from '@cdktf/provider-aws/lib/scheduler-schedule-group';
import { Construct } from 'constructs';
import type { OrgSettings } from '../../core/catalog/types';
import { PolicyDocument, policyDocument } from '../../core/iam/policy';
import { SCHEDULER_ROLE_NAME, SCHEDULE_GROUP_NAME, functionName } from '../../core/naming/resources';
import { functionArn } from './environment';

/**
 * The scheduler role may invoke the runtime meter (stop at the limit) and the enforcer (end of a
 * grace period, a postponement or an exemption), and nothing else.
 */
export function schedulerPolicy(org: OrgSettings): PolicyDocument {
  return policyDocument([{
    Sid: 'InvokeScheduledFunctions',
    Effect: 'Allow',
    Action: ['lambda:InvokeFunction'],
    Resource: [functionArn(org, functionName('runtime-meter')), functionArn(org, functionName('enforcer'))],
  }]);
}

/**
 * The EventBridge Scheduler group the runtime meter (one-time "stop at the limit") and the
 * enforcer (end of a grace period, postponement or exemption) put their schedules in, and the role
 * those schedules run as.
 */
export class HubScheduler extends Construct {
  readonly group: SchedulerScheduleGroup;
  readonly role: IamRole;
  readonly policy: PolicyDocument;

  constructor(scope: Construct, id: string, props: { readonly org: OrgSettings }) {
    super(scope, id);
    const { org } = props;
    this.group = new SchedulerScheduleGroup(this, 'group', { name: SCHEDULE_GROUP_NAME });
    this.role = new IamRole(this, 'role', {
      name: SCHEDULER_ROLE_NAME,
      description: 'Runs the guardrail\'s one-time schedules; may invoke only the runtime meter and the enforcer.',
      assumeRolePolicy: JSON.stringify(policyDocument([{
        Effect: 'Allow',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': org.hubAccountId } },
      }])),
    });
    this.policy = schedulerPolicy(org);
    new IamRolePolicy(this, 'policy', { name: SCHEDULER_ROLE_NAME, role: this.role.name, policy: JSON.stringify(this.policy) });
  }
}
