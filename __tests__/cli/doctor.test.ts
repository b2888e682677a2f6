/**
 * `guardrails doctor` against SDK mocks (aws-sdk-client-mock) shaped like the real responses: the
 * all-good organization, then each check failing the way AWS reports it, with its fix and the exit
 * status. SES: sesv2 GetAccount / GetEmailIdentity; billing alerts: AWS/Billing EstimatedCharges
 * metrics exist only in us-east-1 and only once "Receive Billing Alerts" is on; Cost Explorer:
 * "User not enabled for cost explorer access"; SCPs: Organizations ListRoots PolicyTypes; member
 * role: STS AssumeRole.
 */
import { CloudWatchClient, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { CostExplorerClient, DataUnavailableException, GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import {
  DescribeOrganizationCommand, DescribeResourcePolicyCommand, ListRootsCommand, OrganizationsClient, ResourcePolicyNotFoundException,
} from '@aws-sdk/client-organizations';
import { GetAccountCommand, GetEmailIdentityCommand, NotFoundException, SESv2Client } from '@aws-sdk/client-sesv2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { doctorClients, runDoctor } from '../../cli/aws/doctor/run';
import type { CheckResult } from '../../cli/aws/doctor/types';
import type { Catalog } from '../../core/catalog/types';
import { ACCOUNTS_DIR, shippedCatalog } from '../support/catalog';
import { cli } from './run-cli';

const ses = mockClient(SESv2Client);
const cloudwatch = mockClient(CloudWatchClient);
const ce = mockClient(CostExplorerClient);
const orgs = mockClient(OrganizationsClient);
const sts = mockClient(STSClient);

const awsError = (name: string, message: string) => Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 403 } });

/** Everything ready: production access, verified sender, billing metrics, Cost Explorer, SCPs, roles. */
function allGood(): void {
  for (const m of [ses, cloudwatch, ce, orgs, sts]) m.reset();
  ses.on(GetAccountCommand).resolves({ ProductionAccessEnabled: true, SendingEnabled: true, EnforcementStatus: 'HEALTHY' });
  ses.on(GetEmailIdentityCommand).resolves({ IdentityType: 'EMAIL_ADDRESS', VerifiedForSendingStatus: true, VerificationStatus: 'SUCCESS' });
  cloudwatch.on(ListMetricsCommand, { Namespace: 'AWS/Billing', MetricName: 'EstimatedCharges' }).resolves({
    Metrics: [{ Namespace: 'AWS/Billing', MetricName: 'EstimatedCharges', Dimensions: [{ Name: 'Currency', Value: 'USD' }] }],
  });
  ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [{ TimePeriod: { Start: '2026-11-27', End: '2026-11-28' }, Total: { UnblendedCost: { Amount: '412.5', Unit: 'USD' } } }] });
  orgs.on(DescribeOrganizationCommand).resolves({ Organization: { Id: 'o-exampleorg1', FeatureSet: 'ALL', MasterAccountId: '111111111111' } });
  orgs.on(ListRootsCommand).resolves({ Roots: [{ Id: 'r-ab12', Name: 'Root', PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] }] });
  orgs.on(DescribeResourcePolicyCommand).rejects(new ResourcePolicyNotFoundException({ message: 'no policy', $metadata: {} }));
  sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: 'ASIA', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date() } });
}

let catalog: Catalog;
let scpCatalog: Catalog;
beforeAll(async () => {
  catalog = await shippedCatalog();
  // One account locking down through an SCP, so the Organizations check applies.
  scpCatalog = { ...catalog, accounts: catalog.accounts.map((a, i) => (i === 0 ? { ...a, enforcement: { ...a.enforcement, lockdownOn: { via: 'scp' as const } } } : a)) as Catalog['accounts'] };
});
beforeEach(allGood);

const byId = (results: readonly CheckResult[], id: string) => {
  const r = results.find((x) => x.id === id);
  if (!r) throw new Error(`no check ${id}`);
  return r;
};
const doctor = (c: Catalog = scpCatalog) => runDoctor(doctorClients(c.org.hubRegion), c);
const failing = (results: readonly CheckResult[]) => results.filter((r) => r.status === 'fail').map((r) => r.id);

