import {
  FunctionPermissions, assumeEnforcementRoles, oneTimeSchedules, publishOps, putHubEvents, tableAccess,
} from '../../core/iam/function-permissions';
import { SCP_ACTION } from '../../core/enforcement/kinds';

/**
 * Acts in members through their enforcement role; attaches lockdown SCPs from the hub when asked;
 * sets the one-time schedules that end grace periods, postponements and exemptions.
 */
export const permissions: FunctionPermissions = ({ org, accounts }) => {
  const scpAccounts = accounts.filter((a) => a.enforcement.lockdownOn.via === 'scp');
  return [
    assumeEnforcementRoles(accounts),
    tableAccess(org),
    putHubEvents(org),
    publishOps(org),
    ...oneTimeSchedules(org, 'RecheckSchedules'),
    ...(scpAccounts.length > 0
      ? [{
        // Attach/detach authorize against both the policy and the target: any SCP of the
        // organization, but only on the accounts locked down through an SCP (never a root or OU).
        Sid: 'LockdownScps',
        Effect: 'Allow' as const,
        Action: [...SCP_ACTION.iamActions],
        Resource: [
          `arn:aws:organizations::${org.hubAccountId}:policy/${org.organizationId}/service_control_policy/*`,
          ...scpAccounts.map((a) => `arn:aws:organizations::${org.hubAccountId}:account/${org.organizationId}/${a.id}`),
        ],
      }, {
        Sid: 'ListLockdownScps',
        Effect: 'Allow' as const,
        Action: [...SCP_ACTION.reads],
        Resource: ['*'],
      }]
      : []),
  ];
};
