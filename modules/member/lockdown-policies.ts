import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import type { AccountPolicy } from '../../core/catalog/types';
import { lockdownDocuments } from '../../core/lockdown/document';

/** IAM rejects a managed policy longer than this (characters, no whitespace). */
export const MANAGED_POLICY_MAX_CHARS = 6144;

export interface LockdownPoliciesProps {
  readonly account: AccountPolicy;
  readonly provider: AwsProvider;
}

/**
 * One managed deny policy per budget state that restricts APIs (`budget-guardrails-lockdown-<state>`),
 * for accounts locked down through their principals. Attaching them is the enforcer's job, so
 * Terraform never manages their attachments. Accounts with `via: "scp"` get LockdownScps in the hub instead.
 */
export class LockdownPolicies extends Construct {
  readonly policies: IamPolicy[] = [];

  constructor(scope: Construct, id: string, props: LockdownPoliciesProps) {
    super(scope, id);
    const { account, provider } = props;
    if (account.enforcement.lockdownOn.via !== 'principals') return;
    for (const { state, name, document } of lockdownDocuments(account)) {
      const policy = JSON.stringify(document);
      if (policy.length > MANAGED_POLICY_MAX_CHARS) {
        throw new Error(`accounts/${account.name}.ts: enforcement.${state}.lockdown: the ${state} lockdown policy would be `
          + `${policy.length} characters, over the ${MANAGED_POLICY_MAX_CHARS} IAM allows; list fewer actions or use wildcards (e.g. "ec2:*")`);
      }
      this.policies.push(new IamPolicy(this, state, {
        provider,
        name,
        description: `budget-guardrails: APIs denied while ${account.name} is at budget state ${state} or above`,
        policy,
      }));
    }
  }
}
