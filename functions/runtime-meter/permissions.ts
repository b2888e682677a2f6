import {
  FunctionPermissions, assumeEnforcementRoles, publishOps, putHubEvents, tableAccess,
} from '../../core/iam/function-permissions';
import { METRIC_NAMESPACE, SCHEDULER_ROLE_NAME, SCHEDULE_GROUP_NAME } from '../../core/naming/resources';
import { guardrailGrants } from '../../core/posture/grants';

/**
 * Ledger in the table, one-time stop schedules, one metric per group, prices, and (through the
 * member role) stops, detaches and the access grants of accounts whose access the guardrail owns.
 */
export const permissions: FunctionPermissions = ({ org, accounts }) => [
  assumeEnforcementRoles(accounts.filter((a) => a.runtimeBudgets.length > 0 || guardrailGrants(a).length > 0)),
  tableAccess(org),
  putHubEvents(org),
  publishOps(org),
  {
    Sid: 'StopSchedules',
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
  {
    Sid: 'RuntimeMetric',
    Effect: 'Allow',
    Action: ['cloudwatch:PutMetricData'],
    Resource: ['*'],
    Condition: { StringEquals: { 'cloudwatch:namespace': METRIC_NAMESPACE } },
  },
  { Sid: 'OnDemandPrices', Effect: 'Allow', Action: ['pricing:GetProducts'], Resource: ['*'] },
];
