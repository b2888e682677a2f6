/**
 * Guardrail notices in chat: AWS Chatbot (Amazon Q Developer in chat applications) channel
 * configurations for the Slack channel and/or Microsoft Teams channel named in org.ts `chat`,
 * subscribed to the hub topics, with the IAM role Chatbot assumes.
 *
 * - The Chatbot API is served only from us-east-2, us-west-2, eu-west-1 and ap-southeast-1, so the
 *   configurations use a provider in `chat.region`; the topics may be in any region.
 * - The channel role may only read CloudWatch (AWS's "Notification permissions" template), and the
 *   channel guardrail is ReadOnlyAccess: without one, Chatbot applies AdministratorAccess to what
 *   channel members may run.
 */
import { ChatbotSlackChannelConfiguration } from '@cdktf/provider-aws/lib/chatbot-slack-channel-configuration';
import { ChatbotTeamsChannelConfiguration } from '@cdktf/provider-aws/lib/chatbot-teams-channel-configuration';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { CHATBOT_REGIONS, ChatSettings } from '../../core/catalog/chat';
import type { OrgSettings } from '../../core/catalog/types';
import { PolicyDocument, policyDocument } from '../../core/iam/policy';
import { PROJECT } from '../../core/naming/resources';

export const CHATBOT_ROLE_NAME = `${PROJECT}-chatbot`;
export const CHAT_CONFIGURATION_NAME = PROJECT;
/** What channel members may do through the bot, whatever the role allows. */
export const CHAT_GUARDRAIL_POLICY_ARNS = ['arn:aws:iam::aws:policy/ReadOnlyAccess'] as const;

export interface ChatNotificationsProps {
  readonly chat: ChatSettings;
  /** The topics the channel follows (the notifications and/or ops topic ARNs). */
  readonly topicArns: readonly string[];
  /**
   * A provider for the payer account in `chat.region` (a region that serves the Chatbot API).
   * @default the provider of the enclosing hub (valid only when `chat.region` is the hub region)
   */
  readonly provider?: AwsProvider;
}

/** Why the Chatbot configuration cannot be placed with this provider, or undefined. */
export function chatProviderProblem(org: OrgSettings, chatProvider: AwsProvider | undefined): string | undefined {
  const chat = org.chat;
  if (!chat) return undefined;
  const region = chatProvider ? chatProvider.region : org.hubRegion;
  if (region === chat.region || (region !== undefined && /\$\{/.test(region))) return undefined;
  return chatProvider
    ? `BillingHub: chatProvider deploys to ${region}, but accounts/org.ts: chat.region is ${chat.region}; give a provider for ${chat.region}`
    : `BillingHub: accounts/org.ts: chat is created in ${chat.region} (the Chatbot API is served only from ${CHATBOT_REGIONS.join(', ')}), `
      + `but the hub is in ${org.hubRegion}; pass chatProvider, a provider for the payer account in ${chat.region} (HubStack does this)`;
}

export const chatbotTrust = (): PolicyDocument => policyDocument([
  { Effect: 'Allow', Principal: { Service: 'chatbot.amazonaws.com' }, Action: 'sts:AssumeRole' },
]);

/** AWS Chatbot's "Notification permissions" policy template: read CloudWatch to render alarm notices. */
export const chatbotNotificationPermissions = (): PolicyDocument => policyDocument([
  { Sid: 'ReadAlarmsForNotices', Effect: 'Allow', Action: ['cloudwatch:Describe*', 'cloudwatch:Get*', 'cloudwatch:List*'], Resource: '*' },
]);

export class ChatNotifications extends Construct {
  readonly role: IamRole;
  readonly slack?: ChatbotSlackChannelConfiguration;
  readonly teams?: ChatbotTeamsChannelConfiguration;

  constructor(scope: Construct, id: string, props: ChatNotificationsProps) {
    super(scope, id);
    const { chat, provider } = props;
    if (props.topicArns.length === 0) throw new Error('ChatNotifications: give at least one topic ARN for the channel to follow');
    this.role = new IamRole(this, 'role', {
      provider,
      name: CHATBOT_ROLE_NAME,
      description: 'Assumed by AWS Chatbot to post budget-guardrails notices in chat',
      assumeRolePolicy: JSON.stringify(chatbotTrust()),
    });
    new IamRolePolicy(this, 'role-policy', {
      provider, role: this.role.name, name: 'notification-permissions', policy: JSON.stringify(chatbotNotificationPermissions()),
    });
    const common = {
      provider,
      configurationName: CHAT_CONFIGURATION_NAME,
      iamRoleArn: this.role.arn,
      snsTopicArns: [...props.topicArns],
      guardrailPolicyArns: [...CHAT_GUARDRAIL_POLICY_ARNS],
      loggingLevel: 'ERROR',
    };
    if (chat.slack) {
      this.slack = new ChatbotSlackChannelConfiguration(this, 'slack', {
        ...common, slackTeamId: chat.slack.workspaceId, slackChannelId: chat.slack.channelId,
      });
    }
    if (chat.teams) {
      this.teams = new ChatbotTeamsChannelConfiguration(this, 'teams', {
        ...common, tenantId: chat.teams.tenantId, teamId: chat.teams.teamId, channelId: chat.teams.channelId,
      });
    }
  }
}
