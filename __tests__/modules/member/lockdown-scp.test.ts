import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { Testing } from 'cdktf';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AccountPolicy, Catalog } from '../../../core/catalog/types';
import type { PolicyDocument } from '../../../core/iam/policy';
import { buildApp } from '../../../modules/app';
import { LockdownScps, SCP_MAX_CHARS } from '../../../modules/member/lockdown-scp';
import { accountOf, shippedCatalog } from '../../support/catalog';
import { simulate } from '../../support/iam-sim';
import { requireTerraform, stackDir, synthApp, terraform } from '../../support/terraform';
import { Synthesized, inlinePolicyOfRole, policyOf, resourcesOf } from './synthesized';

const DS = '222222222222';
const ADMIN: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const role = (name: string) => `arn:aws:iam::${DS}:role/${name}`;

/** The shipped catalog with data-science locked down through an SCP instead of its principals. */
function viaScp(catalog: Catalog): Catalog {
  const ds = accountOf(catalog, 'data-science');
  const changed: AccountPolicy = { ...ds, enforcement: { ...ds.enforcement, lockdownOn: { via: 'scp', users: [], groups: [], roles: [] } } };
  return { ...catalog, accounts: catalog.accounts.map((a) => (a.name === ds.name ? changed : a)) };
}

let variantOut: string;
let hubRaw: string;
let hub: Synthesized;
let member: Synthesized;
let shippedHub: Synthesized;
let shippedMember: Synthesized;

beforeAll(async () => {
  requireTerraform();
  const shipped = await shippedCatalog();
  variantOut = synthApp(viaScp(shipped));
  const read = (stack: string) => readFileSync(path.join(stackDir(variantOut, stack), 'cdk.tf.json'), 'utf8');
  hubRaw = read('hub');
  hub = JSON.parse(hubRaw);
  member = JSON.parse(read('member-data-science'));
  const original = buildApp(shipped, {}, Testing.app().outdir);
  shippedHub = JSON.parse(Testing.synth(original.hub));
  shippedMember = JSON.parse(Testing.synth(original.members.get('data-science')!));
});

describe('lockdown as a service control policy (via: "scp")', () => {
  it('the hub creates one SCP per restricting state for that account, and none for the shipped catalog', () => {
    expect(resourcesOf(hub, 'aws_organizations_policy').map((p) => p.name).sort()).toEqual([
      'budget-guardrails-lockdown-data-science-critical',
      'budget-guardrails-lockdown-data-science-shutdown',
    ]);
    expect(hubRaw).toHaveResourceWithProperties(OrganizationsPolicy, { name: 'budget-guardrails-lockdown-data-science-critical', type: 'SERVICE_CONTROL_POLICY' });
    expect(resourcesOf(shippedHub, 'aws_organizations_policy')).toEqual([]);
  });

  it('has the same document as the IAM form', () => {
    for (const state of ['critical', 'shutdown']) {
      expect(policyOf(hub, 'aws_organizations_policy', `budget-guardrails-lockdown-data-science-${state}`, 'content'))
        .toEqual(policyOf(shippedMember, 'aws_iam_policy', `budget-guardrails-lockdown-${state}`));
    }
  });

  it('denies the restricted APIs to any principal of the account, but not to the enforcement role', async () => {
    const scp = policyOf(hub, 'aws_organizations_policy', 'budget-guardrails-lockdown-data-science-critical', 'content');
    const as = (principal: string, action: string) => simulate({
      principal, action, resource: '*', resourceAccount: DS, identityPolicies: [ADMIN], scps: [scp], context: { 'aws:PrincipalArn': principal },
    });
    for (const principal of [role('DataScientist'), role('AnyOtherRole'), `arn:aws:iam::${DS}:user/someone`]) {
      expect(await as(principal, 'ec2:RunInstances')).toBe('ExplicitlyDenied');
      expect(await as(principal, 'ec2:DescribeInstances')).toBe('Allowed');
    }
    expect(await as(role('budget-guardrails-enforcement'), 'ec2:RunInstances')).toBe('Allowed');
  });

  it('the member then has no IAM lockdown policies and its enforcement role cannot attach any', () => {
    expect(resourcesOf(member, 'aws_iam_policy').map((p) => p.name)).not.toContainEqual(expect.stringContaining('lockdown'));
    const actions = inlinePolicyOfRole(member, 'budget-guardrails-enforcement').Statement.flatMap((s) => s.Action ?? []);
    expect(actions).not.toContain('iam:AttachRolePolicy');
  });

  it('the enforcer and reset roles may attach and detach SCPs only on the SCP-locked accounts', async () => {
    const org = (resource: string) => `arn:aws:organizations::111111111111:${resource}`;
    for (const fn of ['enforcer', 'reset']) {
      const principal = `arn:aws:iam::111111111111:role/budget-guardrails-${fn}`;
      const policy = inlinePolicyOfRole(hub, `budget-guardrails-${fn}`);
      const can = (action: string, resource: string) => simulate({
        principal, action, resource, resourceAccount: '111111111111', identityPolicies: [policy], context: { 'aws:PrincipalArn': principal },
      });
      for (const action of ['organizations:AttachPolicy', 'organizations:DetachPolicy']) {
        expect([fn, action, await can(action, org(`account/o-exampleorg1/${DS}`))]).toEqual([fn, action, 'Allowed']);
        expect([fn, action, await can(action, org('policy/o-exampleorg1/service_control_policy/p-abcd1234'))]).toEqual([fn, action, 'Allowed']);
        // Not the org's other accounts, OUs or root, nor another kind of organization policy.
        for (const other of ['account/o-exampleorg1/333333333333', 'ou/o-exampleorg1/ou-ab12-cdef5678', 'root/o-exampleorg1/r-ab12',
          'policy/o-exampleorg1/backup_policy/p-abcd1234']) {
          expect([fn, action, other, await can(action, org(other))]).toEqual([fn, action, other, 'ImplicitlyDenied']);
        }
      }
    }
  });

  it('terraform validate accepts the hub stack with the SCPs', () => {
    const dir = stackDir(variantOut, 'hub');
    terraform(dir, 'init', '-input=false');
    expect(JSON.parse(terraform(dir, 'validate', '-json'))).toMatchObject({ valid: true, error_count: 0 });
  });

  it('refuses at synth time an SCP longer than AWS allows, naming the file, field and fix', async () => {
    const shipped = viaScp(await shippedCatalog());
    const ds = accountOf(shipped, 'data-science');
    const many = Array.from({ length: 300 }, (_, i) => `ec2:Action${i}`);
    const big: Catalog = { ...shipped, accounts: [{ ...ds, enforcement: { ...ds.enforcement, shutdown: { ...ds.enforcement.shutdown, lockdown: many } } }] };
    expect(() => new LockdownScps(Testing.app(), 'scps', { catalog: big }))
      .toThrow(new RegExp(`^accounts/data-science\\.ts: enforcement\\.shutdown\\.lockdown: the shutdown lockdown SCP would be \\d+ characters, over the ${SCP_MAX_CHARS} AWS allows; list fewer actions`));
  });
});
