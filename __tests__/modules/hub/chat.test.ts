/**
 * Chat through AWS Chatbot from org.ts `chat`: validated with the Chatbot API's id patterns, synthesized
 * into the hub stack (role, channel configuration on the org-wide notifications and ops topics, a
 * provider in a region that serves the Chatbot API), accepted by `terraform validate` against the
 * hashicorp/aws 5.100.0 provider schema, and the notifier's message in Chatbot's custom format.
 */
import { TerraformStack, Testing } from 'cdktf';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { formatIssue } from '../../../core/catalog/errors';
import type { Catalog } from '../../../core/catalog/types';
import { validateCatalog } from '../../../core/catalog/validate';
import { notificationsTopicArn } from '../../../core/naming/resources';
import { buildApp } from '../../../modules/app';
import { BillingHub } from '../../../modules/hub/billing-hub';
import { CHATBOT_ROLE_NAME } from '../../../modules/hub/chat';
import { shippedCatalog } from '../../support/catalog';
import { requireTerraform, stackDir, synthApp, terraform } from '../../support/terraform';

type Block = Record<string, unknown>;
type Synth = { resource: Record<string, Record<string, Block>>; provider: { aws: Block[] } };

const SLACK = { workspaceId: 'T07EA123LEP', channelId: 'C07EZ1ABC23' };
const TEAMS = { tenantId: '1b2c3d4e-5f60-4718-9a0b-c1d2e3f40516', teamId: '74361522-da01-538d-aa2e-ac7918c6bb92', channelId: '19%3ab6ef35dc342d4b6c%40thread.tacv2' };

let shipped: Catalog;
beforeAll(async () => { shipped = await shippedCatalog(); });

/** The shipped catalog with `chat` in org.ts, through the real validator. */
async function withChat(chat: unknown, hubRegion = shipped.org.hubRegion): Promise<{ catalog?: Catalog; issues: string[] }> {
  const orgInput = { hubAccountId: shipped.org.hubAccountId, hubRegion, organizationId: shipped.org.organizationId, senderEmail: shipped.org.senderEmail, chat };
  const { catalog, issues } = await validateCatalog({ file: 'accounts/org.ts', name: 'org', value: orgInput }, []);
  return { catalog: catalog ? { ...catalog, accounts: shipped.accounts.map((a) => ({ ...a })) } : undefined, issues: issues.map(formatIssue) };
}

const hubSynth = (catalog: Catalog): Synth => JSON.parse(Testing.synth(buildApp(catalog, {}, Testing.app().outdir).hub));

