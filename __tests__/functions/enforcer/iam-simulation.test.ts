/**
 * Every call the planned actions make for the shipped catalog (Over → Critical → Shutdown, then
 * the restore) is allowed by the enforcement role synthesized in each member stack; calls on resources
 * outside the catalog's scope are denied. Depends on modules/member's enforcement role.
 */
import { Testing } from 'cdktf';
import type { Catalog, AccountPolicy } from '../../../core/catalog/types';
import type { PolicyDocument } from '../../../core/iam/policy';
import { ENFORCEMENT_ROLE_NAME, lockdownPolicyArn } from '../../../core/naming/resources';
import { enforce } from '../../../functions/enforcer/enforce';
import { resetAccounts } from '../../../functions/reset/reset';
import { enforcementRoleStatements } from '../../../core/enforcement/role-policy';
import { buildApp } from '../../../modules/app';
import { shippedCatalog } from '../../support/catalog';
import { simulate } from '../../support/iam-sim';
import { inlinePolicyOfRole } from '../../modules/member/synthesized';
import { AccountModel, RecordedCall, installModel } from './support/account-model';
import { harness, stateEvent } from './support/harness';
import { modelFor } from './support/model-for';

let catalog: Catalog;
const rolePolicy: Record<string, PolicyDocument> = {};

beforeAll(async () => {
  catalog = await shippedCatalog();
  const { members } = buildApp(catalog, {}, Testing.app().outdir);
  for (const [name, stack] of members) rolePolicy[name] = inlinePolicyOfRole(JSON.parse(Testing.synth(stack)), ENFORCEMENT_ROLE_NAME);
});

interface Request { action: string; resource: string; context: Record<string, string | string[]> }

/** The IAM request(s) behind one recorded SDK call: resource ARN and the condition keys AWS would supply. */
function requestsOf(account: AccountPolicy, model: AccountModel, call: RecordedCall): Request[] {
  const { action, region, input } = call;
  const id = account.id;
  const one = (resource: string, context: Record<string, string | string[]> = {}) => [{ action, resource, context }];
  const groupArn = (region: string, name: string) => `arn:aws:autoscaling:${region}:${id}:autoScalingGroup:0f1e2d3c-0000-4000-8000-000000000000:autoScalingGroupName/${name}`;
  // The group's tags when the call was made: the saved-size tag is there from the apply until the revert's last call.
  const groupTags = (name: string) => Object.fromEntries(Object.entries(call.groupTags?.[name] ?? {}).map(([k, v]) => [`autoscaling:ResourceTag/${k}`, v]));
  const tagsOf = (instanceId: string) => Object.fromEntries(Object.entries(model.instances.find((i) => i.id === instanceId)?.tags ?? {})
    .map(([k, v]) => [`aws:ResourceTag/${k}`, v]));
  switch (action) {
    case 'ec2:StopInstances':
    case 'ec2:StartInstances':
      return (input.InstanceIds as string[]).map((i) => ({ action, resource: `arn:aws:ec2:${region}:${id}:instance/${i}`, context: tagsOf(i) }));
    case 'ec2:CreateTags':
    case 'ec2:DeleteTags':
      return (input.Resources as string[]).map((i) => ({
        action, resource: `arn:aws:ec2:${region}:${id}:instance/${i}`,
        context: { ...tagsOf(i), 'aws:TagKeys': (input.Tags as { Key: string }[]).map((t) => t.Key) },
      }));
    case 'autoscaling:UpdateAutoScalingGroup':
      return one(groupArn(region, input.AutoScalingGroupName as string), groupTags(input.AutoScalingGroupName as string));
    case 'autoscaling:CreateOrUpdateTags':
    case 'autoscaling:DeleteTags':
      return (input.Tags as { ResourceId: string; Key: string }[]).map((t) => ({
        action, resource: groupArn(region, t.ResourceId), context: { ...groupTags(t.ResourceId), 'aws:TagKeys': [t.Key] },
      }));
    case 'rds:StopDBCluster': case 'rds:StartDBCluster': case 'rds:DescribeDBClusters':
      return one(`arn:aws:rds:${region}:${id}:cluster:${input.DBClusterIdentifier}`);
    case 'rds:StopDBInstance': case 'rds:StartDBInstance': case 'rds:DescribeDBInstances':
      return one(`arn:aws:rds:${region}:${id}:db:${input.DBInstanceIdentifier}`);
    case 'redshift:PauseCluster': case 'redshift:ResumeCluster': case 'redshift:DescribeClusters':
      return one(`arn:aws:redshift:${region}:${id}:cluster:${input.ClusterIdentifier}`);
    default: {
      const iam = /^iam:(Attach|Detach|ListAttached)(User|Group|Role)Polic(y|ies)$/.exec(action);
      if (iam) {
        const name = input[`${iam[2]}Name`] as string;
        const resource = `arn:aws:iam::${id}:${iam[2].toLowerCase()}/${name}`;
        return one(resource, input.PolicyArn ? { 'iam:PolicyARN': input.PolicyArn as string } : {});
      }
      return one('*');
    }
  }
}

