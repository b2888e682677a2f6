/**
 * The permissions of a member account's enforcement role, derived from its AccountPolicy and
 * nothing more. IAM actions come from ACTION_KINDS (the single declaration); this file only
 * scopes each kind to the resources the catalog names:
 *   instances by tag selector (resource-tag conditions), never those tagged exempt;
 *   Auto Scaling groups, RDS clusters/instances and Redshift clusters by name;
 *   IAM attach/detach on the named principals, for the named policies only (iam:PolicyARN);
 *   tagging only under the guardrail's tag keys and the account's tag-rule keys.
 * Permissions do not depend on `mode`: switching check → enforce must not wait for a member apply.
 */
import type { AccountPolicy, OrgSettings, Principals, TagSelector } from '../catalog/types';
import { ENFORCED_STATES } from '../catalog/types';
import type { PolicyStatement } from '../iam/policy';
import { sid } from '../iam/policy';
import { lockdownStates } from '../lockdown/document';
import { EXEMPT_TAG, LOCKDOWN_POLICY_PREFIX, SAVED_SIZE_TAG_KEY, UNAPPROVED_TAG, lockdownPolicyArn, policyArn } from '../naming/resources';
import type { ActionKind } from './kinds';
import { ACTION_KINDS } from './kinds';

/**
 * What the tag policy engine does in a member account beyond tagging (which is the
 * `tag-unapproved` kind's CreateTags/DeleteTags, limited by tag key).
 */
export const TAG_POLICY_ACCESS = {
  stop: ['ec2:StopInstances'],
  terminate: ['ec2:TerminateInstances'],
  userLookup: ['cloudtrail:LookupEvents'],
  reads: ['ec2:DescribeInstances', 'ec2:DescribeTags'],
} as const;

type PrincipalType = 'User' | 'Group' | 'Role';
const PRINCIPAL_TYPES: readonly { type: PrincipalType; key: keyof Principals; arn: string }[] = [
  { type: 'User', key: 'users', arn: 'user' },
  { type: 'Group', key: 'groups', arn: 'group' },
  { type: 'Role', key: 'roles', arn: 'role' },
];

