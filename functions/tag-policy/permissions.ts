import {
  FunctionPermissions, assumeEnforcementRoles, publishOps, putHubEvents, tableAccess,
} from '../../core/iam/function-permissions';

/** Scans and fixes tags in member accounts through their enforcement role. */
export const permissions: FunctionPermissions = ({ org, accounts }) => [
  assumeEnforcementRoles(accounts.filter((a) => a.tagPolicy !== null)),
  tableAccess(org),
  putHubEvents(org),
  publishOps(org),
];