describe('chat in org.ts', () => {
  it('refuses ids that are not what the Chatbot API accepts, naming the field and the fix', async () => {
    const bad = await withChat({ slack: { workspaceId: 'my-workspace', channelId: '#alerts' } });
    expect(bad.catalog).toBeUndefined();
    expect(bad.issues.join('\n')).toMatch(/accounts\/org\.ts: chat\.slack\.workspaceId: .*the Slack workspace id the Chatbot console shows/);
    expect(bad.issues.join('\n')).toMatch(/accounts\/org\.ts: chat\.slack\.channelId: .*Slack channel id/);
    const teams = await withChat({ teams: { ...TEAMS, channelId: '19:b6ef35dc342d4b6c@thread.tacv2' } });
    expect(teams.issues.join('\n')).toMatch(/chat\.teams\.channelId: .*URL-encoded Teams channel id/);
    expect((await withChat({ region: 'us-east-2' })).issues.join('\n')).toMatch(/chat: .*give slack: \{ workspaceId, channelId \} or teams/);
    expect((await withChat({ slack: SLACK, region: 'us-east-1' })).issues.join('\n')).toMatch(/chat\.region: .*us-east-2, us-west-2, eu-west-1, ap-southeast-1/);
  });

  it('defaults: both topics; us-east-2 for a hub in us-east-1, the hub region when it serves the Chatbot API', async () => {
    expect((await withChat({ slack: SLACK })).catalog?.org.chat).toEqual({ slack: SLACK, teams: null, region: 'us-east-2', topics: ['notifications', 'ops'] });
    expect((await withChat({ slack: SLACK }, 'eu-west-1')).catalog?.org.chat?.region).toBe('eu-west-1');
    expect(shipped.org.chat).toBeNull();
  });

  it('synthesizes a Slack configuration on both hub topics, with its role and a provider in us-east-2', async () => {
    const { catalog } = await withChat({ slack: SLACK });
    const json = hubSynth(catalog!);
    const chatProvider = json.provider.aws.find((p) => p.alias === 'chat');
    expect(chatProvider).toMatchObject({ region: 'us-east-2', allowed_account_ids: ['111111111111'] });
    const [[, slack]] = Object.entries(json.resource.aws_chatbot_slack_channel_configuration);
    expect(slack).toMatchObject({
      provider: 'aws.chat', configuration_name: 'budget-guardrails', slack_team_id: SLACK.workspaceId, slack_channel_id: SLACK.channelId,
      guardrail_policy_arns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], logging_level: 'ERROR',
    });
    const topics = Object.entries(json.resource.aws_sns_topic);
    const topicRef = (name: string) => `\${aws_sns_topic.${topics.find(([, t]) => t.name === name)![0]}.arn}`;
    expect(slack.sns_topic_arns).toEqual([topicRef('budget-guardrails-notifications'), topicRef('budget-guardrails-ops')]);
    const [roleId, role] = Object.entries(json.resource.aws_iam_role).find(([, r]) => r.name === CHATBOT_ROLE_NAME)!;
    expect(slack.iam_role_arn).toBe(`\${aws_iam_role.${roleId}.arn}`);
    expect(JSON.parse(String(role.assume_role_policy)).Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 'chatbot.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    const policy = Object.values(json.resource.aws_iam_role_policy).find((p) => p.name === 'notification-permissions')!;
    expect(JSON.parse(String(policy.policy)).Statement[0].Action).toEqual(['cloudwatch:Describe*', 'cloudwatch:Get*', 'cloudwatch:List*']);
    expect(json.resource.aws_chatbot_teams_channel_configuration).toBeUndefined();
  });

  it('Teams on the ops topic only; no chat, no Chatbot resource and no second provider', async () => {
    const { catalog } = await withChat({ teams: TEAMS, topics: ['ops'] }, 'us-west-2');
    const json = hubSynth(catalog!);
    const [[, teams]] = Object.entries(json.resource.aws_chatbot_teams_channel_configuration);
    expect(teams).toMatchObject({ tenant_id: TEAMS.tenantId, team_id: TEAMS.teamId, channel_id: TEAMS.channelId });
    expect(teams.provider).toBe('aws');
    expect(teams.sns_topic_arns).toHaveLength(1);
    expect(String((teams.sns_topic_arns as string[])[0])).toMatch(/^\$\{aws_sns_topic\.[^.]+\.arn\}$/);
    expect(json.provider.aws.map((p) => p.alias)).toEqual([undefined]);
    const plain = hubSynth(shipped);
    expect(plain.resource.aws_chatbot_slack_channel_configuration).toBeUndefined();
    expect(Object.values(plain.resource.aws_iam_role).map((r) => r.name)).not.toContain(CHATBOT_ROLE_NAME);
  });

  it('a composed BillingHub in a region without the Chatbot API needs a chatProvider, and says so', async () => {
    const { catalog } = await withChat({ slack: SLACK });
    const stack = new TerraformStack(Testing.app(), 'payer');
    expect(() => new BillingHub(stack, 'hub', { catalog: catalog! }))
      .toThrow('BillingHub: accounts/org.ts: chat is created in us-east-2 (the Chatbot API is served only from us-east-2, us-west-2, eu-west-1, ap-southeast-1), but the hub is in us-east-1; pass chatProvider');
  });

  it('terraform validate accepts the hub stack with Slack and Teams (hashicorp/aws 5.100.0 schema)', async () => {
    requireTerraform();
    const { catalog } = await withChat({ slack: SLACK, teams: TEAMS });
    const dir = stackDir(synthApp(catalog!, { planMode: 'offline-plan' }), 'hub');
    terraform(dir, 'init', '-input=false', '-backend=false');
    expect(terraform(dir, 'validate', '-no-color')).toContain('The configuration is valid');
    const json = JSON.parse(readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as Synth;
    expect(Object.keys(json.resource.aws_chatbot_slack_channel_configuration)).toHaveLength(1);
    expect(Object.keys(json.resource.aws_chatbot_teams_channel_configuration)).toHaveLength(1);
    expect(notificationsTopicArn(catalog!.org)).toBe('arn:aws:sns:us-east-1:111111111111:budget-guardrails-notifications');
  });
});
