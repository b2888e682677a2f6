/** Managed policy attachments of IAM users, groups and roles. */
import {
  AttachGroupPolicyCommand, AttachRolePolicyCommand, AttachUserPolicyCommand,
  DetachGroupPolicyCommand, DetachRolePolicyCommand, DetachUserPolicyCommand, IAMClient,
  ListAttachedGroupPoliciesCommand, ListAttachedRolePoliciesCommand, ListAttachedUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import type { PrincipalType } from '../../core/posture/required';
import { isError } from './aws-errors';

export interface Principal {
  readonly type: PrincipalType;
  readonly name: string;
}

/** ARNs of the managed policies attached to the principal, or undefined when it does not exist. */
export async function attachedPolicies(iam: IAMClient, p: Principal): Promise<string[] | undefined> {
  const arns: string[] = [];
  let marker: string | undefined;
  try {
    do {
      const page = await listPage(iam, p, marker);
      for (const a of page.AttachedPolicies ?? []) if (a.PolicyArn) arns.push(a.PolicyArn);
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
  } catch (error) {
    if (isError(error, 'NoSuchEntity', 'NoSuchEntityException')) return undefined;
    throw error;
  }
  return arns;
}

interface AttachedPage {
  readonly AttachedPolicies?: readonly { PolicyArn?: string }[];
  readonly IsTruncated?: boolean;
  readonly Marker?: string;
}

function listPage(iam: IAMClient, p: Principal, Marker: string | undefined): Promise<AttachedPage> {
  switch (p.type) {
    case 'user': return iam.send(new ListAttachedUserPoliciesCommand({ UserName: p.name, Marker }));
    case 'group': return iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: p.name, Marker }));
    case 'role': return iam.send(new ListAttachedRolePoliciesCommand({ RoleName: p.name, Marker }));
  }
}

export async function attachPolicy(iam: IAMClient, p: Principal, PolicyArn: string): Promise<void> {
  switch (p.type) {
    case 'user': await iam.send(new AttachUserPolicyCommand({ UserName: p.name, PolicyArn })); return;
    case 'group': await iam.send(new AttachGroupPolicyCommand({ GroupName: p.name, PolicyArn })); return;
    case 'role': await iam.send(new AttachRolePolicyCommand({ RoleName: p.name, PolicyArn })); return;
  }
}

/** Detaches; a policy that is no longer attached (or a principal that is gone) is already the goal. */
export async function detachPolicy(iam: IAMClient, p: Principal, PolicyArn: string): Promise<void> {
  try {
    switch (p.type) {
      case 'user': await iam.send(new DetachUserPolicyCommand({ UserName: p.name, PolicyArn })); return;
      case 'group': await iam.send(new DetachGroupPolicyCommand({ GroupName: p.name, PolicyArn })); return;
      case 'role': await iam.send(new DetachRolePolicyCommand({ RoleName: p.name, PolicyArn })); return;
    }
  } catch (error) {
    if (!isError(error, 'NoSuchEntity', 'NoSuchEntityException')) throw error;
  }
}
