/**
 * SCP lockdowns (accounts with `lockdownOn: { via: 'scp' }`) need the organization's root to have
 * the SERVICE_CONTROL_POLICY type enabled, all features on, and the hub account allowed to manage
 * SCPs: the management account itself, or a delegated administrator through the organization's
 * resource-based delegation policy.
 */
import {
  DescribeOrganizationCommand, DescribeResourcePolicyCommand, ListRootsCommand, OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { Catalog } from '../../../core/catalog/types';
import { isError, messageOf } from '../../../functions/aws/aws-errors';
import type { CheckResult } from './types';

export async function checkScpLockdowns(orgs: OrganizationsClient, catalog: Catalog): Promise<CheckResult> {
  const base = { id: 'scp-lockdowns', title: 'SCP lockdowns (policy type and delegated access)' };
  const users = catalog.accounts.filter((a) => a.enforcement.lockdownOn.via === 'scp').map((a) => a.name);
  if (users.length === 0) return { ...base, status: 'skip', detail: "no account locks down through an SCP (lockdownOn via 'scp')" };
  const who = `${users.length} account(s) lock down through SCPs (${users.slice(0, 5).join(', ')}${users.length > 5 ? ', ...' : ''})`;
  try {
    const { Organization: org } = await orgs.send(new DescribeOrganizationCommand({}));
    if (org?.FeatureSet !== 'ALL') {
      return { ...base, status: 'fail', detail: `${who}, but the organization has only consolidated billing features: SCPs cannot be used`,
        fix: 'enable all features: Organizations console → Settings → Enable all features (every member account must approve), or aws organizations enable-all-features' };
    }
    const roots = (await orgs.send(new ListRootsCommand({}))).Roots ?? [];
    const root = roots[0];
    const scp = root?.PolicyTypes?.find((p) => p.Type === 'SERVICE_CONTROL_POLICY');
    if (!root || scp?.Status !== 'ENABLED') {
      return { ...base, status: 'fail', detail: `${who}, but the SERVICE_CONTROL_POLICY policy type is ${scp?.Status ?? 'not enabled'} on the root`,
        fix: `aws organizations enable-policy-type --root-id ${root?.Id ?? '<root id>'} --policy-type SERVICE_CONTROL_POLICY (from the management account)` };
    }
    if (org.MasterAccountId !== catalog.org.hubAccountId && !(await delegatesToHub(orgs, catalog.org.hubAccountId))) {
      return { ...base, status: 'fail',
        detail: `${who}, but the hub account ${catalog.org.hubAccountId} is neither the management account (${org.MasterAccountId ?? 'unknown'}) nor allowed by a delegation policy to manage SCPs`,
        fix: `from the management account, aws organizations put-resource-policy with a statement allowing arn:aws:iam::${catalog.org.hubAccountId}:root `
          + 'organizations:CreatePolicy, UpdatePolicy, DeletePolicy, AttachPolicy, DetachPolicy, DescribePolicy, ListPolicies, ListTargetsForPolicy and TagResource; or run the hub in the management account' };
    }
    return { ...base, status: 'pass', detail: `${who}; SCPs are enabled on ${root.Id} and the hub account may manage them` };
  } catch (error) {
    return { ...base, status: 'fail', detail: `could not read the organization: ${messageOf(error)}`,
      fix: 'run doctor with credentials of the management account or a delegated administrator that may call organizations:DescribeOrganization, ListRoots and DescribeResourcePolicy' };
  }
}

async function delegatesToHub(orgs: OrganizationsClient, hubAccountId: string): Promise<boolean> {
  try {
    const r = await orgs.send(new DescribeResourcePolicyCommand({}));
    const content = r.ResourcePolicy?.Content ?? '';
    return content.includes(hubAccountId) && /organizations:(AttachPolicy|\*)/.test(content);
  } catch (error) {
    if (isError(error, 'ResourcePolicyNotFoundException')) return false;
    throw error;
  }
}
