import {
  FunctionPermissions, assumeEnforcementRoles, lockdownScpAccess, oneTimeSchedules, publishOps, putHubEvents, tableAccess,
} from '../../core/iam/function-permissions';
import { SCP_ACTION } from '../../core/enforcement/kinds';

/**
 * Acts in members through their enforcement role; attaches lockdown SCPs from the hub when asked;
 * sets the one-time schedules that end grace periods, postponements and exemptions.
 */
export const permissions: FunctionPermissions = ({ org, accounts }) => [
  ...assumeEnforcementRoles(org, accounts),
  tableAccess(org),
  putHubEvents(org),
  publishOps(org),
  ...oneTimeSchedules(org, 'RecheckSchedules'),
  ...(accounts.some((a) => a.enforcement.lockdownOn.via === 'scp') ? lockdownScpAccess(org, SCP_ACTION.iamActions, SCP_ACTION.reads) : []),
];
