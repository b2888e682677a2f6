/**
 * `chat` in accounts/org.ts: guardrail notices in a Slack channel or a Microsoft Teams channel through
 * AWS Chatbot (Amazon Q Developer in chat applications), subscribed to the hub topics. The workspace or
 * team must first be authorized once in the Chatbot console; these ids come from there. Patterns are
 * the Chatbot API's (CreateSlackChannelConfiguration, CreateMicrosoftTeamsChannelConfiguration).
 */
import { z } from 'zod';

/** The regions that serve the Chatbot API; its configurations live there whatever the hub region. */
export const CHATBOT_REGIONS = ['us-east-2', 'us-west-2', 'eu-west-1', 'ap-southeast-1'] as const;
export type ChatbotRegion = (typeof CHATBOT_REGIONS)[number];
/** The hub topics a channel can follow. */
export const CHAT_TOPICS = ['notifications', 'ops'] as const;
export type ChatTopic = (typeof CHAT_TOPICS)[number];

const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

export const chatSchema = z.strictObject({
  slack: z.strictObject({
    workspaceId: z.string().regex(/^[0-9A-Z]{1,255}$/, { error: 'must be the Slack workspace id the Chatbot console shows after authorizing the workspace, e.g. "T07EA123LEP"' }),
    channelId: z.string().regex(/^[A-Za-z0-9]+$/, { error: 'must be the Slack channel id (the end of the channel link), e.g. "C07EZ1ABC23"; for a private channel, invite @Amazon Q first' }),
  }).optional(),
  teams: z.strictObject({
    tenantId: z.string().regex(UUID, { error: 'must be the Microsoft Entra tenant id (a UUID) the Chatbot console shows after configuring the team' }),
    teamId: z.string().regex(UUID, { error: 'must be the Microsoft Teams team id (a UUID) the Chatbot console shows' }),
    channelId: z.string().regex(/^([a-zA-Z0-9-_=+/.,])*%3[aA]([a-zA-Z0-9-_=+/.,])*%40([a-zA-Z0-9-_=+/.,])*$/, {
      error: 'must be the URL-encoded Teams channel id from the channel link, e.g. "19%3ab6ef35dc342d4b6c@thread.tacv2" written as "19%3ab6ef35dc342d4b6c%40thread.tacv2"',
    }),
  }).optional(),
  region: z.enum(CHATBOT_REGIONS, { error: `must be a region that serves the Chatbot API: ${CHATBOT_REGIONS.join(', ')}` }).optional(),
  topics: z.array(z.enum(CHAT_TOPICS, { error: 'must be "notifications" (every owner notice) or "ops" (what the guardrail refused or could not do)' }))
    .min(1, { error: 'name at least one topic, or remove chat' }).optional(),
}).refine((c) => c.slack !== undefined || c.teams !== undefined, { error: 'give slack: { workspaceId, channelId } or teams: { tenantId, teamId, channelId }' });

export interface ChatSettings {
  readonly slack: { readonly workspaceId: string; readonly channelId: string } | null;
  readonly teams: { readonly tenantId: string; readonly teamId: string; readonly channelId: string } | null;
  /** Where the Chatbot configurations are created. */
  readonly region: ChatbotRegion;
  readonly topics: readonly ChatTopic[];
}

export const DEFAULT_CHAT_REGION: ChatbotRegion = 'us-east-2';

export function resolveChat(input: z.output<typeof chatSchema> | undefined, hubRegion: string): ChatSettings | null {
  if (!input) return null;
  const hubServes = (CHATBOT_REGIONS as readonly string[]).includes(hubRegion);
  return {
    slack: input.slack ?? null,
    teams: input.teams ?? null,
    region: input.region ?? (hubServes ? hubRegion as ChatbotRegion : DEFAULT_CHAT_REGION),
    topics: [...new Set(input.topics ?? CHAT_TOPICS)],
  };
}
