/**
 * The notifier's core: validate a hub event, build its notification from the account's policy,
 * send the HTML + text email to the owners (SES, in batches of 50) and a short message on the
 * org-wide notifications topic, with the account in message attributes.
 */
import { severity } from '../../core/budget/state';
import type { AccountPolicy, OrgSettings } from '../../core/catalog/types';
import { DETAIL_SCHEMAS, DETAIL_TYPES, EVENT_SOURCE, envelopeSchema } from '../../core/events/schemas';
import { NOTIFICATION_ATTRIBUTES, notificationsTopicArn } from '../../core/naming/resources';
import type { GuardrailHoldChanged } from '../../core/events/schemas';
import { ApprovalLinks, NotifierEvent, Notification, NotifyContext, SpendSnapshot, buildNotification } from '../../core/notify';
import type { AuditLog } from '../aws/audit-log';
import type { OutgoingEmail } from '../aws/ses';
import { renderEmail, renderShort } from './render';
import { ChatContext, snsJsonMessage } from '../../core/notify/chat';

export interface NotifierDeps {
  readonly catalog: { account(accountId: string): Promise<AccountPolicy | undefined>; org(): Promise<OrgSettings> };
  readonly spend: (accountId: string, month: string) => Promise<SpendSnapshot | undefined>;
  readonly email: { send(email: OutgoingEmail): Promise<string | undefined> };
  readonly topics: { publish(topicArn: string, subject: string, message: string, attributes?: Readonly<Record<string, string>>, structure?: 'json'): Promise<void> };
  readonly ops: { report(subject: string, details: Record<string, unknown>): Promise<void> };
  /** Every accepted guardrail event is kept in the audit trail, quiet ones included. */
  readonly audit: Pick<AuditLog, 'record'>;
  readonly hubAccountId: string;
  /** Signs the Approve / Postpone links of a request for approval (KMS GenerateMac). */
  readonly approvalLinks: (hold: GuardrailHoldChanged) => Promise<ApprovalLinks>;
}

export type NotifyResult =
  | { readonly status: 'rejected'; readonly why: string }
  | { readonly status: 'quiet'; readonly why: string }
  | { readonly status: 'sent'; readonly subject: string; readonly to: readonly string[]; readonly topicArn: string; readonly messageId?: string };

const issues = (error: { issues: { path: PropertyKey[]; message: string }[] }) =>
  error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');

type Parsed = { ok: true; event: NotifierEvent; id: string; time: string } | { ok: false; why: string };

export function parseNotifierEvent(raw: unknown, hubAccountId: string): Parsed {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) return { ok: false, why: `not an EventBridge event: ${issues(envelope.error)}` };
  const e = envelope.data;
  if (e.source !== EVENT_SOURCE) return { ok: false, why: `source "${e.source}" is not ${EVENT_SOURCE}` };
  // Member accounts may put events on the hub bus; only the hub's functions speak for the guardrail.
  if (e.account !== hubAccountId) return { ok: false, why: `"${e['detail-type']}" put by account ${e.account}, not the hub ${hubAccountId}` };
  const type = e['detail-type'];
  if (!(type in DETAIL_SCHEMAS)) return { ok: false, why: `unexpected detail-type "${type}"` };
  const schema = DETAIL_SCHEMAS[type as keyof typeof DETAIL_SCHEMAS];
  const detail = schema.safeParse(e.detail);
  if (!detail.success) return { ok: false, why: `"${type}" with an invalid detail: ${issues(detail.error)}` };
  return { ok: true, event: { type, detail: detail.data } as NotifierEvent, id: e.id, time: e.time };
}

/**
 * What is not news: the first evaluation of a month below Over (every account leaves Unknown
 * then), and an hourly tag report or an action report with nothing in it. Everything else is sent.
 */
export function isQuiet(event: NotifierEvent): boolean {
  switch (event.type) {
    case DETAIL_TYPES.budgetStateChanged:
      return event.detail.previousState === 'unknown' && severity(event.detail.state) < severity('over');
    case DETAIL_TYPES.tagPolicyReport:
      return event.detail.violations.length === 0 && event.detail.actions.length === 0 && (event.detail.errors ?? []).length === 0;
    case DETAIL_TYPES.guardrailActionTaken:
      return event.detail.actions.length === 0;
    default:
      return false;
  }
}

