/**
 * The constructs composed into a platform's own stacks, as examples/platform does: one `new`
 * each, the platform's providers, and every mistake refused at synth with the fix.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import type { AccountPolicy, Catalog } from '../../core/catalog/types';
import { BillingHub } from '../../modules/hub/billing-hub';
import { MemberGuardrails } from '../../modules/member/member-guardrails';
import { buildApp } from '../../modules/app';
import { accountOf, shippedCatalog } from '../support/catalog';

type Json = { resource: Record<string, Record<string, { provider?: string; name?: string }>>; data?: Record<string, Record<string, { provider?: string }>> };

let catalog: Catalog;
beforeAll(async () => {
  catalog = await shippedCatalog();
});

/** data-science locked down through SCPs, which only the payer account can manage. */
function withScpAccount(c: Catalog): Catalog {
  const ds = accountOf(c, 'data-science');
  const changed: AccountPolicy = { ...ds, enforcement: { ...ds.enforcement, lockdownOn: { via: 'scp', users: [], groups: [], roles: [] } } };
  return { ...c, accounts: c.accounts.map((a) => (a.name === ds.name ? changed : a)) };
}

function payerStack(region = 'us-east-1') {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'payer');
  new AwsProvider(stack, 'default', { region: 'eu-central-1' }); // the platform's own default, elsewhere
  const payer = new AwsProvider(stack, 'payer', { alias: 'payer', region, allowedAccountIds: ['111111111111'] });
  return { app, stack, payer };
}

describe('BillingHub in a platform stack', () => {
  it('puts every AWS resource of the hub, SCP lockdowns included, on the provider it is given', () => {
    const { stack, payer } = payerStack();
    const hub = new BillingHub(stack, 'budget-guardrails', { catalog: withScpAccount(catalog), provider: payer });
    const json = JSON.parse(Testing.synth(stack)) as Json;
    const all = Object.entries(json.resource).flatMap(([type, byId]) => Object.values(byId).map((r) => ({ type, provider: r.provider })));
    expect(all.length).toBeGreaterThan(100);
    expect(all.filter((r) => r.provider !== 'aws.payer')).toEqual([]);
    const scps = Object.values(json.resource.aws_organizations_policy ?? {});
    expect(scps.length).toBe(hub.lockdownScps.policies.length);
    expect(scps.length).toBeGreaterThan(0);
    for (const scp of scps) expect(scp).toMatchObject({ name: expect.stringMatching(/^budget-guardrails-lockdown-(over|critical|shutdown)-[0-9a-f]{12}$/), provider: 'aws.payer' });
  });

  it('refuses a provider for another region than org.ts hubRegion, before anything is synthesized', () => {
    const { stack, payer } = payerStack('eu-west-1');
    expect(() => new BillingHub(stack, 'hub', { catalog, provider: payer }))
      .toThrow('BillingHub: the AWS provider "payer" deploys to eu-west-1, but accounts/org.ts: hubRegion is us-east-1');
  });

  it('refuses a provider limited to other accounts than org.ts hubAccountId', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'payer');
    const provider = new AwsProvider(stack, 'aws', { region: 'us-east-1', allowedAccountIds: ['999999999999'] });
    expect(() => new BillingHub(stack, 'hub', { catalog, provider }))
      .toThrow('may only deploy to account(s) 999999999999, but accounts/org.ts: hubAccountId is 111111111111');
  });

  it('uses the stack\'s default provider when given none, and checks it when the app synthesizes', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const stack = new TerraformStack(app, 'payer');
    new AwsProvider(stack, 'aws', { region: 'ap-southeast-2' });
    new BillingHub(stack, 'hub', { catalog });
    expect(() => app.synth()).toThrow(/the stack's default AWS provider deploys to ap-southeast-2, but accounts\/org.ts: hubRegion is us-east-1/);

    const bare = new App({ outdir: Testing.app().outdir });
    new BillingHub(new TerraformStack(bare, 'payer'), 'hub', { catalog });
    expect(() => bare.synth()).toThrow('BillingHub: the stack has no default AWS provider; create one for the payer account (111111111111) in us-east-1');
  });
});

