import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { parse } from 'node-html-parser';
import type { Catalog } from '../../../core/catalog/types';
import { notificationsTopicArn } from '../../../core/naming/resources';
import { stateKey } from '../../../core/storage/keys';
import { buildNotifierDeps } from '../../../functions/notifier/handler';
import { handleNotifierEvent } from '../../../functions/notifier/notify';
import { actionTaken, budgetThresholdCrossed, criticalStateChange, runtimeCrossed, tagReport } from '../../../scripts/email-samples';
import { shippedCatalog } from '../../support/catalog';
import { AnyStub, FakeTable } from '../evaluator/fake-table';
import { ENV, HUB } from '../evaluator/support';

let catalog: Catalog;
let ses: AnyStub;
let sns: AnyStub;
let table: FakeTable;

beforeAll(async () => { catalog = await shippedCatalog(); });
beforeEach(() => {
  ses = mockClient(SESv2Client) as unknown as AnyStub;
  sns = mockClient(SNSClient) as unknown as AnyStub;
  table = new FakeTable(mockClient(DynamoDBDocumentClient) as unknown as AnyStub);
  table.seedCatalog(catalog.org, catalog.accounts);
  ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
  sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
});
afterEach(() => { ses.restore(); sns.restore(); table.mock.restore(); });

const envelope = (detailType: string, detail: unknown, account = HUB) => ({
  version: '0', id: `ev-${detailType}`, 'detail-type': detailType, source: 'budget-guardrails', account,
  time: '2026-11-18T14:05:01Z', region: 'us-east-1', resources: [], detail,
});

const deps = () => buildNotifierDeps(ENV);
type SesInput = { FromEmailAddress: string; Destination: { ToAddresses: string[] }; ConfigurationSetName: string; Content: { Simple: { Subject: { Data: string }; Body: { Html: { Data: string }; Text: { Data: string } } } } };
type SnsInput = { TopicArn: string; Subject: string; Message: string; MessageAttributes?: Record<string, { DataType: string; StringValue: string }> };
const sent = () => ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input as SesInput);
const posts = () => sns.commandCalls(PublishCommand).map((c) => c.args[0].input as SnsInput);

