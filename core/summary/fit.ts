/**
 * The pull-request comment for a catalog change, sized for GitHub. A comment body may hold at most
 * 65,536 characters (GitHub REST API, "Create an issue comment": the body is rejected above that,
 * "Body is too long (maximum is 65536 characters)"). Up to AGGREGATE_ABOVE characters the comment is
 * the full report; above, it aggregates: counts per change kind, the accounts grouped by what changed,
 * and per-account details in collapsible sections until the space runs out, then one line saying how
 * many more there are. Nothing is dropped without a count, and the full report is linked.
 */
import type { AccountChange, CatalogDiff } from './diff';
import { diffMarkdown } from './diff-markdown';
import { mdText } from './markdown';
import { StackPlan, planMarkdown } from './plan-counts';

/** GitHub's limit on an issue or pull-request comment body. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** Above this the comment aggregates, leaving room for the workflow's marker and a safety margin. */
export const AGGREGATE_ABOVE = 60_000;

export interface CommentOptions {
  /** Where the full report is (the workflow's artifact); linked from an aggregated comment. */
  readonly reportUrl?: string;
  /** Terraform plan counts of the changed stacks. */
  readonly plans?: readonly StackPlan[];
  /** Aggregate above this many characters (default AGGREGATE_ABOVE). */
  readonly maxChars?: number;
}

const KINDS = ['added', 'changed', 'removed'] as const;
const KIND_WORDS = { added: 'Added', changed: 'Changed', removed: 'Removed' } as const;
const ORG_LINES_SHOWN = 40;
const PLAN_ROWS_SHOWN = 40;
const LINES_PER_ACCOUNT = 30;
/** Kept free for the closing "N more" line. */
const FOOTER_RESERVE = 600;

const n = (x: number) => x.toLocaleString('en-US');
const plural = (x: number, one: string, many = `${one}s`) => `${n(x)} ${x === 1 ? one : many}`;

/** The full report: every line of the diff, then the plan. */
export function fullReport(diff: CatalogDiff, baseRef: string, plans: readonly StackPlan[] = []): string {
  const plan = planMarkdown(plans);
  return plan.length === 0 ? diffMarkdown(diff, baseRef) : `${diffMarkdown(diff, baseRef)}\n${plan.join('\n')}`;
}

/** The comment: the full report when it fits under maxChars, the aggregated view otherwise. */
export function reviewComment(diff: CatalogDiff, baseRef: string, options: CommentOptions = {}): string {
  const full = fullReport(diff, baseRef, options.plans);
  const max = options.maxChars ?? AGGREGATE_ABOVE;
  return full.length <= max ? full : aggregatedComment(diff, baseRef, full.length, options);
}

interface Group {
  readonly label: string;
  readonly accounts: readonly AccountChange[];
}

/** Accounts with the same kind of change and the same changed topics, largest group first. */
export function groupByWhatChanged(accounts: readonly AccountChange[]): Group[] {
  const groups = new Map<string, AccountChange[]>();
  for (const a of accounts) {
    const label = `${KIND_WORDS[a.change]}: ${a.topics.join(', ')}`;
    groups.set(label, [...(groups.get(label) ?? []), a]);
  }
  return [...groups.entries()]
    .map(([label, members]) => ({ label, accounts: members }))
    .sort((x, y) => y.accounts.length - x.accounts.length || x.label.localeCompare(y.label));
}

const accountName = (a: AccountChange) => `${mdText(a.account)} (${a.id})`;

