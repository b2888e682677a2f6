import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { Construct } from 'constructs';
import type { Catalog } from '../../core/catalog/types';
import { lockdownDocuments, lockdownScpNameFor } from '../../core/lockdown/document';
import { LOCKDOWN_SCP_TAG } from '../../core/naming/resources';

export interface LockdownScpsProps {
  readonly catalog: Catalog;
}

/**
 * Lives in the hub stack (AWS Organizations is managed from the payer account): for every budget
 * state that restricts APIs in an account whose catalog says `lockdownOn.via: "scp"`, a service
 * control policy with the same document the member's IAM form would have. Accounts with the same
 * lists share one SCP (its name carries a hash of the content), so the hub does not grow by a
 * policy per account. The enforcer attaches and detaches them; Terraform only keeps their content.
 * Their size (5,120 characters at most) is measured with every other document by modules/limits.
 */
export class LockdownScps extends Construct {
  readonly policies: OrganizationsPolicy[] = [];
  /** SCP name → the accounts that use it. */
  readonly users: ReadonlyMap<string, readonly string[]>;

  constructor(scope: Construct, id: string, props: LockdownScpsProps) {
    super(scope, id);
    const users = new Map<string, string[]>();
    for (const account of props.catalog.accounts) {
      if (account.enforcement.lockdownOn.via !== 'scp') continue;
      for (const { state, document } of lockdownDocuments(account)) {
        const name = lockdownScpNameFor(account, state);
        const existing = users.get(name);
        if (existing) {
          existing.push(account.name);
          continue;
        }
        users.set(name, [account.name]);
        const content = JSON.stringify(document);
        this.policies.push(new OrganizationsPolicy(this, name, {
          name,
          type: 'SERVICE_CONTROL_POLICY',
          description: `budget-guardrails: APIs denied at budget state ${state} or above (shared by accounts with the same lockdown lists)`,
          content,
          tags: { [LOCKDOWN_SCP_TAG.key]: LOCKDOWN_SCP_TAG.value },
        }));
      }
    }
    this.users = users;
  }
}
