import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import type { AccountPolicy, OrgSettings } from '../../core/catalog/types';
import { EnforcementRoleDocuments, enforcementRoleDocuments } from '../../core/enforcement/role-documents';
import { policyDocument } from '../../core/iam/policy';
import { ENFORCEMENT_ROLE_NAME, MEMBER_ACTING_FUNCTIONS, enforcementPolicyName, functionRoleArn } from '../../core/naming/resources';

/** Exactly the hub roles of the functions that act in members, and only from inside the organization. */
export const enforcementTrust = (org: OrgSettings) => policyDocument([{
  Sid: 'HubFunctionsOnly',
  Effect: 'Allow',
  Principal: { AWS: MEMBER_ACTING_FUNCTIONS.map((fn) => functionRoleArn(org, fn)) },
  Action: 'sts:AssumeRole',
  Condition: { StringEquals: { 'aws:PrincipalOrgID': org.organizationId } },
}]);

export interface EnforcementRoleProps {
  readonly org: OrgSettings;
  readonly account: AccountPolicy;
  readonly provider: AwsProvider;
}

/**
 * `budget-guardrails-enforcement`: what the hub's enforcer, reset, runtime meter and tag policy
 * functions may do in this account. Its statements fill the inline policy first and spill over
 * into customer managed policies `budget-guardrails-enforcement-<n>` attached to it, so a big
 * account still fits IAM's limits. The trust names hub role ARNs: every member stack depends on
 * the hub stack, which creates them.
 */
export class EnforcementRole extends Construct {
  readonly role: IamRole;
  readonly documents: EnforcementRoleDocuments;
  readonly managedPolicies: IamPolicy[] = [];

  constructor(scope: Construct, id: string, props: EnforcementRoleProps) {
    super(scope, id);
    const { org, account, provider } = props;
    this.documents = enforcementRoleDocuments(account, org);
    this.role = new IamRole(this, 'role', {
      provider,
      name: ENFORCEMENT_ROLE_NAME,
      description: 'Assumed by the budget-guardrails hub functions to enforce and restore budgets',
      assumeRolePolicy: JSON.stringify(enforcementTrust(org)),
    });
    new IamRolePolicy(this, 'policy', {
      provider,
      role: this.role.name,
      name: 'enforce-catalog-policy',
      policy: JSON.stringify(this.documents.inline),
    });
    this.documents.managed.forEach((document, i) => {
      const name = enforcementPolicyName(i + 1);
      const policy = new IamPolicy(this, name, {
        provider,
        name,
        description: `budget-guardrails: enforcement permissions for ${account.name} that do not fit the role's inline policy (part ${i + 1})`,
        policy: JSON.stringify(document),
      });
      this.managedPolicies.push(policy);
      new IamRolePolicyAttachment(this, `${name}-attachment`, { provider, role: this.role.name, policyArn: policy.arn });
    });
  }
}
