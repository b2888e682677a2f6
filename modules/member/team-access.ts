import { IamGroup } from '@cdktf/provider-aws/lib/iam-group';
import { IamGroupPolicyAttachment } from '@cdktf/provider-aws/lib/iam-group-policy-attachment';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { IamUserPolicyAttachment } from '@cdktf/provider-aws/lib/iam-user-policy-attachment';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import type { AccountPolicy, Principals } from '../../core/catalog/types';
import { policyArn, teamPolicyName } from '../../core/naming/resources';
import { accessPolicyDocument, teamAccessDocument } from './access-documents';
import { isRevocable, revocableAttachments } from './revocable';

export interface TeamAccessProps {
  readonly account: AccountPolicy;
  readonly provider: AwsProvider;
}

/**
 * Team access policies (tag-scoped, one per catalog team, for the team's group) and the
 * catalog's access policies (e.g. AllowGPUAccess, the ones runtime budgets revoke).
 *
 * Attachments: Terraform attaches a policy to a principal only if no guardrail action can detach
 * it from that principal (see revocable.ts). A guardrail-detachable attachment managed here would
 * be re-created by the next apply in the middle of a lockdown, silently lifting it; those
 * attachments are left to the guardrail, which grants and restores them at run time.
 */
export class TeamAccess extends Construct {
  readonly policies: IamPolicy[] = [];
  /** Attachments left to the guardrail, as "<policy name> → <kind>/<principal>". */
  readonly guardrailOwnedAttachments: string[] = [];

  constructor(scope: Construct, id: string, props: TeamAccessProps) {
    super(scope, id);
    const { account, provider } = props;
    const revocable = revocableAttachments(account);

    for (const team of account.teamAccess) {
      // A group nothing creates makes the first apply fail with NoSuchEntity: create it when asked,
      // else `guardrails validate` lists it as a precondition.
      if (team.createGroup && !this.node.tryFindChild(`group-${team.group}`)) new IamGroup(this, `group-${team.group}`, { provider, name: team.group });
      const name = teamPolicyName(team.name);
      const policy = this.policy(`team-${team.name}`, provider, name,
        `budget-guardrails: ${team.services.join(', ')} on resources tagged ${team.resourceTag.key}=${team.resourceTag.value}`,
        JSON.stringify(teamAccessDocument(team)));
      this.attach(`team-${team.name}`, provider, account, revocable, policy, name, { users: [], groups: [team.group], roles: [] });
    }
    for (const access of account.accessPolicies) {
      const policy = this.policy(`access-${access.name}`, provider, access.name,
        `budget-guardrails: catalog access policy ${access.name} (revocable by runtime budgets and enforcement)`,
        JSON.stringify(accessPolicyDocument(access)));
      this.attach(`access-${access.name}`, provider, account, revocable, policy, access.name, access);
    }
  }

  private policy(id: string, provider: AwsProvider, name: string, description: string, document: string): IamPolicy {
    const policy = new IamPolicy(this, id, { provider, name, description, policy: document });
    this.policies.push(policy);
    return policy;
  }

  private attach(id: string, provider: AwsProvider, account: AccountPolicy, revocable: ReadonlySet<string>,
    policy: IamPolicy, name: string, principals: Principals): void {
    const arn = policyArn(account.id, name);
    const managed = (kind: keyof Principals, principal: string) => {
      if (!isRevocable(revocable, arn, kind, principal)) return true;
      this.guardrailOwnedAttachments.push(`${name} → ${kind}/${principal}`);
      return false;
    };
    for (const user of principals.users.filter((u) => managed('users', u))) {
      new IamUserPolicyAttachment(this, `${id}-user-${user}`, { provider, user, policyArn: policy.arn });
    }
    for (const group of principals.groups.filter((g) => managed('groups', g))) {
      const created = this.node.tryFindChild(`group-${group}`) as IamGroup | undefined;
      new IamGroupPolicyAttachment(this, `${id}-group-${group}`, { provider, group: created?.name ?? group, policyArn: policy.arn });
    }
    for (const role of principals.roles.filter((r) => managed('roles', r))) {
      new IamRolePolicyAttachment(this, `${id}-role-${role}`, { provider, role, policyArn: policy.arn });
    }
  }
}
