/** Managed-policy attachments on users, groups and roles inside a member account. */
import {
  AttachGroupPolicyCommand, AttachRolePolicyCommand, AttachUserPolicyCommand, DetachGroupPolicyCommand, DetachRolePolicyCommand,
  DetachUserPolicyCommand, IAMClient, ListAttachedGroupPoliciesCommand, ListAttachedRolePoliciesCommand, ListAttachedUserPoliciesCommand,
  AttachedPolicy,
} from '@aws-sdk/client-iam';

export type PrincipalType = 'user' | 'group' | 'role';
export interface Principal { readonly type: PrincipalType; readonly name: string }

export class RuntimeIam {
  constructor(private readonly client: IAMClient) {}

  async isAttached(principal: Principal, policyArn: string): Promise<boolean> {
    let marker: string | undefined;
    do {
      const page = await this.listPage(principal, marker);
      if ((page.AttachedPolicies ?? []).some((p) => p.PolicyArn === policyArn)) return true;
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    return false;
  }

  async detach(principal: Principal, policyArn: string): Promise<void> {
    try {
      if (principal.type === 'user') await this.client.send(new DetachUserPolicyCommand({ UserName: principal.name, PolicyArn: policyArn }));
      else if (principal.type === 'group') await this.client.send(new DetachGroupPolicyCommand({ GroupName: principal.name, PolicyArn: policyArn }));
      else await this.client.send(new DetachRolePolicyCommand({ RoleName: principal.name, PolicyArn: policyArn }));
    } catch (err) {
      if ((err as Error).name !== 'NoSuchEntityException') throw err;
    }
  }

  async attach(principal: Principal, policyArn: string): Promise<void> {
    if (principal.type === 'user') await this.client.send(new AttachUserPolicyCommand({ UserName: principal.name, PolicyArn: policyArn }));
    else if (principal.type === 'group') await this.client.send(new AttachGroupPolicyCommand({ GroupName: principal.name, PolicyArn: policyArn }));
    else await this.client.send(new AttachRolePolicyCommand({ RoleName: principal.name, PolicyArn: policyArn }));
  }

  private listPage(principal: Principal, Marker?: string): Promise<{ AttachedPolicies?: AttachedPolicy[]; IsTruncated?: boolean; Marker?: string }> {
    if (principal.type === 'user') return this.client.send(new ListAttachedUserPoliciesCommand({ UserName: principal.name, Marker }));
    if (principal.type === 'group') return this.client.send(new ListAttachedGroupPoliciesCommand({ GroupName: principal.name, Marker }));
    return this.client.send(new ListAttachedRolePoliciesCommand({ RoleName: principal.name, Marker }));
  }
}
