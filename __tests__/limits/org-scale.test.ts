/**
 * The org-scale requirements, end to end through the real validator and the real constructs:
 * a big account and a 5,000-account catalog (copies of data-science) stay within every AWS limit
 * the synth check measures, with principal and with SCP lockdowns; hub policies keep one size
 * whatever the number of accounts; the hub grows by at most two resources per account.
 */
import { TerraformResource, Testing } from 'cdktf';
import { validateCatalog } from '../../core/catalog/validate';
import { formatIssue } from '../../core/catalog/errors';
import type { Catalog } from '../../core/catalog/types';
import { enforcementRoleDocuments } from '../../core/enforcement/role-documents';
import type { PolicyDocument } from '../../core/iam/policy';
import { catalogLimitIssues } from '../../core/limits/catalog-limits';
import { iamChars } from '../../core/limits/measure';
import { buildApp } from '../../modules/app';
import { stackDocuments, synthLimitIssues } from '../../modules/limits/synth-limits';
import { HubStack } from '../../modules/stacks/hub-stack';
import { bigAccountInput } from '../../bench/lib/big-account';
import { accountCopies } from '../../bench/lib/catalog-copies';
import { orgInput } from '../../bench/lib/catalog-generator';
import { Synthesized, resourcesOf } from '../modules/member/synthesized';
import { shippedCatalog } from '../support/catalog';
import { parsePolicy, simulate } from '../support/iam-sim';

const BIG = '202020202020';

async function bigCatalog(via: 'principals' | 'scp'): Promise<Catalog> {
  const { catalog, issues } = await validateCatalog(
    { file: 'accounts/org.ts', name: 'org', value: orgInput() },
    [{ file: 'accounts/big.ts', name: 'big', value: bigAccountInput(BIG, via) }],
  );
  if (!catalog) throw new Error(issues.map(formatIssue).join('\n'));
  return catalog;
}

const copies = (shipped: Catalog, count: number, via: 'principals' | 'scp') => accountCopies(shipped, 'data-science', count, via);

const hubOnly = (catalog: Catalog) => {
  const app = Testing.app();
  return { app, hub: new HubStack(app, { catalog, options: {} }) };
};

/** Every IAM document a role gets (inline and attached managed), from a synthesized member stack. */
function rolePolicies(stack: Synthesized, roleName: string): PolicyDocument[] {
  const roles = stack.resource?.aws_iam_role ?? {};
  const id = Object.keys(roles).find((k) => roles[k].name === roleName)!;
  const ref = `\${aws_iam_role.${id}.name}`;
  const inline = resourcesOf(stack, 'aws_iam_role_policy').filter((p) => p.role === ref).map((p) => parsePolicy(p.policy));
  const policies = stack.resource?.aws_iam_policy ?? {};
  const managed = resourcesOf(stack, 'aws_iam_role_policy_attachment').filter((a) => a.role === ref).map((a) => {
    const policyId = /aws_iam_policy\.([^.]+)\.arn/.exec(String(a.policy_arn))![1];
    return parsePolicy(policies[policyId].policy);
  });
  return [...inline, ...managed];
}

