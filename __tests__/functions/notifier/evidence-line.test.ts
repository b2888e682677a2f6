/** The Budget State Changed email says which evidence decided the state, in HTML and in text. */
import { parse } from 'node-html-parser';
import { DETAIL_TYPES } from '../../../core/events/schemas';
import { buildNotification } from '../../../core/notify';
import { renderEmail, renderShort } from '../../../functions/notifier/render';
import { criticalStateChange } from '../../../scripts/email-samples';
import { shippedCatalog } from '../../support/catalog';

async function rendered(decidedBy: 'actual' | 'forecast' | 'running-instances' | 'alarm' | undefined) {
  const catalog = await shippedCatalog();
  const policy = catalog.accounts.find((a) => a.id === criticalStateChange.accountId)!;
  const n = buildNotification(
    { type: DETAIL_TYPES.budgetStateChanged, detail: { ...criticalStateChange, decidedBy } },
    { policy, org: { opsEmails: catalog.org.opsEmails, evaluationSchedule: catalog.org.evaluationSchedule } },
  );
  const email = renderEmail(n);
  return { html: parse(email.html).querySelector('body')?.text.replace(/\s+/g, ' ') ?? '', text: email.text.replace(/\s+/g, ' '), short: renderShort(n) };
}

describe('the evidence line', () => {
  it.each([
    ['actual', 'actual spend'], ['forecast', 'forecast'], ['running-instances', 'costly instances running now'], ['alarm', 'billing alarm'],
  ] as const)('%s → "Decided by %s"', async (decidedBy, label) => {
    const r = await rendered(decidedBy);
    expect(r.html).toContain(`Decided by ${label}`);
    expect(r.text).toMatch(new RegExp(`Decided by:? +${label}`));
    expect(r.short).toContain(`decided by ${label}`);
  });

  it('is left out for an event recorded before evidence was', async () => {
    const r = await rendered(undefined);
    expect(r.html).not.toContain('Decided by');
  });
});
