/**
 * With `chat` in org.ts the notifier publishes on the org-wide topic with MessageStructure "json": the
 * default message is an AWS Chatbot custom notification (Chatbot drops anything else), email
 * subscribers keep the plain text. Without chat the message stays plain text.
 */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { Catalog } from '../../../core/catalog/types';
import { buildNotifierDeps } from '../../../functions/notifier/handler';
import { handleNotifierEvent } from '../../../functions/notifier/notify';
import { checkModeStateChange, criticalStateChange } from '../../../scripts/email-samples';
import { shippedCatalog } from '../../support/catalog';
import { AnyStub, FakeTable } from '../evaluator/fake-table';
import { ENV, HUB } from '../evaluator/support';

let catalog: Catalog;
let sns: AnyStub;
let ses: AnyStub;
let table: FakeTable;
type SnsInput = { TopicArn: string; Subject: string; Message: string; MessageStructure?: string };

beforeAll(async () => { catalog = await shippedCatalog(); });
afterEach(() => { ses.restore(); sns.restore(); table.mock.restore(); });

function setUp(chat: Catalog['org']['chat']) {
  ses = mockClient(SESv2Client) as unknown as AnyStub;
  sns = mockClient(SNSClient) as unknown as AnyStub;
  table = new FakeTable(mockClient(DynamoDBDocumentClient) as unknown as AnyStub);
  table.seedCatalog({ ...catalog.org, chat }, catalog.accounts);
  ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
  sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
}

const envelope = (detail: unknown) => ({
  version: '0', id: 'ev-123', 'detail-type': 'Budget State Changed', source: 'budget-guardrails', account: HUB,
  time: '2026-11-18T14:05:01Z', region: 'us-east-1', resources: [], detail,
});
const posts = () => sns.commandCalls(PublishCommand).map((c) => c.args[0].input as SnsInput);

describe('notifier messages for chat', () => {
  it('with chat: a Chatbot custom notification by default and the short text for email', async () => {
    setUp({ slack: { workspaceId: 'T07EA123LEP', channelId: 'C07EZ1ABC23' }, teams: null, region: 'us-east-2', topics: ['notifications', 'ops'] });
    await handleNotifierEvent(envelope(criticalStateChange), buildNotifierDeps(ENV));
    const [post] = posts();
    expect(post.MessageStructure).toBe('json');
    const message = JSON.parse(post.Message);
    expect(message.email).toContain('State: Over -> Critical (2026-11)');
    const chat = JSON.parse(message.default);
    expect(chat).toMatchObject({
      version: '1.0', source: 'custom', id: 'ev-123',
      content: { textType: 'client-markdown', title: 'data-science is CRITICAL: $5,612 of $5,000 (112%), forecast $7,100' },
      metadata: { threadId: '222222222222-2026-11', eventType: 'Budget State Changed' },
    });
  });

  it('check mode is marked in the chat title', async () => {
    setUp({ slack: null, teams: { tenantId: '1b2c3d4e-5f60-4718-9a0b-c1d2e3f40516', teamId: '74361522-da01-538d-aa2e-ac7918c6bb92', channelId: '19%3ax%40thread.tacv2' }, region: 'us-east-2', topics: ['notifications'] });
    await handleNotifierEvent(envelope(checkModeStateChange), buildNotifierDeps(ENV));
    expect(JSON.parse(JSON.parse(posts()[0].Message).default).content.title.startsWith('[check mode] analytics is OVER')).toBe(true);
  });

  it('without chat: plain text, as before', async () => {
    setUp(null);
    await handleNotifierEvent(envelope(criticalStateChange), buildNotifierDeps(ENV));
    const [post] = posts();
    expect(post.MessageStructure).toBeUndefined();
    expect(post.Message).toContain('State: Over -> Critical (2026-11)');
  });
});
