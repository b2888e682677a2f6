import {
  FunctionPermissions, assumeEnforcementRoles, oneTimeSchedules, publishOps, putHubEvents, tableAccess,
} from '../../core/iam/function-permissions';
import { METRIC_NAMESPACE } from '../../core/naming/resources';
import { guardrailGrants } from '../../core/posture/grants';

/**
 * Ledger in the table, one-time stop schedules, one metric per group, prices, and (through the
 * member role) stops, detaches and the access grants of accounts whose access the guardrail owns.
 */
export const permissions: FunctionPermissions = ({ org, accounts }) => [
  ...assumeEnforcementRoles(org, accounts.filter((a) => a.runtimeBudgets.length > 0 || guardrailGrants(a).length > 0)),
  tableAccess(org),
  putHubEvents(org),
  publishOps(org),
  ...oneTimeSchedules(org, 'StopSchedules'),
  {
    Sid: 'RuntimeMetric',
    Effect: 'Allow',
    Action: ['cloudwatch:PutMetricData'],
    Resource: ['*'],
    Condition: { StringEquals: { 'cloudwatch:namespace': METRIC_NAMESPACE } },
  },
  { Sid: 'OnDemandPrices', Effect: 'Allow', Action: ['pricing:GetProducts'], Resource: ['*'] },
];
