/**
 * The notifier's emails for people in the loop: a request for approval carries Approve and
 * Postpone 24 h links whose tokens KMS verifies and that name the hold; exemptions reach ops too.
 */
import { KMSClient } from '@aws-sdk/client-kms';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { parse } from 'node-html-parser';
import type { Catalog } from '../../../core/catalog/types';
import { APPROVAL_LINK_HOURS } from '../../../core/gate/approval-token';
import { ApprovalMac } from '../../../functions/aws/approval-mac';
import { buildNotifierDeps } from '../../../functions/notifier/handler';
import { handleNotifierEvent } from '../../../functions/notifier/notify';
import { approvalPending, exemptionStarted, gracePending, holdCancelled } from '../../../scripts/email-samples';
import { shippedCatalog } from '../../support/catalog';
import { fakeKms } from '../approvals/fake-kms';
import { AnyStub, FakeTable } from '../evaluator/fake-table';
import { ENV, HUB } from '../evaluator/support';

let catalog: Catalog;
let ses: AnyStub;
let sns: AnyStub;
let table: FakeTable;
let kms: ReturnType<typeof fakeKms>;

beforeAll(async () => { catalog = await shippedCatalog(); });
beforeEach(() => {
  ses = mockClient(SESv2Client) as unknown as AnyStub;
  sns = mockClient(SNSClient) as unknown as AnyStub;
  kms = fakeKms({ 'alias/budget-guardrails-approvals': 'hub-secret' });
  table = new FakeTable(mockClient(DynamoDBDocumentClient) as unknown as AnyStub);
  table.seedCatalog(catalog.org, catalog.accounts);
  ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
  sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
});
afterEach(() => { ses.restore(); sns.restore(); kms.restore(); table.mock.restore(); });

const envelope = (detailType: string, detail: unknown) => ({
  version: '0', id: `ev-${detailType}`, 'detail-type': detailType, source: 'budget-guardrails', account: HUB,
  time: '2026-11-18T14:05:01Z', region: 'us-east-1', resources: [], detail,
});
type SesInput = { Destination: { ToAddresses: string[] }; Content: { Simple: { Subject: { Data: string }; Body: { Html: { Data: string }; Text: { Data: string } } } } };
const sent = () => ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input as SesInput);

it('a request for approval carries Approve and Postpone 24 h links to the endpoint, each with its own valid, expiring token naming the hold', async () => {
  const before = Date.now();
  const result = await handleNotifierEvent(envelope('Guardrail Hold Changed', approvalPending), buildNotifierDeps(ENV));
  expect(result).toMatchObject({ status: 'sent', to: ['web-oncall@example.com'] });
  const [mail] = sent();
  const links = parse(mail.Content.Simple.Body.Html.Data).querySelectorAll('[data-role=links] a');
  expect(links.map((a) => a.text)).toEqual(['Approve', 'Postpone 24 h']);
  const verifier = new ApprovalMac(new KMSClient({ region: 'us-east-1' }), 'alias/budget-guardrails-approvals');
  const claims = [];
  for (const a of links) {
    const url = new URL(a.getAttribute('href')!);
    expect(`${url.origin}${url.pathname}`).toBe('https://k3x7q2m9v4.lambda-url.us-east-1.on.aws/');
    const verified = await verifier.verify(url.searchParams.get('t')!);
    expect(verified.ok).toBe(true);
    if (verified.ok) claims.push(verified.claims);
    expect(mail.Content.Simple.Body.Text.Data).toContain(a.getAttribute('href')!);
  }
  expect(claims.map((c) => [c.a, c.m, c.s, c.h, c.d])).toEqual([
    ['333333333333', '2026-11', 'shutdown', approvalPending.holdId, 'approve'],
    ['333333333333', '2026-11', 'shutdown', approvalPending.holdId, 'postpone'],
  ]);
  expect(claims[0].n).not.toBe(claims[1].n);
  expect(claims[0].e * 1000).toBeGreaterThanOrEqual(before + APPROVAL_LINK_HOURS * 3_600_000 - 1000);
});

it('a grace period says when and how to prevent it, with no links; a cancellation says it was called off', async () => {
  await handleNotifierEvent(envelope('Guardrail Hold Changed', gracePending), buildNotifierDeps(ENV));
  await handleNotifierEvent(envelope('Guardrail Hold Changed', holdCancelled), buildNotifierDeps(ENV));
  const [grace, cancelled] = sent();
  expect(grace.Content.Simple.Subject.Data).toBe('[budget-guardrails] web-service: Shutdown actions run at 2026-11-18 15:05 UTC unless spend falls');
  expect(grace.Content.Simple.Body.Text.Data).toContain('How to prevent it');
  expect(grace.Content.Simple.Body.Text.Data).toContain('guardrails exempt --account web-service');
  expect(parse(grace.Content.Simple.Body.Html.Data).querySelector('[data-role=links]')).toBeNull();
  expect(cancelled.Content.Simple.Subject.Data).toBe('[budget-guardrails] web-service: Shutdown actions called off: the account is Critical now');
});

it('an exemption is sent to the owners and to ops', async () => {
  const result = await handleNotifierEvent(envelope('Guardrail Exemption Changed', exemptionStarted), buildNotifierDeps(ENV));
  expect(result).toMatchObject({ status: 'sent', to: ['web-oncall@example.com', ...catalog.org.opsEmails] });
  expect(catalog.org.opsEmails.length).toBeGreaterThan(0);
  expect(sent()[0].Content.Simple.Body.Text.Data).toContain('Restore Auto Scaling group sizes achampionship-webservice (us-east-1) [0/0/0 → 2/8/4]: done');
});
