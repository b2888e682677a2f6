/**
 * The chat form of every notification: AWS Chatbot's custom-notification schema (version "1.0",
 * source "custom", content.textType "client-markdown", title, description), carried as the default
 * message of an SNS MessageStructure "json" publication whose email message stays plain text. SNS
 * refuses messages over 256 KiB (262,144 bytes, Publish API).
 */
import type { Catalog } from '../../core/catalog/types';
import { buildNotification } from '../../core/notify';
import { CHAT_DESCRIPTION_MAX, CHAT_TITLE_MAX, chatbotNotification, snsJsonMessage } from '../../core/notify/chat';
import { renderShort } from '../../functions/notifier/render';
import { emailSamples } from '../../scripts/email-samples';
import { shippedCatalog } from '../support/catalog';

const SNS_MESSAGE_LIMIT = 262_144;
let catalog: Catalog;
beforeAll(async () => { catalog = await shippedCatalog(); });

describe('chat notifications (AWS Chatbot custom notifications)', () => {
  it('every email type has a chat form in the custom schema, and the SNS message carries both forms', () => {
    for (const sample of emailSamples(catalog)) {
      const n = buildNotification(sample.event, sample.ctx);
      const chat = chatbotNotification(n, { detailType: sample.event.type, eventId: 'e-1', month: '2026-11' });
      expect(chat).toMatchObject({ version: '1.0', source: 'custom', id: 'e-1', content: { textType: 'client-markdown' } });
      expect(chat.content.title.length).toBeGreaterThan(10);
      expect(chat.content.title.length).toBeLessThanOrEqual(CHAT_TITLE_MAX);
      expect(chat.content.description.length).toBeLessThanOrEqual(CHAT_DESCRIPTION_MAX);
      expect(chat.content.title).not.toContain('[budget-guardrails]');
      expect(chat.content.keywords).toContain(n.accountName);
      expect(chat.metadata).toMatchObject({ threadId: `${n.accountId}-2026-11`, eventType: sample.event.type });
      if (n.dryRun) expect(chat.content.title.startsWith('[check mode] ')).toBe(true);

      const message = snsJsonMessage(n, renderShort(n), { detailType: sample.event.type, eventId: 'e-1' });
      expect(Buffer.byteLength(message)).toBeLessThan(SNS_MESSAGE_LIMIT);
      const parsed = JSON.parse(message);
      expect(Object.keys(parsed).sort()).toEqual(['default', 'email', 'email-json']);
      expect(JSON.parse(parsed.default)).toEqual(JSON.parse(JSON.stringify(chatbotNotification(n, { detailType: sample.event.type, eventId: 'e-1' }))));
      expect(parsed.email).toBe(renderShort(n));
    }
  });

  it('says what was done, with the figures, and escapes markdown in the facts', () => {
    const sample = emailSamples(catalog).find((s) => s.name === 'budget-state-changed')!;
    const n = buildNotification(sample.event, sample.ctx);
    const chat = chatbotNotification(n, { detailType: sample.event.type, eventId: 'x' });
    expect(chat.content.title).toBe('data-science is CRITICAL: $5,612 of $5,000 (112%), forecast $7,100');
    expect(chat.content.description).toContain('*Actual to date:* $5,612.40 (112% of target)');
    expect(chat.content.description).toMatch(/\*What the guardrail is doing now\*\n• /);
    expect(chat.content.nextSteps.length).toBeGreaterThan(0);
    const odd = chatbotNotification({ ...n, title: 'a*b_c' }, { detailType: 'x', eventId: 'y' });
    expect(odd.content.description.startsWith('a\\*b\\_c')).toBe(true);
  });
});