describe('guardrails doctor', () => {
  it('all good: every check passes, exit 0, text and --json', async () => {
    const results = await doctor();
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['ses-production-access', 'pass'], ['ses-sender-identity', 'pass'], ['billing-alerts', 'pass'],
      ['cost-explorer', 'pass'], ['scp-lockdowns', 'pass'], ['member-role', 'pass'],
    ]);
    // Every catalog account's member role was assumed, with the catalog's role name.
    const assumed = sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleArn).sort();
    expect(assumed).toEqual(scpCatalog.accounts.map((a) => `arn:aws:iam::${a.id}:role/OrganizationAccountAccessRole`).sort());
    expect(ses.commandCalls(GetEmailIdentityCommand)[0].args[0].input.EmailIdentity).toBe(catalog.org.senderEmail);

    const text = await cli('doctor', '--accounts', ACCOUNTS_DIR);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('ok    SES production access (us-east-1): production access granted');
    expect(text.stdout).toContain('all 6 checks passed or do not apply');
    const json = await cli('doctor', '--accounts', ACCOUNTS_DIR, '--json');
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.ok).toBe(true);
    // The shipped catalog locks down through principals only: the SCP check does not apply.
    expect(parsed.checks.find((c: CheckResult) => c.id === 'scp-lockdowns').status).toBe('skip');
  });

  it('SES sandbox: fails with the production-access fix; exit 3 and ok:false in JSON', async () => {
    ses.on(GetAccountCommand).resolves({ ProductionAccessEnabled: false, SendingEnabled: true, EnforcementStatus: 'HEALTHY' });
    const results = await doctor();
    expect(failing(results)).toEqual(['ses-production-access']);
    const r = byId(results, 'ses-production-access');
    expect(r.detail).toContain('in the sandbox: email goes only to verified addresses, so owners receive nothing');
    expect(r.fix).toContain('Request production access');
    expect(r.fix).toContain('aws sesv2 put-account-details --region us-east-1 --production-access-enabled');
    const json = await cli('doctor', '--accounts', ACCOUNTS_DIR, '--json');
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, checks: expect.arrayContaining([expect.objectContaining({ id: 'ses-production-access', status: 'fail' })]) });
    const text = await cli('doctor', '--accounts', ACCOUNTS_DIR);
    expect(text.code).toBe(3);
    expect(text.stdout).toMatch(/FAIL {2}SES production access \(us-east-1\): .*\n {6}fix: request production access/);
    expect(text.stdout).toContain('1 of 6 checks failed');
  });

  it('SES sending paused: fails even with production access', async () => {
    ses.on(GetAccountCommand).resolves({ ProductionAccessEnabled: true, SendingEnabled: false, EnforcementStatus: 'SHUTDOWN' });
    const r = byId(await doctor(), 'ses-production-access');
    expect(r.status).toBe('fail');
    expect(r.detail).toContain('sending is paused');
    expect(r.fix).toContain('put-account-sending-attributes');
  });

  it('sender not verified: pending address and no domain identity', async () => {
    ses.on(GetEmailIdentityCommand, { EmailIdentity: catalog.org.senderEmail }).resolves({ IdentityType: 'EMAIL_ADDRESS', VerifiedForSendingStatus: false, VerificationStatus: 'PENDING' });
    ses.on(GetEmailIdentityCommand, { EmailIdentity: 'example.com' }).rejects(new NotFoundException({ message: 'Email identity example.com does not exist.', $metadata: {} }));
    const results = await doctor();
    expect(failing(results)).toEqual(['ses-sender-identity']);
    expect(byId(results, 'ses-sender-identity').detail).toContain('its identity exists but is not verified yet');
    expect(byId(results, 'ses-sender-identity').fix).toContain('verification link');
  });

  it('sender verified through its domain passes', async () => {
    ses.on(GetEmailIdentityCommand, { EmailIdentity: catalog.org.senderEmail }).rejects(new NotFoundException({ message: 'not found', $metadata: {} }));
    ses.on(GetEmailIdentityCommand, { EmailIdentity: 'example.com' }).resolves({ IdentityType: 'DOMAIN', VerifiedForSendingStatus: true });
    expect(byId(await doctor(), 'ses-sender-identity')).toMatchObject({ status: 'pass', detail: 'the domain example.com is verified for sending' });
  });

  it('no AWS/Billing metrics in us-east-1: Receive Billing Alerts is off', async () => {
    cloudwatch.on(ListMetricsCommand).resolves({ Metrics: [] });
    const results = await doctor();
    expect(failing(results)).toEqual(['billing-alerts']);
    expect(byId(results, 'billing-alerts').detail).toContain('the member billing alarms never fire');
    expect(byId(results, 'billing-alerts').fix).toContain('Receive CloudWatch billing alerts');
    expect(await cloudwatch.call(0).thisValue.config.region()).toBe('us-east-1');
  });

  it('Cost Explorer not enabled, or without data yet', async () => {
    ce.on(GetCostAndUsageCommand).rejects(awsError('AccessDeniedException', 'User not enabled for cost explorer access'));
    let results = await doctor();
    expect(failing(results)).toEqual(['cost-explorer']);
    expect(byId(results, 'cost-explorer').detail).toContain('Cost Explorer is not enabled');
    expect(byId(results, 'cost-explorer').fix).toContain('Launch Cost Explorer');
    ce.on(GetCostAndUsageCommand).rejects(new DataUnavailableException({ message: 'Data is not available.', $metadata: {} }));
    results = await doctor();
    expect(byId(results, 'cost-explorer').detail).toContain('no data yet');
  });

  it('SCP lockdowns: policy type disabled, consolidated billing only, hub not allowed', async () => {
    orgs.on(ListRootsCommand).resolves({ Roots: [{ Id: 'r-ab12', Name: 'Root', PolicyTypes: [] }] });
    let r = byId(await doctor(), 'scp-lockdowns');
    expect(r).toMatchObject({ status: 'fail' });
    expect(r.detail).toContain('SERVICE_CONTROL_POLICY policy type is not enabled on the root');
    expect(r.fix).toBe('aws organizations enable-policy-type --root-id r-ab12 --policy-type SERVICE_CONTROL_POLICY (from the management account)');

    allGood();
    orgs.on(DescribeOrganizationCommand).resolves({ Organization: { FeatureSet: 'CONSOLIDATED_BILLING', MasterAccountId: '111111111111' } });
    r = byId(await doctor(), 'scp-lockdowns');
    expect(r.detail).toContain('only consolidated billing features');
    expect(r.fix).toContain('enable-all-features');

    allGood();
    orgs.on(DescribeOrganizationCommand).resolves({ Organization: { FeatureSet: 'ALL', MasterAccountId: '999999999999' } });
    r = byId(await doctor(), 'scp-lockdowns');
    expect(r.detail).toContain('is neither the management account (999999999999) nor allowed by a delegation policy');
    expect(r.fix).toContain('put-resource-policy');
    // A delegation policy naming the hub account makes it pass.
    orgs.on(DescribeResourcePolicyCommand).resolves({ ResourcePolicy: { Content: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: ['organizations:AttachPolicy', 'organizations:DetachPolicy'] }] }) } });
    expect(byId(await doctor(), 'scp-lockdowns').status).toBe('pass');
  });

  it('the member role cannot be assumed in some accounts: each is named', async () => {
    sts.on(AssumeRoleCommand, { RoleArn: 'arn:aws:iam::333333333333:role/OrganizationAccountAccessRole' })
      .rejects(awsError('AccessDenied', 'User: arn:aws:sts::111111111111:assumed-role/admin/me is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::333333333333:role/OrganizationAccountAccessRole'));
    const results = await doctor();
    expect(failing(results)).toEqual(['member-role']);
    const r = byId(results, 'member-role');
    expect(r.detail).toContain('not assumable in 1 of 4 account(s): web-service (333333333333): AccessDenied: User: arn:aws:sts::111111111111');
    expect(r.fix).toContain('create the role OrganizationAccountAccessRole trusting the payer account 111111111111');
  });

  it('missing permissions are failures that say which permission, not crashes', async () => {
    ses.on(GetAccountCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform: ses:GetAccount'));
    cloudwatch.on(ListMetricsCommand).rejects(awsError('AccessDenied', 'not authorized to perform: cloudwatch:ListMetrics'));
    const results = await doctor();
    expect(failing(results)).toEqual(['ses-production-access', 'billing-alerts']);
    expect(byId(results, 'ses-production-access').fix).toContain('ses:GetAccount');
    expect(byId(results, 'billing-alerts').fix).toContain('cloudwatch:ListMetrics');
  });
});
