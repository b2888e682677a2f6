/** Renders a notification into the HTML and text parts of an email with Handlebars (compiled once). */
import Handlebars from 'handlebars';
import type { Notification } from '../../core/notify';
import type { Bar } from '../../core/notify/model';
import { EMAIL_HTML } from './templates/email-html';
import { EMAIL_TEXT } from './templates/email-text';

const TEXT_BAR_WIDTH = 40;

/** `[#########+++++    |     ]`: actual, forecast beyond it, target marker. */
export function textBar(bar: Bar): string {
  const cells = Array.from({ length: TEXT_BAR_WIDTH }, () => ' ');
  const fill = Math.round((bar.fillPct / 100) * TEXT_BAR_WIDTH);
  const extra = Math.round(((bar.fillPct + bar.extraPct) / 100) * TEXT_BAR_WIDTH);
  for (let i = 0; i < extra; i++) cells[i] = i < fill ? '#' : '+';
  const marker = Math.min(TEXT_BAR_WIDTH - 1, Math.max(0, Math.round((bar.markerPct / 100) * TEXT_BAR_WIDTH) - 1));
  cells[marker] = '|';
  return `[${cells.join('')}]  # actual, + forecast, | ${bar.markerLabel}`;
}

const hbs = Handlebars.create();
hbs.registerHelper('textBar', (bar: Bar) => textBar(bar));
hbs.registerHelper('join', (xs: readonly string[], sep: string) => xs.join(sep));

let templates: { html: HandlebarsTemplateDelegate; text: HandlebarsTemplateDelegate } | undefined;
const compiled = () => (templates ??= {
  html: hbs.compile(EMAIL_HTML, { strict: true }),
  text: hbs.compile(EMAIL_TEXT, { noEscape: true }),
});

export interface RenderedEmail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

export function renderEmail(n: Notification): RenderedEmail {
  const t = compiled();
  return { subject: n.subject, html: t.html(n), text: t.text(n).replace(/\n{3,}/g, '\n\n') };
}

/** The short SNS message: the subject and a few lines. */
export function renderShort(n: Notification): string {
  return n.shortLines.join('\n');
}
