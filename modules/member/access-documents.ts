/** Policy documents of team access and catalog access policies (pure data, no cdktf). */
import type { AccessPolicy, TeamAccess } from '../../core/catalog/types';
import type { PolicyDocument } from '../../core/iam/policy';
import { policyDocument } from '../../core/iam/policy';
import { GUARDRAIL_TAG_PREFIX } from '../../core/naming/resources';

/**
 * A team may use its services on resources tagged `<key>=<value>`, may create resources only
 * with that tag, may describe/list (those calls have no resource to tag-check), and may never
 * write the guardrail's own tags (which would let it mark its instances exempt).
 */
export function teamAccessDocument(team: TeamAccess): PolicyDocument {
  const all = team.services.map((s) => `${s}:*`);
  const { key, value } = team.resourceTag;
  return policyDocument([
    { Sid: 'TaggedResources', Effect: 'Allow', Action: all, Resource: '*', Condition: { StringEquals: { [`aws:ResourceTag/${key}`]: value } } },
    {
      // A request that carries the tag, on nothing that is already tagged otherwise: creation.
      Sid: 'CreateTagged',
      Effect: 'Allow',
      Action: all,
      Resource: '*',
      Condition: { StringEquals: { [`aws:RequestTag/${key}`]: value }, Null: { [`aws:ResourceTag/${key}`]: 'true' } },
    },
    { Sid: 'DescribeAndList', Effect: 'Allow', Action: team.services.flatMap((s) => [`${s}:Describe*`, `${s}:List*`]), Resource: '*' },
    {
      Sid: 'NeverGuardrailTags',
      Effect: 'Deny',
      Action: all,
      Resource: '*',
      Condition: { 'ForAnyValue:StringLike': { 'aws:TagKeys': `${GUARDRAIL_TAG_PREFIX}*` } },
    },
  ]);
}

export function accessPolicyDocument(policy: AccessPolicy): PolicyDocument {
  const tags = policy.resourceTags ?? {};
  const condition = Object.keys(tags).length > 0
    ? { Condition: { StringEquals: Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:ResourceTag/${k}`, v])) } }
    : {};
  return policyDocument([{ Sid: 'CatalogAccess', Effect: 'Allow', Action: [...policy.actions], Resource: '*', ...condition }]);
}
