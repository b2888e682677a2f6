import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { Construct } from 'constructs';
import type { Catalog } from '../../core/catalog/types';
import { lockdownDocuments } from '../../core/lockdown/document';
import { lockdownScpName } from '../../core/naming/resources';

/** AWS Organizations rejects a service control policy longer than this (characters, no whitespace). */
export const SCP_MAX_CHARS = 5120;

export interface LockdownScpsProps {
  readonly catalog: Catalog;
}

/**
 * Lives in the hub stack (AWS Organizations is managed from the payer account): for every
 * account whose catalog says `lockdownOn.via: "scp"`, one service control policy per budget
 * state that restricts APIs, with the same document the member's IAM form would have. The
 * enforcer attaches and detaches them; Terraform only keeps their content current.
 */
export class LockdownScps extends Construct {
  readonly policies: OrganizationsPolicy[] = [];

  constructor(scope: Construct, id: string, props: LockdownScpsProps) {
    super(scope, id);
    for (const account of props.catalog.accounts) {
      if (account.enforcement.lockdownOn.via !== 'scp') continue;
      for (const { state, document } of lockdownDocuments(account)) {
        const content = JSON.stringify(document);
        if (content.length > SCP_MAX_CHARS) {
          throw new Error(`accounts/${account.name}.ts: enforcement.${state}.lockdown: the ${state} lockdown SCP would be `
            + `${content.length} characters, over the ${SCP_MAX_CHARS} AWS allows; list fewer actions or use wildcards (e.g. "ec2:*"), or set lockdownOn.via: "principals"`);
        }
        this.policies.push(new OrganizationsPolicy(this, `${account.name}-${state}`, {
          name: lockdownScpName(account.name, state),
          type: 'SERVICE_CONTROL_POLICY',
          description: `budget-guardrails: APIs denied in ${account.name} (${account.id}) at budget state ${state} or above`,
          content,
        }));
      }
    }
  }
}
