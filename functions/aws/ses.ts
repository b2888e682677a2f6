/** HTML + plain-text email through SES v2, from the org's sender, tracked by the guardrail's configuration set. */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';

export const SES_CONFIGURATION_SET = 'budget-guardrails';

/**
 * SES refuses a message with more than 50 recipients across To, CC and BCC
 * (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendEmail.html).
 */
export const SES_MAX_RECIPIENTS = 50;

/** The recipients in groups of at most SES_MAX_RECIPIENTS, each address once. */
export function recipientBatches(to: readonly string[], size = SES_MAX_RECIPIENTS): string[][] {
  const unique = [...new Set(to)];
  const batches: string[][] = [];
  for (let i = 0; i < unique.length; i += size) batches.push(unique.slice(i, i + size));
  return batches;
}

export interface OutgoingEmail {
  readonly to: readonly string[];
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

export class EmailSender {
  constructor(
    private readonly client: SESv2Client,
    private readonly from: string,
    private readonly configurationSet: string = SES_CONFIGURATION_SET,
  ) {}

  /** One message per batch of at most 50 recipients; returns the message ids joined by ",". */
  async send(email: OutgoingEmail): Promise<string | undefined> {
    if (email.to.length === 0) throw new Error('email has no recipients; set owners in the account file');
    const ids: string[] = [];
    for (const batch of recipientBatches(email.to)) {
      const id = await this.sendOne(email, batch);
      if (id) ids.push(id);
    }
    return ids.length > 0 ? ids.join(',') : undefined;
  }

  private async sendOne(email: OutgoingEmail, to: readonly string[]): Promise<string | undefined> {
    const out = await this.client.send(new SendEmailCommand({
      FromEmailAddress: this.from,
      Destination: { ToAddresses: [...to] },
      ConfigurationSetName: this.configurationSet,
      Content: {
        Simple: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: { Html: { Data: email.html, Charset: 'UTF-8' }, Text: { Data: email.text, Charset: 'UTF-8' } },
        },
      },
    }));
    return out.MessageId;
  }
}
