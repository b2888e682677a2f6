import { EMPTY_STATE_ACTIONS } from '../../core/catalog/resolve';
import type { AccountPolicy, Catalog, TagPolicy } from '../../core/catalog/types';
import { ACTION_KINDS } from '../../core/enforcement/kinds';
import { TAG_POLICY_ACCESS, enforcementRoleStatements, writableTagKeys } from '../../core/enforcement/role-policy';
import type { PolicyStatement } from '../../core/iam/policy';
import { EXEMPT_TAG } from '../../core/naming/resources';
import { accountOf, shippedCatalog } from '../support/catalog';

let catalog: Catalog;
beforeAll(async () => { catalog = await shippedCatalog(); });

const actionsOf = (s: PolicyStatement) => [s.Action ?? []].flat();
const allowed = (statements: PolicyStatement[]) => statements.filter((s) => s.Effect === 'Allow').flatMap(actionsOf);
const declared = new Set<string>([
  ...Object.values(ACTION_KINDS).flatMap((k) => [...k.iamActions, ...k.reads]),
  ...Object.values(TAG_POLICY_ACCESS).flat(),
]);
const bySid = (statements: PolicyStatement[], sid: string) => statements.find((s) => s.Sid === sid);

describe('enforcement role statements', () => {
  it('allow only actions declared in ACTION_KINDS (or the tag policy\'s own list), for every shipped account', () => {
    for (const account of catalog.accounts) {
      const statements = enforcementRoleStatements(account, catalog.org);
      for (const action of allowed(statements)) expect(declared).toContain(action);
      for (const s of statements.filter((x) => x.Effect === 'Allow' && x.Resource !== '*')) {
        for (const r of [s.Resource ?? []].flat()) expect(r).toContain(account.id);
      }
    }
  });

  it('scope instance stop/start by each tag selector, and deny exempt instances', () => {
    const statements = enforcementRoleStatements(accountOf(catalog, 'data-science'), catalog.org);
    const stops = statements.filter((s) => s.Sid?.startsWith('StopInstancesBySelector'));
    expect(stops.map((s) => s.Condition)).toEqual([
      { StringEquals: { 'aws:ResourceTag/team': 'data-science' } },
      { StringEquals: { 'aws:ResourceTag/workload': 'gpu-training' } },
    ]);
    for (const s of stops) expect(actionsOf(s)).toEqual([...ACTION_KINDS['stop-instances'].iamActions]);
    expect(bySid(statements, 'NeverTouchExemptInstances')).toMatchObject({
      Effect: 'Deny', Condition: { StringEquals: { [`aws:ResourceTag/${EXEMPT_TAG.key}`]: 'true' } },
    });
  });

  it('merge every detachment of one policy into a statement per principal type with an iam:PolicyARN condition', () => {
    const base = accountOf(catalog, 'data-science');
    const account: AccountPolicy = {
      ...base,
      enforcement: {
        ...base.enforcement,
        over: { ...EMPTY_STATE_ACTIONS, detachPolicies: [{ policy: 'AllowGPUAccess', users: [], groups: ['ml'], roles: ['Trainer'] }] },
        shutdown: { ...EMPTY_STATE_ACTIONS, detachPolicies: [{ policy: 'arn:aws:iam::aws:policy/AmazonSageMakerFullAccess', users: [], groups: [], roles: ['Trainer'] }] },
      },
    };
    const statements = enforcementRoleStatements(account, catalog.org).filter((s) => s.Sid?.startsWith('DetachPolicy'));
    expect(statements.map((s) => [s.Sid, s.Resource, s.Condition])).toEqual([
      ['DetachPolicy1User', ['arn:aws:iam::222222222222:user/DataScienceUser'], { ArnEquals: { 'iam:PolicyARN': ['arn:aws:iam::222222222222:policy/AllowGPUAccess'] } }],
      ['DetachPolicy1Group', ['arn:aws:iam::222222222222:group/ml'], { ArnEquals: { 'iam:PolicyARN': ['arn:aws:iam::222222222222:policy/AllowGPUAccess'] } }],
      ['DetachPolicy1Role', ['arn:aws:iam::222222222222:role/Trainer'], { ArnEquals: { 'iam:PolicyARN': ['arn:aws:iam::222222222222:policy/AllowGPUAccess'] } }],
      ['DetachPolicy2Role', ['arn:aws:iam::222222222222:role/Trainer'], { ArnEquals: { 'iam:PolicyARN': ['arn:aws:iam::aws:policy/AmazonSageMakerFullAccess'] } }],
    ]);
  });

  it('give the tag policy stop, terminate only when asked, and CloudTrail only for userLookup rules', () => {
    const sandbox = accountOf(catalog, 'sandbox');
    const withPolicy = (tagPolicy: TagPolicy): AccountPolicy => ({ ...sandbox, tagPolicy });
    const tp = sandbox.tagPolicy!;
    const untagged = (a: AccountPolicy) => bySid(enforcementRoleStatements(a, catalog.org), 'TagPolicyUntaggedInstances');
    expect(actionsOf(untagged(sandbox)!)).toEqual(['ec2:StopInstances']);
    expect(actionsOf(untagged(withPolicy({ ...tp, untagged: 'terminate' }))!)).toEqual(['ec2:StopInstances', 'ec2:TerminateInstances']);
    expect(untagged(withPolicy({ ...tp, untagged: 'ignore' }))).toBeUndefined();
    expect(untagged(withPolicy({ ...tp, scope: { vpcIds: [], tags: { env: 'dev' } } }))?.Condition).toEqual({ StringEquals: { 'aws:ResourceTag/env': 'dev' } });
    const noLookup = withPolicy({ ...tp, rules: tp.rules.filter((r) => r.action !== 'userLookup') });
    expect(allowed(enforcementRoleStatements(noLookup, catalog.org))).not.toContain('cloudtrail:LookupEvents');
    expect(allowed(enforcementRoleStatements(sandbox, catalog.org))).toContain('cloudtrail:LookupEvents');
  });

  it('tag only under the status tag and tag-rule keys, never the exempt tag', () => {
    expect(writableTagKeys(accountOf(catalog, 'analytics'))).toEqual(['budget-guardrails:status']);
    expect(writableTagKeys(accountOf(catalog, 'sandbox'))).toEqual(['ProjectCode', 'CreatedBy', 'Expires']);
    expect(writableTagKeys(accountOf(catalog, 'web-service'))).toEqual([]);
    const tagging = bySid(enforcementRoleStatements(accountOf(catalog, 'analytics'), catalog.org), 'TagInstancesGuardrailKeysOnly');
    expect(tagging?.Condition).toEqual({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['budget-guardrails:status'] }, Null: { 'aws:TagKeys': 'false' } });
  });

  it('leave an account that asks for nothing with read-only access and the catalog-independent restore grants', () => {
    const base = accountOf(catalog, 'web-service');
    const idle: AccountPolicy = {
      ...base,
      enforcement: { ...base.enforcement, over: EMPTY_STATE_ACTIONS, critical: EMPTY_STATE_ACTIONS, shutdown: EMPTY_STATE_ACTIONS },
    };
    const statements = enforcementRoleStatements(idle, catalog.org);
    expect(statements.map((s) => s.Sid)).toEqual([
      'RestoreGroupsTheKillSwitchTagged', 'DetachGuardrailLockdownFromUser', 'DetachGuardrailLockdownFromGroup', 'DetachGuardrailLockdownFromRole',
      'ReadOnly', 'NeverTouchExemptInstances',
    ]);
    expect(statements.find((s) => s.Sid === 'ReadOnly')).toEqual({
      Sid: 'ReadOnly', Effect: 'Allow', Resource: '*',
      Action: ['autoscaling:DescribeAutoScalingGroups', 'ec2:DescribeInstances', 'iam:ListAttachedGroupPolicies', 'iam:ListAttachedRolePolicies', 'iam:ListAttachedUserPolicies'],
    });
  });
});
