import {
  FunctionPermissions, assumeEnforcementRoles, publishOps, putHubEvents, tableAccess,
} from '../../core/iam/function-permissions';
import { SCP_ACTION } from '../../core/enforcement/kinds';

/** Acts in members through their enforcement role; attaches lockdown SCPs from the hub when asked. */
export const permissions: FunctionPermissions = ({ org, accounts }) => {
  const scpAccounts = accounts.filter((a) => a.enforcement.lockdownOn.via === 'scp');
  return [
    assumeEnforcementRoles(accounts),
    tableAccess(org),
    putHubEvents(org),
    publishOps(org),
    ...(scpAccounts.length > 0
      ? [{
        Sid: 'LockdownScps',
        Effect: 'Allow' as const,
        Action: [...SCP_ACTION.iamActions, ...SCP_ACTION.reads],
        Resource: ['*'],
      }]
      : []),
  ];
};
