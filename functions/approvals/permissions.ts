import {
  FunctionPermissions, approvalKeyUse, putHubEvents, tableAccess,
} from '../../core/iam/function-permissions';

/**
 * Verifies approval tokens with the hub's HMAC key, records single use and the decision in the
 * table, announces it, and asks the enforcer (through the hub bus) to look at the account again.
 */
export const permissions: FunctionPermissions = ({ org }) => [
  approvalKeyUse(org, 'kms:VerifyMac'),
  tableAccess(org),
  putHubEvents(org),
];
