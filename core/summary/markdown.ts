/** The catalog as Markdown for pull-request review: an org header and one table row per account. */
import type { Catalog } from '../catalog/types';
import { describeAccount, describeOrg } from './describe';

/** Escapes text for a GitHub Markdown table cell (no emphasis, no column breaks, no HTML). */
export function mdCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/([|*_`~[\]])/g, '\\$1').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export const cellLines = (lines: readonly string[], empty = '—') =>
  (lines.length === 0 ? empty : lines.map(mdCell).join('<br>'));

/** Escapes text for Markdown prose (a list item or a paragraph). */
export function mdText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/([*_`~[\]])/g, '\\$1').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const COLUMNS = [
  'account', 'mode', 'target', 'alerts', 'state thresholds', 'at Over', 'at Critical', 'at Shutdown',
  'runtime budgets', 'tag rules', 'access policies',
];

export function summaryTable(catalog: Catalog): string {
  const rows = catalog.accounts.map((account) => {
    const d = describeAccount(account);
    const dryRun = account.mode === 'check' ? '(dry run) ' : '';
    const actions = (lines: readonly string[]) => {
      if (account.mode === 'skip') return 'not evaluated';
      return lines.length === 0 ? 'notify only' : `${dryRun}${cellLines(lines)}`;
    };
    return [
      `**${mdCell(d.name)}**<br>${d.id}<br>${cellLines(d.owners)}`,
      mdCell(d.mode),
      mdCell(d.target),
      cellLines(d.alerts),
      cellLines(d.states),
      actions(d.atState.over),
      actions(d.atState.critical),
      actions(d.atState.shutdown),
      cellLines(d.runtimeBudgets),
      cellLines(d.tagRules),
      cellLines(d.access),
    ];
  });
  return [
    `| ${COLUMNS.join(' | ')} |`,
    `|${COLUMNS.map(() => '---').join('|')}|`,
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  ].join('\n');
}

export function summaryMarkdown(catalog: Catalog): string {
  const modes = (['enforce', 'check', 'skip'] as const)
    .map((m) => `${catalog.accounts.filter((a) => a.mode === m).length} ${m}`).join(', ');
  return [
    '## Budget guardrails',
    '',
    ...describeOrg(catalog.org).map((line) => `- ${mdText(line)}`),
    `- ${catalog.accounts.length} account(s): ${modes}. Every state change is emailed to the owners.`,
    '',
    'Each state column lists everything in effect at that state: enforcement is cumulative, so Shutdown includes '
      + 'what is configured for Critical and Over. In mode check nothing is changed; the actions are only reported.',
    '',
    summaryTable(catalog),
    '',
  ].join('\n');
}
