/** HTML + plain-text email through SES v2, from the org's sender, tracked by the guardrail's configuration set. */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';

export const SES_CONFIGURATION_SET = 'budget-guardrails';

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

  async send(email: OutgoingEmail): Promise<string | undefined> {
    if (email.to.length === 0) throw new Error('email has no recipients; set owners in the account file');
    const out = await this.client.send(new SendEmailCommand({
      FromEmailAddress: this.from,
      Destination: { ToAddresses: [...email.to] },
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
