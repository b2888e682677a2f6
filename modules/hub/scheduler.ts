import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SchedulerScheduleGroup } from '@cdktf/provider-aws/lib/scheduler-schedule-group';
import { Construct } from 'constructs';
import type { OrgSettings } from '../../core/catalog/types';
import { PolicyDocument, policyDocument } from '../../core/iam/policy';
import { SCHEDULER_ROLE_NAME, SCHEDULE_GROUP_NAME, functionName } from '../../core/naming/resources';
import { functionArn } from './environment';

/** The scheduler role may invoke the runtime meter and nothing else. */
export function schedulerPolicy(org: OrgSettings): PolicyDocument {
  return policyDocument([{
    Sid: 'InvokeRuntimeMeter',
    Effect: 'Allow',
    Action: ['lambda:InvokeFunction'],
    Resource: [functionArn(org, functionName('runtime-meter'))],
  }]);
}

/**
 * The EventBridge Scheduler group the runtime meter puts its one-time "stop at the limit"
 * schedules in, and the role those schedules run as.
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
      description: 'Runs the runtime meter\'s one-time schedules; may invoke only the runtime meter.',
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