describe('the enforcement role allows exactly what the planned actions do', () => {
  it('every call made for the shipped catalog is allowed by the synthesized role', async () => {
    let checked = 0;
    for (const shipped of catalog.accounts) {
      // Permissions do not depend on mode, so check-mode accounts are exercised as if enforcing.
      const account: AccountPolicy = { ...shipped, mode: 'enforce', enforcement: { ...shipped.enforcement, restartInstancesOnRestore: true } };
      const model = modelFor(account, 'shutdown');
      const installed = installModel(model);
      try {
        const h = harness([account], new Date(Date.UTC(2026, 10, 10)));
        for (const [day, state] of [[10, 'over'], [15, 'critical'], [20, 'shutdown']] as const) {
          h.now = new Date(Date.UTC(2026, 10, day));
          await enforce(h.enforcer, stateEvent(account, state, h.now), `e-${state}`);
        }
        h.now = new Date(Date.UTC(2026, 11, 1, 0, 5));
        await resetAccounts(h.reset());
      } finally {
        installed.restore();
      }
      const memberCalls = installed.calls.filter((c) => !c.action.startsWith('organizations:'));
      for (const call of memberCalls) {
        for (const req of requestsOf(account, model, call)) {
          const decision = await simulate({
            principal: `arn:aws:iam::${account.id}:role/${ENFORCEMENT_ROLE_NAME}`, action: req.action, resource: req.resource,
            resourceAccount: account.id, identityPolicies: [rolePolicy[account.name]], context: req.context,
          });
          expect({ account: account.name, ...req, decision }).toEqual({ account: account.name, ...req, decision: 'Allowed' });
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(25);
  });

  it('calls on resources outside the catalog\'s scope are denied', async () => {
    const as = (name: string) => catalog.accounts.find((a) => a.name === name)!;
    const deny = async (name: string, action: string, resource: string, context: Record<string, string | string[]> = {}) => {
      const account = as(name);
      const decision = await simulate({
        principal: `arn:aws:iam::${account.id}:role/${ENFORCEMENT_ROLE_NAME}`, action, resource, resourceAccount: account.id,
        identityPolicies: [rolePolicy[name]], context,
      });
      expect({ action, resource, decision }).toEqual({ action, resource, decision: expect.stringMatching(/Denied$/) });
    };
    const ds = as('data-science').id;
    const web = as('web-service').id;
    const an = as('analytics').id;
    await deny('data-science', 'ec2:StopInstances', `arn:aws:ec2:us-east-1:${ds}:instance/i-0web`, { 'aws:ResourceTag/team': 'web' });
    await deny('data-science', 'ec2:StopInstances', `arn:aws:ec2:us-east-1:${ds}:instance/i-0ex`, { 'aws:ResourceTag/team': 'data-science', 'aws:ResourceTag/budget-guardrails:exempt': 'true' });
    await deny('data-science', 'iam:AttachRolePolicy', `arn:aws:iam::${ds}:role/DataScientist`, { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AdministratorAccess' });
    await deny('data-science', 'iam:AttachRolePolicy', `arn:aws:iam::${ds}:role/OtherTeam`, { 'iam:PolicyARN': lockdownPolicyArn(ds, 'critical') });
    await deny('data-science', 'iam:CreateUser', `arn:aws:iam::${ds}:user/intruder`);
    await deny('web-service', 'autoscaling:UpdateAutoScalingGroup', `arn:aws:autoscaling:us-east-1:${web}:autoScalingGroup:0f1e2d3c-0000-4000-8000-000000000000:autoScalingGroupName/other-service`);
    await deny('web-service', 'ec2:StopInstances', `arn:aws:ec2:us-east-1:${web}:instance/i-0abc`, { 'aws:ResourceTag/Project': 'achampionship-webservice' });
    await deny('analytics', 'rds:StopDBCluster', `arn:aws:rds:us-east-1:${an}:cluster:billing`);
    await deny('analytics', 'redshift:PauseCluster', `arn:aws:redshift:us-east-1:${an}:cluster:lake`);
    await deny('analytics', 'ec2:CreateTags', `arn:aws:ec2:us-east-1:${an}:instance/i-0abc`, { 'aws:TagKeys': ['budget-guardrails:exempt'] });
  });
});

describe('story 3: revert permissions survive catalog edits', () => {
  it('a catalog edit dropping the group from scaleToZero and the role from lockdownOn while in force still lets the reset restore both', async () => {
    const shipped = catalog.accounts.find((a) => a.name === 'web-service')!;
    const account: AccountPolicy = {
      ...shipped,
      enforcement: { ...shipped.enforcement, critical: { ...shipped.enforcement.critical, lockdown: ['ec2:RunInstances'] }, lockdownOn: { via: 'principals', users: [], groups: [], roles: ['WebDeployer'] } },
    };
    const model = modelFor(account, 'shutdown');
    const installed = installModel(model);
    const accounts = [account];
    try {
      const h = harness(accounts, new Date(Date.UTC(2026, 10, 20)));
      await enforce(h.enforcer, stateEvent(account, 'shutdown', h.now), 'shutdown');
      expect(model.groups[0]).toMatchObject({ min: 0, max: 0, desired: 0 });
      expect(model.principals[0].policies).toHaveLength(1);
      // The owners edit the catalog (and the member stack re-applies the role) while the kill switch is on.
      const edited: AccountPolicy = { ...account, enforcement: { ...shipped.enforcement } };
      accounts[0] = edited;
      const role = { Version: '2012-10-17', Statement: enforcementRoleStatements(edited, catalog.org) };
      installed.calls.length = 0;
      h.now = new Date(Date.UTC(2026, 11, 1, 0, 5));
      await resetAccounts(h.reset());
      expect(model.groups[0]).toMatchObject({ min: 1, max: 3, desired: 2 });
      expect(model.groups[0].tags).toBeUndefined();
      expect(model.principals[0].policies).toEqual([]);
      const calls = installed.calls.filter((c) => !/:(Describe|List)/.test(c.action));
      expect(calls.map((c) => c.action).sort()).toEqual(['autoscaling:DeleteTags', 'autoscaling:UpdateAutoScalingGroup', 'iam:DetachRolePolicy']);
      for (const call of calls) {
        for (const req of requestsOf(edited, model, call)) {
          const decision = await simulate({
            principal: `arn:aws:iam::${account.id}:role/${ENFORCEMENT_ROLE_NAME}`, action: req.action, resource: req.resource,
            resourceAccount: account.id, identityPolicies: [role], context: req.context,
          });
          expect({ ...req, decision }).toEqual({ ...req, decision: 'Allowed' });
        }
      }
      // The grant is the guardrail's own tag: a group without it is still out of reach.
      const other = await simulate({
        principal: `arn:aws:iam::${account.id}:role/${ENFORCEMENT_ROLE_NAME}`, action: 'autoscaling:UpdateAutoScalingGroup',
        resource: `arn:aws:autoscaling:us-east-1:${account.id}:autoScalingGroup:0f1e2d3c-0000-4000-8000-000000000000:autoScalingGroupName/other`,
        resourceAccount: account.id, identityPolicies: [role], context: {},
      });
      expect(other).toBe('ImplicitlyDenied');
    } finally {
      installed.restore();
    }
  });
});
