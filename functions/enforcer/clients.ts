/** Action clients for a member account: its enforcement role (assumed on first use) plus the hub's Organizations client. */
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { assumeEnforcementRole } from '../aws/assume-role';
import type { RoleCredentials } from '../aws/clients';
import { memberClients } from '../aws/member-clients';
import type { ActionClients } from './actions';

export function actionClientsFor(organizations: () => OrganizationsClient) {
  return (accountId: string, session: string): ActionClients => {
    let credentials: Promise<RoleCredentials> | undefined;
    const member = memberClients(() => (credentials ??= assumeEnforcementRole(accountId, session)));
    return { ...member, organizations };
  };
}