describe('MemberGuardrails in a platform baseline stack', () => {
  const baseline = (regions: Record<string, string>) => {
    const stack = new TerraformStack(Testing.app(), 'baseline');
    const providers = Object.fromEntries(Object.entries(regions).map(([key, region]) => [key, new AwsProvider(stack, `aws-${key}`, {
      region, alias: key, assumeRole: [{ roleArn: 'arn:aws:iam::222222222222:role/AWSAFTExecution' }],
    })]));
    return { stack, providers };
  };

  it('takes the providers as a plain object keyed by region, us-east-1 and every workload region', () => {
    const { stack, providers } = baseline({ 'us-east-1': 'us-east-1', 'us-west-2': 'us-west-2' });
    new MemberGuardrails(stack, 'budget-guardrails', { org: catalog.org, account: accountOf(catalog, 'data-science'), providers });
    const json = JSON.parse(Testing.synth(stack)) as Json;
    const rules = Object.values(json.resource.aws_cloudwatch_event_rule).map((r) => r.provider).sort();
    expect(rules).toEqual(['aws.us-east-1', 'aws.us-east-1', 'aws.us-west-2']);
  });

  it('names the missing region and the shape to pass', () => {
    const { stack, providers } = baseline({ 'us-east-1': 'us-east-1' });
    expect(() => new MemberGuardrails(stack, 'g', { org: catalog.org, account: accountOf(catalog, 'data-science'), providers }))
      .toThrow("MemberGuardrails for accounts/data-science.ts: no AWS provider for us-west-2; pass one per region the account needs, { 'us-east-1': <provider>, 'us-west-2': <provider> }");
  });

  it('refuses a provider keyed by a region it does not deploy to', () => {
    const { stack, providers } = baseline({ 'us-east-1': 'us-east-1', 'us-west-2': 'eu-west-1' });
    expect(() => new MemberGuardrails(stack, 'g', { org: catalog.org, account: accountOf(catalog, 'data-science'), providers: new Map(Object.entries(providers)) }))
      .toThrow('the provider given for us-west-2 deploys to eu-west-1; key each provider by its own region');
  });

  it('measures its documents against AWS\'s limits when the platform\'s app synthesizes', () => {
    const ds = accountOf(catalog, 'data-science');
    // 700 distinct actions: a lockdown policy far over IAM's 6,144 characters for a managed policy.
    const lockdown = Array.from({ length: 700 }, (_, i) => `ec2:DescribeThing${i}`);
    const account: AccountPolicy = { ...ds, enforcement: { ...ds.enforcement, critical: { ...ds.enforcement.critical, lockdown } } };
    const app = new App({ outdir: Testing.app().outdir });
    const stack = new TerraformStack(app, 'baseline-data-science');
    const providers = new Map(['us-east-1', 'us-west-2'].map((region) => [region, new AwsProvider(stack, region, { region, alias: region })]));
    new MemberGuardrails(stack, 'budget-guardrails', { org: catalog.org, account, providers });
    expect(() => app.synth()).toThrow(/accounts\/data-science\.ts: enforcement\.critical\.lockdown: .*6,?144/);
  });
});

describe('the stacks buildApp makes', () => {
  type Provider = { aws: { alias?: string; allowed_account_ids?: string[]; assume_role?: unknown }[] };
  const providersOf = (stack: TerraformStack) => (JSON.parse(Testing.synth(stack)) as { provider: Provider }).provider.aws;

  it('in deploy mode, refuse any account but the hub\'s or the member\'s own (Terraform checks the credentials first)', () => {
    const { hub, members } = buildApp(catalog, {}, Testing.app().outdir);
    expect(providersOf(hub).map((p) => p.allowed_account_ids)).toEqual([['111111111111']]);
    const ds = members.get('data-science');
    if (!ds) throw new Error('no data-science stack');
    expect(providersOf(ds).map((p) => p.allowed_account_ids)).toEqual([['222222222222'], ['222222222222']]);
  });

  it('in offline-plan mode, set no account check (there are no credentials to check)', () => {
    const { hub } = buildApp(catalog, { planMode: 'offline-plan' }, Testing.app().outdir);
    expect(providersOf(hub).map((p) => p.allowed_account_ids)).toEqual([undefined]);
  });
});
