import { FunctionPermissions, publishOps, putHubEvents, tableAccess } from '../../core/iam/function-permissions';

/** One org-wide Cost Explorer call per run, state in the table, events on the bus. */
export const permissions: FunctionPermissions = ({ org }) => [
  { Sid: 'CostExplorer', Effect: 'Allow', Action: ['ce:GetCostAndUsage'], Resource: ['*'] },
  tableAccess(org),
  putHubEvents(org),
  publishOps(org),
];
