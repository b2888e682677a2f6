import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import type { AccountPolicy } from '../../core/catalog/types';
import { lockdownDocuments } from '../../core/lockdown/document';

export interface LockdownPoliciesProps {
  readonly account: AccountPolicy;
  readonly provider: AwsProvider;
}

/**
 * One managed deny policy per budget state that restricts APIs (`budget-guardrails-lockdown-<state>`),
 * for accounts locked down through their principals. Attaching them is the enforcer's job, so
 * Terraform never manages their attachments. Accounts with `via: "scp"` get LockdownScps in the hub instead.
 * Their size (6,144 characters at most) is measured with every other document by modules/limits.
 */
export class LockdownPolicies extends Construct {
  readonly policies: IamPolicy[] = [];

  constructor(scope: Construct, id: string, props: LockdownPoliciesProps) {
    super(scope, id);
    const { account, provider } = props;
    if (account.enforcement.lockdownOn.via !== 'principals') return;
    for (const { state, name, document } of lockdownDocuments(account)) {
      const policy = JSON.stringify(document);
      this.policies.push(new IamPolicy(this, state, {
        provider,
        name,
        description: `budget-guardrails: APIs denied while ${account.name} is at budget state ${state} or above`,
        policy,
      }));
    }
  }
}
