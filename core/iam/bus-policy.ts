/**
 * The hub bus's resource policy: who may put events on it. Always limited to the organization
 * (aws:PrincipalOrgID); with `busAccess: 'catalog'` also to the catalog's accounts, listed by id in
 * a condition (15 characters an account), which the synth limits check measures against
 * EventBridge's 10,240-character policy limit.
 */
import type { AccountPolicy, OrgSettings } from '../catalog/types';
import { hubBusArn } from '../naming/resources';
import { PolicyDocument, policyDocument } from './policy';

/** Undefined when no one outside the hub may put events (catalog mode with no accounts). */
export function busPolicy(org: OrgSettings, accounts: readonly AccountPolicy[]): PolicyDocument | undefined {
  const resource = hubBusArn(org);
  const inOrg = { 'aws:PrincipalOrgID': org.organizationId };
  if (org.busAccess === 'organization') {
    return policyDocument([{
      Sid: 'OrganizationPutEvents', Effect: 'Allow', Principal: '*', Action: 'events:PutEvents', Resource: resource,
      Condition: { StringEquals: inOrg },
    }]);
  }
  if (accounts.length === 0) return undefined;
  return policyDocument([{
    Sid: 'CatalogAccountsPutEvents', Effect: 'Allow', Principal: '*', Action: 'events:PutEvents', Resource: resource,
    Condition: { StringEquals: { ...inOrg, 'aws:PrincipalAccount': [...new Set(accounts.map((a) => a.id))].sort() } },
  }]);
}
