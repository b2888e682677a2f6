/**
 * How a hub function declares its IAM permissions: a pure function of the catalog, kept next to
 * the function's code (functions/<name>/permissions.ts) and turned into its role policy by
 * modules/function. Logging and dead-letter permissions are added by the construct itself.
 */
import type { AccountPolicy, OrgSettings } from '../catalog/types';
import {
  ANY_ENFORCEMENT_ROLE_ARN, APPROVAL_KEY_ALIAS, HUB_BUS_NAME, LOCKDOWN_SCP_TAG, OPS_TOPIC_NAME, SCHEDULER_ROLE_NAME, SCHEDULE_GROUP_NAME, tableArn,
} from '../naming/resources';
import type { PolicyStatement } from './policy';

export interface FunctionContext {
  readonly org: OrgSettings;
  readonly accounts: readonly AccountPolicy[];
}

export type FunctionPermissions = (ctx: FunctionContext) => PolicyStatement[];

const hub = (org: OrgSettings, service: string, resource: string) =>
  `arn:aws:${service}:${org.hubRegion}:${org.hubAccountId}:${resource}`;

/** Read and write the hub table (state, ledgers, saved values, audit). */
export const tableAccess = (org: OrgSettings): PolicyStatement => ({
  Sid: 'HubTable',
  Effect: 'Allow',
  Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'],
  Resource: [tableArn(org)],
});

/** Read-only access to the hub table (catalog items). */
export const tableRead = (org: OrgSettings): PolicyStatement => ({
  Sid: 'HubTableRead',
  Effect: 'Allow',
  Action: ['dynamodb:GetItem', 'dynamodb:Query'],
  Resource: [tableArn(org)],
});

/** Add audit items only: PutItem limited to the AUDIT# partitions. */
export const auditWrite = (org: OrgSettings): PolicyStatement => ({
  Sid: 'AuditTrail',
  Effect: 'Allow',
  Action: ['dynamodb:PutItem'],
  Resource: [tableArn(org)],
  Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } },
});

export const putHubEvents = (org: OrgSettings): PolicyStatement => ({
  Sid: 'PutHubEvents',
  Effect: 'Allow',
  Action: ['events:PutEvents'],
  Resource: [hub(org, 'events', `event-bus/${HUB_BUS_NAME}`)],
});

export const publishOps = (org: OrgSettings): PolicyStatement => ({
  Sid: 'PublishOps',
  Effect: 'Allow',
  Action: ['sns:Publish'],
  Resource: [hub(org, 'sns', OPS_TOPIC_NAME)],
});

/**
 * Assume the enforcement role of any account of the organization, and no other role: named by
 * convention and scoped with aws:ResourceOrgID, so the policy does not grow with the catalog.
 * `inScope` says whether any account needs it at all (a function that acts nowhere gets nothing).
 */
export const assumeEnforcementRoles = (org: OrgSettings, inScope: readonly AccountPolicy[]): PolicyStatement[] =>
  (inScope.length === 0 ? [] : [{
    Sid: 'AssumeMemberEnforcementRole',
    Effect: 'Allow',
    Action: ['sts:AssumeRole'],
    Resource: [ANY_ENFORCEMENT_ROLE_ARN],
    Condition: { StringEquals: { 'aws:ResourceOrgID': org.organizationId } },
  }]);

/**
 * Attach and detach the guardrail's lockdown SCPs (tagged LOCKDOWN_SCP_TAG, never another SCP) on
 * member accounts of the organization (never its root or an OU). Organizations authorizes
 * AttachPolicy against both the policy and the target, so each gets its own statement.
 */
export const lockdownScpAccess = (org: OrgSettings, iamActions: readonly string[], reads: readonly string[]): PolicyStatement[] => {
  const arn = (resource: string) => `arn:aws:organizations::${org.hubAccountId}:${resource}`;
  return [
    {
      Sid: 'LockdownScpsOnly',
      Effect: 'Allow',
      Action: [...iamActions],
      Resource: [arn(`policy/${org.organizationId}/service_control_policy/*`)],
      Condition: { StringEquals: { [`aws:ResourceTag/${LOCKDOWN_SCP_TAG.key}`]: LOCKDOWN_SCP_TAG.value } },
    },
    { Sid: 'OnMemberAccounts', Effect: 'Allow', Action: [...iamActions], Resource: [arn(`account/${org.organizationId}/*`)] },
    { Sid: 'ListLockdownScps', Effect: 'Allow', Action: [...reads], Resource: ['*'] },
  ];
};

/** Create, replace and delete one-time schedules in the guardrail's Scheduler group, and hand them the scheduler role. */
export const oneTimeSchedules = (org: OrgSettings, sid: string): PolicyStatement[] => [
  {
    Sid: sid,
    Effect: 'Allow',
    Action: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule', 'scheduler:GetSchedule'],
    Resource: [`arn:aws:scheduler:${org.hubRegion}:${org.hubAccountId}:schedule/${SCHEDULE_GROUP_NAME}/*`],
  },
  {
    Sid: 'PassSchedulerRole',
    Effect: 'Allow',
    Action: ['iam:PassRole'],
    Resource: [`arn:aws:iam::${org.hubAccountId}:role/${SCHEDULER_ROLE_NAME}`],
    Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
  },
];

/**
 * Use of the approval links' HMAC key, found by its alias: the key id is only known after apply,
 * so the statement names any key of the hub and requires the alias (kms:ResourceAliases).
 */
export const approvalKeyUse = (org: OrgSettings, action: 'kms:GenerateMac' | 'kms:VerifyMac'): PolicyStatement => ({
  Sid: action === 'kms:GenerateMac' ? 'SignApprovalLinks' : 'VerifyApprovalLinks',
  Effect: 'Allow',
  Action: [action],
  Resource: [hub(org, 'kms', 'key/*')],
  Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': APPROVAL_KEY_ALIAS } },
});
