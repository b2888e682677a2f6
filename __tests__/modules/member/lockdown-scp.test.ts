import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { Testing } from 'cdktf';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AccountPolicy, Catalog } from '../../../core/catalog/types';
import type { PolicyDocument } from '../../../core/iam/policy';
import { buildApp } from '../../../modules/app';
import { lockdownScpNameFor } from '../../../core/lockdown/document';
import { LockdownScps } from '../../../modules/member/lockdown-scp';
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

let shipped: Catalog;
let variantOut: string;
let hubRaw: string;
let hub: Synthesized;
let member: Synthesized;
let shippedHub: Synthesized;
let shippedMember: Synthesized;

beforeAll(async () => {
  requireTerraform();
  shipped = await shippedCatalog();
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
  it('the hub creates one tagged SCP per restricting state for that account, and none for the shipped catalog', () => {
    const ds = accountOf(viaScp(shipped), 'data-science');
    expect(resourcesOf(hub, 'aws_organizations_policy').map((p) => p.name).sort()).toEqual([
      lockdownScpNameFor(ds, 'critical'),
      lockdownScpNameFor(ds, 'shutdown'),
    ]);
    expect(hubRaw).toHaveResourceWithProperties(OrganizationsPolicy, {
      name: lockdownScpNameFor(ds, 'critical'), type: 'SERVICE_CONTROL_POLICY', tags: { 'budget-guardrails:lockdown-scp': 'true' },
    });
    expect(resourcesOf(shippedHub, 'aws_organizations_policy')).toEqual([]);
  });

  it('is shared by every account with the same lists: 200 such accounts still make two SCPs', () => {
    const base = viaScp(shipped);
    const ds = accountOf(base, 'data-science');
    const copies = Array.from({ length: 200 }, (_, i) => ({ ...ds, name: `ds-${i}`, id: String(300000000000 + i) }));
    const scps = new LockdownScps(Testing.app(), 'scps', { catalog: { ...base, accounts: copies } });
    expect(scps.policies).toHaveLength(2);
    expect([...scps.users.values()].map((u) => u.length)).toEqual([200, 200]);
  });

  it('has the same document as the IAM form', () => {
    const ds = accountOf(viaScp(shipped), 'data-science');
    for (const state of ['critical', 'shutdown'] as const) {
      expect(policyOf(hub, 'aws_organizations_policy', lockdownScpNameFor(ds, state), 'content'))
        .toEqual(policyOf(shippedMember, 'aws_iam_policy', `budget-guardrails-lockdown-${state}`));
    }
  });

  it('denies the restricted APIs to any principal of the account, but not to the enforcement role', async () => {
    const scp = policyOf(hub, 'aws_organizations_policy', lockdownScpNameFor(accountOf(viaScp(shipped), 'data-science'), 'critical'), 'content');
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

  it('the enforcer and reset roles may attach and detach only the guardrail\'s tagged SCPs, only on member accounts of the organization', async () => {
    const org = (resource: string) => `arn:aws:organizations::111111111111:${resource}`;
    const tagged = { 'aws:ResourceTag/budget-guardrails:lockdown-scp': 'true' };
    for (const fn of ['enforcer', 'reset']) {
      const principal = `arn:aws:iam::111111111111:role/budget-guardrails-${fn}`;
      const policy = inlinePolicyOfRole(hub, `budget-guardrails-${fn}`);
      const can = (action: string, resource: string, tags: Record<string, string> = {}) => simulate({
        principal, action, resource, resourceAccount: '111111111111', identityPolicies: [policy], context: { 'aws:PrincipalArn': principal, ...tags },
      });
      for (const action of ['organizations:AttachPolicy', 'organizations:DetachPolicy']) {
        expect([fn, action, await can(action, org(`account/o-exampleorg1/${DS}`))]).toEqual([fn, action, 'Allowed']);
        expect([fn, action, await can(action, org('policy/o-exampleorg1/service_control_policy/p-abcd1234'), tagged)]).toEqual([fn, action, 'Allowed']);
        // Not an SCP the guardrail did not create (untagged), nor another kind of organization policy.
        expect([fn, action, await can(action, org('policy/o-exampleorg1/service_control_policy/p-abcd1234'))]).toEqual([fn, action, 'ImplicitlyDenied']);
        expect([fn, action, await can(action, org('policy/o-exampleorg1/service_control_policy/p-abcd1234'), { 'aws:ResourceTag/budget-guardrails:lockdown-scp': 'false' })])
          .toEqual([fn, action, 'ImplicitlyDenied']);
        // Not OUs or the root, nor accounts or policies of another organization.
        for (const other of ['ou/o-exampleorg1/ou-ab12-cdef5678', 'root/o-exampleorg1/r-ab12', 'policy/o-exampleorg1/backup_policy/p-abcd1234',
          'account/o-someoneelse/333333333333', 'policy/o-someoneelse/service_control_policy/p-abcd1234']) {
          expect([fn, action, other, await can(action, org(other), tagged)]).toEqual([fn, action, other, 'ImplicitlyDenied']);
        }
      }
    }
  });

  it('terraform validate accepts the hub stack with the SCPs', () => {
    const dir = stackDir(variantOut, 'hub');
    terraform(dir, 'init', '-input=false');
    expect(JSON.parse(terraform(dir, 'validate', '-json'))).toMatchObject({ valid: true, error_count: 0 });
  });

  it('refuses at synth time an SCP longer than AWS allows (5,120), naming the file of an account that uses it, the field and the fix', async () => {
    const scp = viaScp(await shippedCatalog());
    const ds = accountOf(scp, 'data-science');
    const many = Array.from({ length: 300 }, (_, i) => `ec2:Action${i}`);
    const big: Catalog = { ...scp, accounts: [{ ...ds, enforcement: { ...ds.enforcement, shutdown: { ...ds.enforcement.shutdown, lockdown: many } } }] };
    expect(() => buildApp(big, {}, Testing.app().outdir)).toThrow(
      /^accounts\/data-science\.ts: enforcement\.shutdown\.lockdown: SCP budget-guardrails-lockdown-shutdown-[0-9a-f]{12} would be [\d,]+ characters, over the 5,120 AWS Organizations allows \(service control policy\); list fewer actions/m,
    );
  });
});
