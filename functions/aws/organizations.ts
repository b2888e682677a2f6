/** Service control policies from the hub (management account): find by name, attach, detach. */
import {
  AttachPolicyCommand, DetachPolicyCommand, ListPoliciesCommand, ListPoliciesForTargetCommand, OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { isError } from './aws-errors';

const SCP = 'SERVICE_CONTROL_POLICY';

/** The id of the SCP named `name`, or undefined when the hub has none by that name. */
export async function scpIdByName(org: OrganizationsClient, name: string): Promise<string | undefined> {
  let token: string | undefined;
  do {
    const page = await org.send(new ListPoliciesCommand({ Filter: SCP, NextToken: token }));
    const hit = page.Policies?.find((p) => p.Name === name);
    if (hit?.Id) return hit.Id;
    token = page.NextToken;
  } while (token);
  return undefined;
}

/** Ids of the SCPs attached directly to the account. */
export async function scpsOnAccount(org: OrganizationsClient, accountId: string): Promise<string[]> {
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const page = await org.send(new ListPoliciesForTargetCommand({ TargetId: accountId, Filter: SCP, NextToken: token }));
    for (const p of page.Policies ?? []) if (p.Id) ids.push(p.Id);
    token = page.NextToken;
  } while (token);
  return ids;
}

export async function attachScp(org: OrganizationsClient, policyId: string, accountId: string): Promise<void> {
  try {
    await org.send(new AttachPolicyCommand({ PolicyId: policyId, TargetId: accountId }));
  } catch (error) {
    if (!isError(error, 'DuplicatePolicyAttachmentException')) throw error;
  }
}

export async function detachScp(org: OrganizationsClient, policyId: string, accountId: string): Promise<void> {
  try {
    await org.send(new DetachPolicyCommand({ PolicyId: policyId, TargetId: accountId }));
  } catch (error) {
    if (!isError(error, 'PolicyNotAttachedException', 'PolicyNotFoundException', 'TargetNotFoundException')) throw error;
  }
}
