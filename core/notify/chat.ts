/**
 * A notification as an AWS Chatbot (Amazon Q Developer in chat applications) custom notification.
 * Chatbot posts only messages it recognises: AWS service events, or this custom schema
 * (`{ version: "1.0", source: "custom", content: { textType: "client-markdown", title, description,
 * nextSteps, keywords }, metadata }`); a plain-text SNS message never reaches the channel. The SNS
 * publication therefore carries this JSON as its default message and the plain text for email
 * subscribers (MessageStructure "json").
 */
import type { Notification } from './model';

export interface ChatbotCustomNotification {
  readonly version: '1.0';
  readonly source: 'custom';
  readonly id: string;
  readonly content: {
    readonly textType: 'client-markdown';
    readonly title: string;
    readonly description: string;
    readonly nextSteps: readonly string[];
    readonly keywords: readonly string[];
  };
  readonly metadata: {
    /** Notices about one account in one month share a thread. */
    readonly threadId: string;
    readonly summary: string;
    readonly eventType: string;
    readonly additionalContext: Readonly<Record<string, string>>;
  };
}

/** Kept well inside what a chat message shows at once. */
export const CHAT_TITLE_MAX = 250;
export const CHAT_DESCRIPTION_MAX = 3000;
const NEXT_STEPS = 3;

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
/** Client markdown is Slack/Teams markdown: keep the facts from turning into formatting. */
const plain = (text: string) => text.replace(/([*_~`])/g, '\\$1');

export interface ChatContext {
  readonly detailType: string;
  /** Stable id of the event (the EventBridge event id), so a redelivery is recognisable. */
  readonly eventId: string;
  readonly month?: string;
}

export function chatbotNotification(n: Notification, ctx: ChatContext): ChatbotCustomNotification {
  const headline = n.subject.replace(/^\[budget-guardrails\]\s*/, '');
  const facts = n.facts.filter((f) => !['Account', 'Evaluated at', 'At'].includes(f.label)).map((f) => `*${f.label}:* ${plain(f.value)}`);
  const done = n.sections[0];
  const doneText = done
    ? [`*${plain(done.title)}*`, ...(done.items.length > 0 ? done.items.map((i) => `• ${plain(i)}`) : [plain(done.empty ?? 'nothing')])]
    : [];
  const unblock = n.sections.find((s) => /unblocked|stay clear/i.test(s.title));
  return {
    version: '1.0',
    source: 'custom',
    id: ctx.eventId,
    content: {
      textType: 'client-markdown',
      title: cut(`${n.dryRun ? '[check mode] ' : ''}${headline}`, CHAT_TITLE_MAX),
      description: cut([plain(n.title), plain(n.summary), '', ...facts, '', ...doneText].join('\n'), CHAT_DESCRIPTION_MAX),
      nextSteps: (unblock?.items ?? []).slice(0, NEXT_STEPS).map((s) => cut(plain(s), 500)),
      keywords: [n.accountName, n.badge.label, ...(n.dryRun ? ['check mode'] : [])],
    },
    metadata: {
      threadId: `${n.accountId}${ctx.month ? `-${ctx.month}` : ''}`,
      summary: cut(headline, CHAT_TITLE_MAX),
      eventType: ctx.detailType,
      additionalContext: { accountId: n.accountId, accountName: n.accountName },
    },
  };
}

/**
 * The SNS `Message` for MessageStructure "json": Chatbot (an HTTPS subscriber) and any other
 * non-email subscriber get the custom notification; email subscribers get the plain text.
 */
export function snsJsonMessage(n: Notification, text: string, ctx: ChatContext): string {
  const chat = JSON.stringify(chatbotNotification(n, ctx));
  return JSON.stringify({ default: chat, email: text, 'email-json': text });
}
