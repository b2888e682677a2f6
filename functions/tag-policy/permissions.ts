import {
  FunctionPermissions, assumeEnforcementRoles, publishOps, putHubEvents, tableRead,
} from '../../core/iam/function-permissions';

/**
 * Reads the catalog items, scans and fixes tags in member accounts through their enforcement
 * role, publishes the Tag Policy Report, and reports rejected events to the ops topic.
 * It writes nothing to the table: the report on the bus is its only record.
 */
export const permissions: FunctionPermissions = ({ org, accounts }) => [
  ...assumeEnforcementRoles(org, accounts.filter((a) => a.tagPolicy !== null)),
  tableRead(org),
  putHubEvents(org),
  publishOps(org),
];