describe('the big account', () => {
  let member: Synthesized;
  beforeAll(async () => {
    const catalog = await bigCatalog('principals');
    const { app, members } = buildApp(catalog, {}, Testing.app().outdir);
    expect(synthLimitIssues(app, catalog).map(formatIssue)).toEqual([]);
    member = JSON.parse(Testing.synth(members.get('big')!)) as Synthesized;
  });

  it('spreads its enforcement role over the inline policy and attached managed policies, each within IAM\'s limit', async () => {
    const catalog = await bigCatalog('principals');
    const docs = enforcementRoleDocuments(catalog.accounts[0], catalog.org);
    expect(docs.managed.length).toBeGreaterThan(0);
    expect(docs.managed.length).toBeLessThanOrEqual(10);
    const policies = rolePolicies(member, 'budget-guardrails-enforcement');
    expect(policies).toEqual([docs.inline, ...docs.managed]);
    expect(iamChars(JSON.stringify(policies[0]))).toBeLessThanOrEqual(10_240);
    for (const doc of policies.slice(1)) expect(iamChars(JSON.stringify(doc))).toBeLessThanOrEqual(6_144);
  });

  it('still lets the role do each listed thing and nothing else (IAM simulation over all its policies)', async () => {
    const identityPolicies = rolePolicies(member, 'budget-guardrails-enforcement');
    const role = `arn:aws:iam::${BIG}:role/budget-guardrails-enforcement`;
    const can = (action: string, resource: string, context: Record<string, string> = {}) => simulate({
      principal: role, action, resource, resourceAccount: BIG, identityPolicies, context: { 'aws:PrincipalArn': role, ...context },
    });
    const instance = `arn:aws:ec2:eu-west-1:${BIG}:instance/i-0123456789abcdef0`;
    const tags = (t: Record<string, string>) => Object.fromEntries(Object.entries(t).map(([k, v]) => [`aws:ResourceTag/${k}`, v]));
    expect(await can('ec2:StopInstances', instance, tags({ team: 'data-platform-team-19', environment: 'production' }))).toBe('Allowed');
    expect(await can('ec2:StopInstances', instance, tags({ workload: 'gpu-training-10', 'cost-center': 'cc-1010' }))).toBe('Allowed');
    expect(await can('ec2:StopInstances', instance, tags({ team: 'data-platform-team-19', environment: 'staging' }))).toBe('ImplicitlyDenied');
    expect(await can('ec2:StopInstances', instance, tags({ team: 'data-platform-team-19', environment: 'production', 'budget-guardrails:exempt': 'true' })))
      .toBe('ExplicitlyDenied');
    const asg = (name: string) => `arn:aws:autoscaling:us-west-2:${BIG}:autoScalingGroup:0f1e2d3c-aaaa-bbbb-cccc-0123456789ab:autoScalingGroupName/${name}`;
    expect(await can('autoscaling:UpdateAutoScalingGroup', asg('prod-web-frontend-autoscaling-group-30'))).toBe('Allowed');
    expect(await can('autoscaling:UpdateAutoScalingGroup', asg('someone-elses-group'))).toBe('ImplicitlyDenied');
    expect(await can('rds:StopDBInstance', `arn:aws:rds:eu-west-1:${BIG}:db:prod-analytics-db-instance-20`)).toBe('Allowed');
    expect(await can('rds:StopDBCluster', `arn:aws:rds:eu-west-1:${BIG}:cluster:prod-reporting-aurora-cluster-10`)).toBe('Allowed');
    expect(await can('rds:StopDBInstance', `arn:aws:rds:eu-west-1:${BIG}:db:payments-primary`)).toBe('ImplicitlyDenied');
    const detach = (user: string, policy: string) => can('iam:DetachUserPolicy', `arn:aws:iam::${BIG}:user/${user}`, { 'iam:PolicyARN': `arn:aws:iam::${BIG}:policy/${policy}` });
    expect(await detach('analyst-10', 'AllowExpensiveService10Access')).toBe('Allowed');
    expect(await detach('analyst-10', 'AllowExpensiveService01Access')).toBe('ImplicitlyDenied');
    expect(await detach('analyst-10', 'AdministratorAccess')).toBe('ImplicitlyDenied');
  });

  it('synthesizes within every limit with its lockdown as an SCP too', async () => {
    const catalog = await bigCatalog('scp');
    const { app } = buildApp(catalog, {}, Testing.app().outdir);
    expect(synthLimitIssues(app, catalog)).toEqual([]);
  });
});

describe('a 5,000-account catalog (copies of data-science)', () => {
  let shipped: Catalog;
  const built = new Map<'principals' | 'scp', { catalog: Catalog } & ReturnType<typeof hubOnly>>();
  beforeAll(async () => {
    shipped = await shippedCatalog();
    for (const via of ['principals', 'scp'] as const) {
      const catalog = copies(shipped, 5_000, via);
      built.set(via, { catalog, ...hubOnly(catalog) });
    }
  });

  it.each(['principals', 'scp'] as const)('stays within every limit with %s lockdowns: hub, shared SCPs and each member\'s documents', (via) => {
    const { catalog, app, hub } = built.get(via)!;
    expect(catalogLimitIssues(catalog)).toEqual([]);
    expect(synthLimitIssues(app, catalog).map(formatIssue)).toEqual([]);
    // SCP lockdowns: accounts with the same lists share two SCPs (Organizations caps SCPs per org).
    const scps = hub.node.findAll().filter((c) => c instanceof TerraformResource && c.terraformResourceType === 'aws_organizations_policy');
    expect(scps).toHaveLength(via === 'scp' ? 2 : 0);
  });

  it('keeps every hub role, trust and bus policy the same size at 4 and at 5,000 accounts', () => {
    const sizes = (catalog: Catalog, hub = hubOnly(catalog).hub) =>
      Object.fromEntries(stackDocuments(catalog, hub).documents.filter((d) => d.limit !== 'scp').map((d) => [d.what, d.text.length]));
    for (const via of ['principals', 'scp'] as const) {
      const { catalog, hub } = built.get(via)!;
      expect(sizes(catalog, hub)).toEqual(sizes(copies(shipped, 4, via)));
    }
  });

  it('adds at most two hub resources per account (here: the account\'s catalog item)', () => {
    const resources = (n: number, via: 'principals' | 'scp') => hubOnly(copies(shipped, n, via)).hub.node.findAll()
      .filter((c): c is TerraformResource => c instanceof TerraformResource).map((r) => r.terraformResourceType);
    for (const via of ['principals', 'scp'] as const) {
      const [few, many] = [resources(10, via), resources(1_010, via)];
      const perAccount = (many.length - few.length) / 1_000;
      expect([via, perAccount]).toEqual([via, 1]);
      expect(many.filter((t) => t === 'aws_dynamodb_table_item').length - few.filter((t) => t === 'aws_dynamodb_table_item').length).toBe(1_000);
    }
  });

  it('adds at most two hub resources per account for accounts that all differ (the shipped catalog\'s four)', async () => {
    const count = (catalog: Catalog) => hubOnly(catalog).hub.node.findAll().filter((c) => c instanceof TerraformResource).length;
    const empty = { ...shipped, accounts: [] };
    expect((count(shipped) - count(empty)) / shipped.accounts.length).toBeLessThanOrEqual(2);
  });
});