const instances = (accountId: string) => `arn:aws:ec2:*:${accountId}:instance/*`;
const tagCondition = (tags: TagSelector) =>
  ({ StringEquals: Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:ResourceTag/${k}`, v])) });
const unique = <T>(xs: readonly T[]) => [...new Set(xs)];
const keyOf = (tags: TagSelector) => JSON.stringify(Object.entries(tags).sort(([a], [b]) => a.localeCompare(b)));

function uniqueSelectors(selectors: readonly TagSelector[]): TagSelector[] {
  const seen = new Map<string, TagSelector>();
  for (const s of selectors) if (!seen.has(keyOf(s))) seen.set(keyOf(s), s);
  return [...seen.values()];
}

const allStates = <T>(account: AccountPolicy, pick: (a: AccountPolicy['enforcement']['over']) => readonly T[]): T[] =>
  ENFORCED_STATES.flatMap((s) => pick(account.enforcement[s]));

/** Instance stop/start, one statement per tag selector (all tags of a selector must match). */
function stopInstances(account: AccountPolicy): PolicyStatement[] {
  const selectors = uniqueSelectors([
    ...allStates(account, (a) => a.stopInstances),
    ...account.runtimeBudgets.filter((r) => r.atLimit.stopInstances).map((r) => r.instanceTags),
  ]);
  return selectors.map((tags, i) => ({
    Sid: sid('StopInstancesBySelector', String(i + 1)),
    Effect: 'Allow',
    Action: [...ACTION_KINDS['stop-instances'].iamActions],
    Resource: instances(account.id),
    Condition: tagCondition(tags),
  }));
}

function byName(kind: ActionKind, name: string, arns: string[]): PolicyStatement[] {
  if (arns.length === 0) return [];
  return [{ Sid: name, Effect: 'Allow', Action: [...ACTION_KINDS[kind].iamActions], Resource: arns }];
}

/** Attach/detach of `policies` on `principals`, one statement per principal type. */
function attachDetach(accountId: string, name: string, kind: ActionKind, principals: Principals, policies: string[]): PolicyStatement[] {
  return PRINCIPAL_TYPES.filter(({ key }) => principals[key].length > 0).map(({ type, key, arn }) => ({
    Sid: sid(name, type),
    Effect: 'Allow' as const,
    Action: ACTION_KINDS[kind].iamActions.filter((a) => a.endsWith(`${type}Policy`)),
    Resource: unique(principals[key]).map((p) => `arn:aws:iam::${accountId}:${arn}/${p}`),
    Condition: { ArnEquals: { 'iam:PolicyARN': unique(policies) } },
  }));
}

function detachPolicies(account: AccountPolicy): PolicyStatement[] {
  const detachments = [
    ...allStates(account, (a) => a.detachPolicies),
    ...account.runtimeBudgets.flatMap((r) => r.atLimit.detachPolicies),
  ];
  const byPolicy = new Map<string, { users: string[]; groups: string[]; roles: string[] }>();
  for (const d of detachments) {
    const arn = policyArn(account.id, d.policy);
    const entry = byPolicy.get(arn) ?? { users: [], groups: [], roles: [] };
    entry.users.push(...d.users);
    entry.groups.push(...d.groups);
    entry.roles.push(...d.roles);
    byPolicy.set(arn, entry);
  }
  return [...byPolicy.entries()].flatMap(([arn, principals], i) =>
    attachDetach(account.id, `DetachPolicy${i + 1}`, 'detach-policy', principals, [arn]));
}

function attachLockdown(account: AccountPolicy): PolicyStatement[] {
  const target = account.enforcement.lockdownOn;
  const states = lockdownStates(account);
  if (target.via !== 'principals' || states.length === 0) return [];
  return attachDetach(account.id, 'AttachLockdown', 'attach-lockdown', target, states.map((s) => lockdownPolicyArn(account.id, s)));
}

/** Tag keys the role may write: the guardrail's status tag and the tag policy's rule keys. Never the exempt tag. */
export function writableTagKeys(account: AccountPolicy): string[] {
  const marks = allStates(account, (a) => a.tagUnapproved).length > 0 ? [UNAPPROVED_TAG.key] : [];
  return unique([...marks, ...(account.tagPolicy?.rules.map((r) => r.key) ?? [])]);
}

function tagging(account: AccountPolicy): PolicyStatement[] {
  const keys = writableTagKeys(account);
  if (keys.length === 0) return [];
  return [{
    Sid: 'TagInstancesGuardrailKeysOnly',
    Effect: 'Allow',
    Action: [...ACTION_KINDS['tag-unapproved'].iamActions],
    Resource: instances(account.id),
    Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': keys }, Null: { 'aws:TagKeys': 'false' } },
  }];
}

function tagPolicy(account: AccountPolicy): PolicyStatement[] {
  const policy = account.tagPolicy;
  if (!policy) return [];
  const statements: PolicyStatement[] = [];
  if (policy.untagged !== 'ignore') {
    const scope = Object.keys(policy.scope.tags).length > 0 ? { Condition: tagCondition(policy.scope.tags) } : {};
    statements.push({
      Sid: 'TagPolicyUntaggedInstances',
      Effect: 'Allow',
      Action: [...TAG_POLICY_ACCESS.stop, ...(policy.untagged === 'terminate' ? TAG_POLICY_ACCESS.terminate : [])],
      Resource: instances(account.id),
      ...scope,
    });
  }
  if (policy.rules.some((r) => r.action === 'userLookup')) {
    statements.push({ Sid: 'TagPolicyUserLookup', Effect: 'Allow', Action: [...TAG_POLICY_ACCESS.userLookup], Resource: '*' });
  }
  return statements;
}

/** Read-only describe/list calls (these do not support resource-level permissions). */
function reads(kinds: readonly ActionKind[], account: AccountPolicy): PolicyStatement[] {
  const actions = unique([
    ...kinds.flatMap((k) => ACTION_KINDS[k].reads),
    ...(account.tagPolicy ? TAG_POLICY_ACCESS.reads : []),
  ]).sort();
  return actions.length > 0 ? [{ Sid: 'ReadOnly', Effect: 'Allow', Action: actions, Resource: '*' }] : [];
}

/**
 * Revert-only grants that do not depend on the catalog, so a catalog edit (or the account's
 * removal) made while a posture is in force never strands it: restoring an Auto Scaling group the
 * kill switch tagged with its saved size, and detaching the guardrail's own lockdown policies
 * from any principal. Both are scoped to the guardrail's own tag and naming.
 */
function restoreGrants(accountId: string): PolicyStatement[] {
  return [
    {
      Sid: 'RestoreGroupsTheKillSwitchTagged',
      Effect: 'Allow',
      Action: ['autoscaling:UpdateAutoScalingGroup', 'autoscaling:DeleteTags'],
      Resource: `arn:aws:autoscaling:*:${accountId}:autoScalingGroup:*:autoScalingGroupName/*`,
      Condition: { Null: { [`autoscaling:ResourceTag/${SAVED_SIZE_TAG_KEY}`]: 'false' } },
    },
    ...PRINCIPAL_TYPES.map(({ type, arn }) => ({
      Sid: sid('DetachGuardrailLockdownFrom', type),
      Effect: 'Allow' as const,
      Action: [`iam:Detach${type}Policy`],
      Resource: `arn:aws:iam::${accountId}:${arn}/*`,
      Condition: { ArnLike: { 'iam:PolicyARN': `arn:aws:iam::${accountId}:policy/${LOCKDOWN_POLICY_PREFIX}*` } },
    })),
  ];
}

/** Instances tagged budget-guardrails:exempt=true are never stopped, started or terminated. */
const exemptInstances = (accountId: string): PolicyStatement => ({
  Sid: 'NeverTouchExemptInstances',
  Effect: 'Deny',
  Action: unique([...ACTION_KINDS['stop-instances'].iamActions, ...TAG_POLICY_ACCESS.stop, ...TAG_POLICY_ACCESS.terminate]),
  Resource: instances(accountId),
  Condition: { StringEquals: { [`aws:ResourceTag/${EXEMPT_TAG.key}`]: EXEMPT_TAG.value } },
});

/**
 * The enforcement role's policy statements. `_org` is part of the signature so hub-wide
 * settings can scope permissions without changing callers; nothing org-wide is needed today.
 */
export function enforcementRoleStatements(account: AccountPolicy, _org: OrgSettings): PolicyStatement[] {
  const id = account.id;
  const regional = (service: string, resource: string) => `arn:aws:${service}:*:${id}:${resource}`;
  const groups = unique(allStates(account, (a) => a.scaleToZero));
  const sections: [ActionKind, PolicyStatement[]][] = [
    ['stop-instances', stopInstances(account)],
    ['scale-to-zero', byName('scale-to-zero', 'ScaleNamedAutoScalingGroups',
      groups.map((g) => regional('autoscaling', `autoScalingGroup:*:autoScalingGroupName/${g}`)))],
    ['stop-rds-cluster', byName('stop-rds-cluster', 'StopNamedRdsClusters',
      unique(allStates(account, (a) => a.stopRdsClusters)).map((c) => regional('rds', `cluster:${c}`)))],
    ['stop-rds-instance', byName('stop-rds-instance', 'StopNamedRdsInstances',
      unique(allStates(account, (a) => a.stopRdsInstances)).map((d) => regional('rds', `db:${d}`)))],
    ['pause-redshift', byName('pause-redshift', 'PauseNamedRedshiftClusters',
      unique(allStates(account, (a) => a.pauseRedshiftClusters)).map((c) => regional('redshift', `cluster:${c}`)))],
    ['detach-policy', detachPolicies(account)],
    ['attach-lockdown', attachLockdown(account)],
    ['tag-unapproved', tagging(account)],
  ];
  const used = sections.filter(([, s]) => s.length > 0);
  const statements = [...used.flatMap(([, s]) => s), ...tagPolicy(account), ...restoreGrants(id)];
  // Reading instances is always allowed (the evaluator's forecast and the runtime meter look at
  // what is running), and so are the reads the restore grants need.
  const readKinds: ActionKind[] = ['stop-instances', 'scale-to-zero', 'attach-lockdown'];
  statements.push(...reads(unique([...used.map(([k]) => k), ...readKinds]), account));
  return [...statements, exemptInstances(id)];
}
