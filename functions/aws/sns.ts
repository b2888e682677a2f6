/** Short messages on SNS topics (account topics and the ops topic). */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';

/** SNS subjects: at most 100 printable ASCII characters, no line breaks. */
export function snsSubject(text: string): string {
  const ascii = text.replace(/[^\x20-\x7e]/g, '?').replace(/\s+/g, ' ').trim();
  return ascii.length <= 100 ? ascii : `${ascii.slice(0, 97)}...`;
}

/**
 * SNS's maximum message size: 256 KB, 262,144 bytes of UTF-8
 * (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html). A larger Publish fails with
 * InvalidParameter, so a message is cut to fit, with a note saying so.
 */
export const SNS_MAX_MESSAGE_BYTES = 262_144;
const CUT_NOTE = '\n[... cut to fit SNS\'s 256 KB message limit]';

export function fitSnsMessage(message: string, maxBytes = SNS_MAX_MESSAGE_BYTES): string {
  if (Buffer.byteLength(message, 'utf8') <= maxBytes) return message;
  const room = maxBytes - Buffer.byteLength(CUT_NOTE, 'utf8');
  // Cut on a character boundary: decoding a byte prefix may end in a partial character.
  let cut = Buffer.from(message, 'utf8').subarray(0, room).toString('utf8');
  while (Buffer.byteLength(cut, 'utf8') > room) cut = cut.slice(0, -1);
  return `${cut.replace(/\uFFFD$/, '')}${CUT_NOTE}`;
}

export class TopicPublisher {
  constructor(private readonly client: SNSClient) {}

  /**
   * `attributes` become String message attributes, for subscription filter policies. With
   * `structure: 'json'` the message is a JSON object of one message per protocol (`default`
   * required), e.g. a chat notification by default and plain text for `email`.
   */
  async publish(topicArn: string, subject: string, message: string, attributes: Readonly<Record<string, string>> = {}, structure?: 'json'): Promise<void> {
    const entries = Object.entries(attributes);
    await this.client.send(new PublishCommand({
      TopicArn: topicArn,
      Subject: snsSubject(subject),
      // A JSON message (one per protocol) is built to fit by its sender; cutting it would break it.
      Message: structure ? message : fitSnsMessage(message),
      ...(structure ? { MessageStructure: structure } : {}),
      ...(entries.length > 0
        ? { MessageAttributes: Object.fromEntries(entries.map(([k, v]) => [k, { DataType: 'String', StringValue: v }])) }
        : {}),
    }));
  }
}

/** Reports what the guardrail refused or could not do to the platform team's ops topic. */
export class OpsReporter {
  constructor(private readonly topics: TopicPublisher, private readonly opsTopicArn: string) {}

  async report(subject: string, details: Record<string, unknown>): Promise<void> {
    await this.topics.publish(this.opsTopicArn, `[budget-guardrails] ${subject}`, JSON.stringify(details, null, 2));
  }
}
