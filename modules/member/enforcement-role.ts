import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import type { AccountPolicy, OrgSettings } from '../../core/catalog/types';
import { enforcementRoleStatements } from '../../core/enforcement/role-policy';
import { policyDocument } from '../../core/iam/policy';
import { ENFORCEMENT_ROLE_NAME, MEMBER_ACTING_FUNCTIONS, functionRoleArn } from '../../core/naming/resources';

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
 * functions may do in this account. The trust names hub role ARNs, so the hub stack must be
 * applied first (IAM rejects a trust policy naming a role that does not exist).
 */
export class EnforcementRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: EnforcementRoleProps) {
    super(scope, id);
    const { org, account, provider } = props;
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
      policy: JSON.stringify(policyDocument(enforcementRoleStatements(account, org))),
    });
  }
}