export async function handleNotifierEvent(raw: unknown, deps: NotifierDeps): Promise<NotifyResult> {
  const parsed = parseNotifierEvent(raw, deps.hubAccountId);
  if (!parsed.ok) return reject(parsed.why, raw, deps);
  const { event } = parsed;
  const policy = await deps.catalog.account(event.detail.accountId);
  if (!policy) return reject(`account ${event.detail.accountId} is not in the catalog`, raw, deps);
  if (policy.name !== event.detail.accountName) {
    return reject(`account ${policy.id} is "${policy.name}" in the catalog, not "${event.detail.accountName}"`, raw, deps);
  }
  await deps.audit.record({ accountId: policy.id, eventId: parsed.id, at: auditTime(event, parsed.time), detailType: event.type, detail: event.detail });
  if (isQuiet(event)) return { status: 'quiet', why: 'nothing to tell the owners' };

  const org = await deps.catalog.org();
  const spend = event.type === DETAIL_TYPES.guardrailActionTaken ? await deps.spend(policy.id, event.detail.month) : undefined;
  const approvalLinks = event.type === DETAIL_TYPES.guardrailHoldChanged && event.detail.change === 'pending' && event.detail.approval
    ? await deps.approvalLinks(event.detail) : undefined;
  const ctx: NotifyContext = { policy, org: { opsEmails: org.opsEmails, evaluationSchedule: org.evaluationSchedule }, spend, approvalLinks };
  const notification = buildNotification(event, ctx);
  // Ops hear about break-glass exemptions too.
  const cc = event.type === DETAIL_TYPES.guardrailExemptionChanged ? org.opsEmails : [];
  return deliver(notification, { detailType: event.type, eventId: parsed.id, month: (event.detail as { month?: string }).month }, policy, org, deps, cc);
}

async function deliver(n: Notification, chat: ChatContext, policy: AccountPolicy, org: OrgSettings, deps: NotifierDeps, cc: readonly string[] = []): Promise<NotifyResult> {
  const to = [...new Set([...policy.owners, ...cc])];
  const rendered = renderEmail(n);
  const topicArn = notificationsTopicArn(org);
  const attributes = {
    [NOTIFICATION_ATTRIBUTES.accountId]: policy.id,
    [NOTIFICATION_ATTRIBUTES.accountName]: policy.name,
    [NOTIFICATION_ATTRIBUTES.detailType]: chat.detailType,
  };
  // Email and SNS are independent: one failing does not hold back the other.
  const [mail, sns] = await Promise.allSettled([
    deps.email.send({ to, subject: rendered.subject, html: rendered.html, text: rendered.text }),
    // With a chat channel the message is a Chatbot custom notification (plain text for email subscribers).
    org.chat
      ? deps.topics.publish(topicArn, n.subject, snsJsonMessage(n, renderShort(n), chat), attributes, 'json')
      : deps.topics.publish(topicArn, n.subject, renderShort(n), attributes),
  ]);
  const failures = [mail, sns].flatMap((r, i) => (r.status === 'rejected' ? [`${i === 0 ? 'SES email' : 'SNS message'}: ${String((r.reason as Error)?.message ?? r.reason)}`] : []));
  if (failures.length > 0) {
    await deps.ops.report('notifier could not deliver a notification', { subject: n.subject, failures });
    throw new Error(`notification "${n.subject}" not fully delivered: ${failures.join('; ')}`);
  }
  return { status: 'sent', subject: n.subject, to, topicArn, messageId: mail.status === 'fulfilled' ? mail.value : undefined };
}

/** When it happened: the event's own `at`, else EventBridge's time. */
const auditTime = (event: NotifierEvent, envelopeTime: string) => {
  const at = (event.detail as { at?: string }).at ?? envelopeTime;
  return new Date(at).toISOString();
};

/** How much of a rejected event the ops report quotes: enough to identify it, never the whole of a 256 KB event. */
export const REJECTED_EVENT_EXCERPT_CHARS = 4_096;

async function reject(why: string, raw: unknown, deps: NotifierDeps): Promise<NotifyResult> {
  await deps.ops.report('notifier rejected an event', { why, event: excerptOf(raw) });
  return { status: 'rejected', why };
}

/** The event itself when small; otherwise its envelope fields, its size and the start of its JSON. */
function excerptOf(raw: unknown): unknown {
  const json = JSON.stringify(raw) ?? String(raw);
  if (json.length <= REJECTED_EVENT_EXCERPT_CHARS) return raw;
  const e = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  return {
    id: e.id, source: e.source, 'detail-type': e['detail-type'], account: e.account, time: e.time,
    sizeBytes: Buffer.byteLength(json, 'utf8'),
    excerpt: `${json.slice(0, REJECTED_EVENT_EXCERPT_CHARS)}…`,
  };
}