/** Comma-separated names within `budget` characters, then "…and N more". */
function nameList(accounts: readonly AccountChange[], budget: number): string {
  const shown: string[] = [];
  let used = 0;
  for (const a of accounts) {
    const name = accountName(a);
    if (used + name.length + 2 > budget && shown.length > 0) break;
    shown.push(name);
    used += name.length + 2;
  }
  const more = accounts.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? `, …and ${plural(more, 'more account')} in this group (in the full report)` : ''}`;
}

function detailsBlock(summary: string, body: readonly string[]): string {
  return ['<details>', `<summary>${summary}</summary>`, '', ...body, '', '</details>', ''].join('\n');
}

function accountDetails(a: AccountChange): string {
  const lines = a.lines.slice(0, LINES_PER_ACCOUNT).map((l) => `- ${mdText(a.account)}: ${mdText(l)}`);
  const more = a.lines.length - lines.length;
  if (more > 0) lines.push(`- …and ${plural(more, 'more line')} for ${mdText(a.account)} in the full report`);
  return detailsBlock(`${KIND_WORDS[a.change]}: ${accountName(a)}, ${plural(a.lines.length, 'line')}`, lines);
}

function countsTable(diff: CatalogDiff): string[] {
  const row = (kind: (typeof KINDS)[number]) => {
    const of = diff.accounts.filter((a) => a.change === kind);
    return `| ${kind} | ${n(of.length)} | ${n(of.reduce((s, a) => s + a.lines.length, 0))} |`;
  };
  const lines = diff.accounts.reduce((s, a) => s + a.lines.length, 0);
  return [
    '### Changes by kind',
    '',
    '| change | accounts | lines |',
    '|---|---:|---:|',
    ...KINDS.map(row),
    `| org-wide settings | — | ${n(diff.org.length)} |`,
    `| **total** | **${n(diff.accounts.length)}** | **${n(lines + diff.org.length)}** |`,
    '',
  ];
}

function orgSection(org: readonly string[]): string[] {
  if (org.length === 0) return [];
  const shown = org.slice(0, ORG_LINES_SHOWN).map((l) => `- org: ${mdText(l)}`);
  const more = org.length - shown.length;
  return ['### Org-wide settings (accounts/org.ts)', '', ...shown, ...(more > 0 ? [`- …and ${plural(more, 'more org-wide line')} in the full report`] : []), ''];
}

function aggregatedComment(diff: CatalogDiff, baseRef: string, fullLength: number, options: CommentOptions): string {
  const max = options.maxChars ?? AGGREGATE_ABOVE;
  const counts = KINDS.map((k) => `${n(diff.accounts.filter((a) => a.change === k).length)} ${k}`).join(', ');
  const report = options.reportUrl ? `[the full report](${options.reportUrl})` : 'the full report (`guardrails summary --base <ref> --full`)';
  const head = [
    `## Budget guardrails: changes against \`${baseRef}\``,
    '',
    `Accounts: ${counts}${diff.org.length ? '; org-wide settings changed' : ''}.`,
    '',
    `> **A large change.** Every line of it takes ${n(fullLength)} characters, more than a GitHub comment holds `
      + `(${n(GITHUB_COMMENT_LIMIT)}), so this comment counts everything, groups the accounts by what changed and shows `
      + `the first accounts in full; every line is in ${report}.`,
    '',
    ...planMarkdown(options.plans ?? [], PLAN_ROWS_SHOWN),
    ...orgSection(diff.org),
    ...countsTable(diff),
  ].join('\n');

  const out = [head];
  let left = max - head.length - FOOTER_RESERVE;

  const groups = groupByWhatChanged(diff.accounts);
  if (groups.length > 0) {
    const groupBudget = Math.floor(left * 0.35);
    const perGroup = Math.max(400, Math.floor(groupBudget / groups.length));
    const section = ['### Accounts grouped by what changed', ''];
    let used = section.join('\n').length;
    let shownGroups = 0;
    for (const g of groups) {
      const block = detailsBlock(`<b>${mdText(g.label)}</b>: ${plural(g.accounts.length, 'account')}`, [nameList(g.accounts, perGroup - 120)]);
      if (used + block.length > groupBudget) break;
      section.push(block);
      used += block.length + 1;
      shownGroups += 1;
    }
    const hidden = groups.slice(shownGroups);
    if (hidden.length > 0) {
      const accounts = hidden.reduce((s, g) => s + g.accounts.length, 0);
      section.push(`…and ${plural(hidden.length, 'more group')} (${plural(accounts, 'account')}) in the full report.`, '');
    }
    const text = section.join('\n');
    out.push(text);
    left -= text.length + 1;
  }

  if (diff.accounts.length > 0) {
    const section = ['### Details per account', ''];
    let used = section.join('\n').length;
    const shown: AccountChange[] = [];
    for (const a of diff.accounts) {
      const block = accountDetails(a);
      if (used + block.length + 1 > left) break;
      section.push(block);
      used += block.length + 1;
      shown.push(a);
    }
    const rest = diff.accounts.slice(shown.length);
    if (rest.length > 0) {
      const byKind = KINDS.map((k) => `${n(rest.filter((a) => a.change === k).length)} ${k}`).join(', ');
      section.push(`**…and ${plural(rest.length, 'more account')} not shown here (${byKind}): see ${report}.**`, '');
    }
    out.push(section.join('\n'));
  }
  return out.join('\n');
}