describe('notifier', () => {
  it('emails the owners (HTML + text) through SES and posts a short message on the org-wide topic, the account in its attributes', async () => {
    const result = await handleNotifierEvent(envelope('Budget State Changed', criticalStateChange), deps());

    expect(result).toMatchObject({ status: 'sent', to: ['ml-lead@example.com', 'data-science-team@example.com'] });
    const [mail] = sent();
    expect(mail).toMatchObject({
      FromEmailAddress: 'budget-guardrails@example.com',
      Destination: { ToAddresses: ['ml-lead@example.com', 'data-science-team@example.com'] },
      ConfigurationSetName: 'budget-guardrails',
    });
    expect(mail.Content.Simple.Subject.Data).toBe('[budget-guardrails] data-science is CRITICAL: $5,612 of $5,000 (112%), forecast $7,100');
    expect(parse(mail.Content.Simple.Body.Html.Data).querySelector('[data-role=badge]')?.text.trim()).toBe('CRITICAL');
    expect(mail.Content.Simple.Body.Text.Data).toContain('State: Over → Critical');

    const [post] = posts();
    expect(post.TopicArn).toBe(notificationsTopicArn(catalog.org));
    expect(post.MessageAttributes).toEqual({
      accountId: { DataType: 'String', StringValue: '222222222222' },
      accountName: { DataType: 'String', StringValue: 'data-science' },
      detailType: { DataType: 'String', StringValue: 'Budget State Changed' },
    });
    expect(post.Subject).toBe(mail.Content.Simple.Subject.Data);
    expect(post.Subject.length).toBeLessThanOrEqual(100);
    expect(post.Message.split('\n').length).toBeLessThanOrEqual(6);
    expect(post.Message).toContain('State: Over -> Critical (2026-11)');
  });

  it('adds the recorded spend to an action email', async () => {
    const k = stateKey(actionTaken.accountId, actionTaken.month);
    table.put({ ...k, state: 'critical', floor: 'unknown', actualUsd: 5612.4, forecastUsd: 7100.25, targetUsd: 5000, reason: 'x', evaluatedAt: 'x', changedAt: 'x', version: 1, published: true });
    await handleNotifierEvent(envelope('Guardrail Action Taken', actionTaken), deps());
    const html = parse(sent()[0].Content.Simple.Body.Html.Data);
    expect(html.querySelector('[data-role=bar-caption]')?.text).toBe('Spend $5,612 of $5,000 target (112%)');
  });

  it.each([
    ['Runtime Threshold Crossed', runtimeCrossed, 'data-science'],
    ['Tag Policy Report', tagReport, 'sandbox'],
    ['Budget Threshold Crossed', budgetThresholdCrossed, 'data-science'],
  ])('handles %s', async (type, detail, name) => {
    await handleNotifierEvent(envelope(type, detail), deps());
    expect(sent()).toHaveLength(1);
    expect(posts()[0].TopicArn).toBe(notificationsTopicArn(catalog.org));
    expect(posts()[0].MessageAttributes?.accountName.StringValue).toBe(name);
  });

  it('stays quiet when the first evaluation of the month lands below Over', async () => {
    const result = await handleNotifierEvent(envelope('Budget State Changed', { ...criticalStateChange, previousState: 'unknown', state: 'under', actualUsd: 100, forecastUsd: 900 }), deps());
    expect(result.status).toBe('quiet');
    expect(sent()).toHaveLength(0);
    expect(posts()).toHaveLength(0);
  });

  it('keeps every accepted event in the audit trail, quiet ones too, once per event id', async () => {
    const audit = () => [...table.items.values()].filter((i) => String(i.pk).startsWith('AUDIT#'));
    const event = envelope('Budget State Changed', criticalStateChange);
    await handleNotifierEvent(event, deps());
    await handleNotifierEvent(event, deps());
    await handleNotifierEvent(envelope('Tag Policy Report', { ...tagReport, violations: [], actions: [], errors: [] }), deps());
    await handleNotifierEvent(envelope('Budget State Changed', { ...criticalStateChange, accountId: '999999999999' }), deps());
    const items = audit();
    expect(items.map((i) => [i.pk, i.detailType]).sort()).toEqual([
      [`AUDIT#${criticalStateChange.accountId}`, 'Budget State Changed'],
      [`AUDIT#${tagReport.accountId}`, 'Tag Policy Report'],
    ]);
    const state = items.find((i) => i.detailType === 'Budget State Changed')!;
    expect(state.sk).toBe(`${new Date(criticalStateChange.at).toISOString()}#${event.id}`);
    expect(JSON.parse(state.detail as string)).toEqual(criticalStateChange);
    expect(state.expiresAt).toBe(Math.floor(Date.parse(criticalStateChange.at) / 1000) + 400 * 86_400);
  });

  it.each([
    ['Tag Policy Report', { ...tagReport, violations: [], actions: [], errors: [] }],
    ['Guardrail Action Taken', { ...actionTaken, actions: [] }],
  ])('stays quiet on an empty %s', async (type, detail) => {
    expect((await handleNotifierEvent(envelope(type, detail), deps())).status).toBe('quiet');
    expect(sent()).toHaveLength(0);
    expect(posts()).toHaveLength(0);
  });

  it.each([
    ['put by a member account', envelope('Budget State Changed', criticalStateChange, '222222222222'), /put by account 222222222222, not the hub/],
    ['for an account not in the catalog', envelope('Budget State Changed', { ...criticalStateChange, accountId: '999999999999' }), /account 999999999999 is not in the catalog/],
    ['naming the account wrongly', envelope('Budget State Changed', { ...criticalStateChange, accountName: 'analytics' }), /is "data-science" in the catalog, not "analytics"/],
    ['with an invalid detail', envelope('Budget State Changed', { ...criticalStateChange, state: 'melting' }), /invalid detail: state/],
    ['of an unexpected type', envelope('Something Else', {}), /unexpected detail-type "Something Else"/],
  ])('rejects an event %s and reports it to ops', async (_what, event, why) => {
    const result = await handleNotifierEvent(event, deps());
    expect(result.status).toBe('rejected');
    expect(sent()).toHaveLength(0);
    const [ops] = posts();
    expect(posts()).toHaveLength(1);
    expect(ops.TopicArn).toBe(ENV.GUARDRAILS_OPS_TOPIC_ARN);
    expect((JSON.parse(ops.Message) as { why: string }).why).toMatch(why);
  });

  it('rejects a ~240 KB event a member put on the hub bus, reporting it to ops within SNS\'s 256 KB message limit', async () => {
    // SNS rejects a Publish over 262,144 bytes (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html).
    sns.on(PublishCommand).callsFake((input: SnsInput) => {
      if (Buffer.byteLength(input.Message, 'utf8') > 262_144) throw Object.assign(new Error('Invalid parameter: Message too long'), { name: 'InvalidParameterException' });
      return { MessageId: 'sns-2' };
    });
    const padding = 'x'.repeat(240 * 1024);
    const big = envelope('Guardrail Action Taken', { ...actionTaken, accountName: padding }, '222222222222');
    const result = await handleNotifierEvent(big, deps());
    expect(result.status).toBe('rejected');
    const report = sns.commandCalls(PublishCommand).map((c) => c.args[0].input as SnsInput).pop()!;
    expect(Buffer.byteLength(report.Message, 'utf8')).toBeLessThan(262_144);
    expect(report.Message).toContain('sizeBytes');
  });

  it('still posts on SNS when SES fails, then reports and fails for a retry', async () => {
    ses.on(SendEmailCommand).rejects(Object.assign(new Error('Email address is not verified'), { name: 'MessageRejected' }));
    await expect(handleNotifierEvent(envelope('Budget State Changed', criticalStateChange), deps())).rejects.toThrow(/SES email: Email address is not verified/);
    expect(posts().map((p) => p.TopicArn)).toEqual([notificationsTopicArn(catalog.org), ENV.GUARDRAILS_OPS_TOPIC_ARN]);
  });

  it('mails an account with more owners than SES takes in one message (50) in batches, each owner once', async () => {
    const owners = Array.from({ length: 120 }, (_, i) => `owner${i}@example.com`);
    const many = { ...catalog, accounts: catalog.accounts.map((a) => (a.name === 'data-science' ? { ...a, owners: [...owners, owners[0]] } : a)) };
    table.seedCatalog(many.org, many.accounts);
    const result = await handleNotifierEvent(envelope('Budget State Changed', criticalStateChange), deps());
    const batches = sent().map((m) => m.Destination.ToAddresses);
    expect(batches.map((b) => b.length)).toEqual([50, 50, 20]);
    expect(batches.flat().sort()).toEqual([...owners].sort());
    expect(result).toMatchObject({ status: 'sent', messageId: 'ses-1,ses-1,ses-1' });
    expect(posts()).toHaveLength(1);
  });
});

describe('fitSnsMessage', () => {
  it('cuts a message over SNS\'s 262,144-byte limit on a UTF-8 character boundary, saying so', () => {
    const { fitSnsMessage, SNS_MAX_MESSAGE_BYTES } = jest.requireActual('../../../functions/aws/sns') as typeof import('../../../functions/aws/sns');
    const fitted = fitSnsMessage('é'.repeat(200_000));
    expect(Buffer.byteLength(fitted, 'utf8')).toBeLessThanOrEqual(SNS_MAX_MESSAGE_BYTES);
    expect(fitted).toMatch(/^é+\n\[\.\.\. cut to fit SNS's 256 KB message limit\]$/);
    expect(fitSnsMessage('short')).toBe('short');
  });
});
