import { Testing } from 'cdktf';
import { readFileSync } from 'node:fs';
import { buildApp } from '../../modules/app';
import { shippedCatalog } from '../support/catalog';
import { planJson, requireTerraform, stackDir, synthApp } from '../support/terraform';

const EXPECTED_STACKS = ['hub', 'member-analytics', 'member-data-science', 'member-sandbox', 'member-web-service'];

describe('stacks for the shipped catalog', () => {
  it('builds a hub stack and one member stack per account', async () => {
    const { app } = buildApp(await shippedCatalog(), {}, Testing.app().outdir);
    const names = app.node.children.map((c) => c.node.id).sort();
    expect(names).toEqual(EXPECTED_STACKS);
  });

  it('gives each member stack providers that assume the member role, us-east-1 plus each workload region', async () => {
    const { members } = buildApp(await shippedCatalog(), {}, Testing.app().outdir);
    const synth = Testing.synth(members.get('data-science')!);
    expect(synth).toHaveProviderWithProperties({ tfResourceType: 'aws' }, {
      region: 'us-east-1',
      assume_role: [{ role_arn: 'arn:aws:iam::222222222222:role/OrganizationAccountAccessRole', session_name: 'budget-guardrails-data-science' }],
      default_tags: [{ tags: { 'managed-by': 'budget-guardrails', 'budget-guardrails:account': 'data-science' } }],
    });
    expect(synth).toHaveProviderWithProperties({ tfResourceType: 'aws' }, { alias: 'us-west-2', region: 'us-west-2' });
  });

  it('uses a local backend by default and Terraform Cloud when TF_CLOUD_ORGANIZATION is given', async () => {
    const catalog = await shippedCatalog();
    const local = JSON.parse(Testing.synth(buildApp(catalog, {}, Testing.app().outdir).hub));
    expect(local.terraform.backend.local.path).toBe('terraform.hub.tfstate');
    const cloud = JSON.parse(Testing.synth(buildApp(catalog, { cloudOrganization: 'acme' }, Testing.app().outdir).members.get('sandbox')!));
    expect(cloud.terraform.cloud).toEqual({ hostname: 'app.terraform.io', organization: 'acme', workspaces: { name: 'budget-guardrails-member-sandbox' } });
  });

  it('uses an S3 backend with one key per stack when GUARDRAILS_STATE_BUCKET is given', async () => {
    const catalog = await shippedCatalog();
    const hub = JSON.parse(Testing.synth(buildApp(catalog, { stateBucket: 'acme-tf-state' }, Testing.app().outdir).hub));
    expect(hub.terraform.backend.s3).toEqual({
      bucket: 'acme-tf-state', key: 'budget-guardrails/hub.tfstate', region: 'us-east-1', encrypt: true, use_lockfile: true,
    });
  });

  it('assumes the read-only role CI plans through when GUARDRAILS_MEMBER_ROLE_NAME is given', async () => {
    const { members } = buildApp(await shippedCatalog(), { memberRoleName: 'budget-guardrails-plan' }, Testing.app().outdir);
    const providers = JSON.parse(Testing.synth(members.get('data-science')!)).provider.aws;
    expect(providers.map((p: { assume_role: { role_arn: string }[] }) => p.assume_role[0].role_arn))
      .toEqual(['arn:aws:iam::222222222222:role/budget-guardrails-plan', 'arn:aws:iam::222222222222:role/budget-guardrails-plan']);
  });

  it('drops assume_role and adds offline settings in offline-plan mode', async () => {
    const { members } = buildApp(await shippedCatalog(), { planMode: 'offline-plan' }, Testing.app().outdir);
    const provider = JSON.parse(Testing.synth(members.get('web-service')!)).provider.aws[0];
    expect(provider.assume_role).toBeUndefined();
    expect(provider).toMatchObject({ skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: 'true' });
  });
});

describe('terraform accepts the synthesized stacks', () => {
  beforeAll(requireTerraform);

  it('every stack passes terraform validate', async () => {
    const outdir = synthApp(await shippedCatalog());
    const manifest = JSON.parse(readFileSync(`${outdir}/manifest.json`, 'utf8'));
    expect(Object.keys(manifest.stacks).sort()).toEqual(EXPECTED_STACKS);
    expect(outdir).toBeValidTerraform();
  });

  it('the manifest orders every member stack after the hub, so `cdktf deploy \'*\'` applies the hub first', async () => {
    const outdir = synthApp(await shippedCatalog());
    const manifest = JSON.parse(readFileSync(`${outdir}/manifest.json`, 'utf8')) as { stacks: Record<string, { dependencies: string[] }> };
    expect(manifest.stacks.hub.dependencies).toEqual([]);
    for (const name of EXPECTED_STACKS.filter((s) => s !== 'hub')) expect([name, manifest.stacks[name].dependencies]).toEqual([name, ['hub']]);
  });

  it('the hub and a member stack plan offline', async () => {
    const outdir = synthApp(await shippedCatalog(), { planMode: 'offline-plan' });
    for (const stack of ['hub', 'member-data-science']) {
      expect(() => planJson(stackDir(outdir, stack))).not.toThrow();
    }
  });
});
