/** The approval endpoint's HTML pages: plain, self-contained, no script; every value escaped. */
import { STATE_LABELS } from '../../core/budget/state';
import type { HeldAction } from '../../core/gate/types';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' })[c]!);

export interface PageContent {
  readonly title: string;
  readonly paragraphs: readonly string[];
  readonly actions?: readonly HeldAction[];
  /** A confirmation form: POSTs the token back to the endpoint. */
  readonly form?: { readonly token: string; readonly button: string };
}

const describeAction = (a: HeldAction) => `${a.kind} ${a.target}${a.region ? ` (${a.region})` : ''}: ${a.from} → ${a.to}`;

export function page(c: PageContent): string {
  const actions = c.actions && c.actions.length > 0
    ? `<ul>${c.actions.map((a) => `<li>${escape(describeAction(a))}</li>`).join('')}</ul>`
    : '';
  const form = c.form
    ? `<form method="post" action="/"><input type="hidden" name="t" value="${escape(c.form.token)}"><button type="submit" style="background:#1d4ed8;color:#fff;border:0;padding:10px 18px;font-size:15px;border-radius:6px;cursor:pointer;">${escape(c.form.button)}</button></form>`
    : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${escape(c.title)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;max-width:640px;margin:32px auto;padding:0 16px;color:#111827;line-height:1.5;">
<p style="color:#6b7280;font-size:13px;">budget-guardrails</p>
<h1 style="font-size:22px;">${escape(c.title)}</h1>
${c.paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n')}
${actions}
${form}
</body></html>`;
}

export const stateLabel = (s: keyof typeof STATE_LABELS) => STATE_LABELS[s];
