/**
 * The pull-request comment at real size: realistic generated catalogs (bench/lib/catalog-generator,
 * every catalog feature in use) of 300 and 3,000 changed accounts. GitHub refuses a comment body over
 * 65,536 characters ("Body is too long (maximum is 65536 characters)", REST API: create an issue
 * comment); the workflow prefixes a marker line. Nothing may disappear without being counted.
 */
import { generateCatalog } from '../../bench/lib/catalog-generator';
import type { AccountPolicy, Catalog } from '../../core/catalog/types';
import { CatalogDiff, diffCatalogs } from '../../core/summary/diff';
import { AGGREGATE_ABOVE, GITHUB_COMMENT_LIMIT, fullReport, reviewComment } from '../../core/summary/fit';

const WORKFLOW_MARKER = '<!-- budget-guardrails-summary -->\n';
const num = (s: string) => Number(s.replace(/,/g, ''));

/** A change touching every account of `base` in one of several ways, plus added and removed accounts. */
function mixedChange(base: Catalog, extra: Catalog, removeEvery: number): Catalog {
  const changed = base.accounts.flatMap((a, i): AccountPolicy[] => {
    if (i % removeEvery === 0) return [];
    switch (i % 4) {
      case 0: return [{ ...a, targetUsd: a.targetUsd === null ? 1000 : a.targetUsd * 1.25 }];
      case 1: return [{ ...a, mode: a.mode === 'enforce' ? 'check' : 'enforce' }];
      case 2: return [{ ...a, owners: [...a.owners, 'finops@example.com'] }];
      default: return [{ ...a, alerts: { ...a.alerts, actualPct: [60, 90, 100] }, targetUsd: (a.targetUsd ?? 500) + 100 }];
    }
  });
  return { ...base, accounts: [...changed, ...extra.accounts] };
}

/** Reads the counts the comment states and checks they add up; returns them. */
function checkNothingDropped(comment: string, diff: CatalogDiff) {
  const kinds = { added: 0, changed: 0, removed: 0 };
  for (const a of diff.accounts) kinds[a.change] += 1;
  const total = diff.accounts.length;
  expect(comment).toContain(`Accounts: ${kinds.added.toLocaleString('en-US')} added, ${kinds.changed.toLocaleString('en-US')} changed, ${kinds.removed.toLocaleString('en-US')} removed`);
  expect(comment).toContain(`| **total** | **${total.toLocaleString('en-US')}** |`);

  // Groups: each group's size, the names it shows plus its "more" count, and the hidden groups.
  const groupsPart = comment.slice(comment.indexOf('### Accounts grouped by what changed'), comment.indexOf('### Details per account'));
  let grouped = 0;
  for (const block of groupsPart.split('<details>').slice(1)) {
    const size = num(/<\/b>: ([\d,]+) accounts?<\/summary>/.exec(block)![1]);
    const body = block.slice(block.indexOf('</summary>') + 10, block.indexOf('</details>')).trim();
    const more = /…and ([\d,]+) more accounts? in this group/.exec(body);
    const names = body.replace(/, …and .*$/, '').split('), ').length;
    expect(names + (more ? num(more[1]) : 0)).toBe(size);
    grouped += size;
  }
  const hiddenGroups = /…and [\d,]+ more groups? \(([\d,]+) accounts?\)/.exec(groupsPart);
  expect(grouped + (hiddenGroups ? num(hiddenGroups[1]) : 0)).toBe(total);

  // Details: the accounts shown in full plus the "more" line, per kind.
  const detailsPart = comment.slice(comment.indexOf('### Details per account'));
  const shown = detailsPart.split('<details>').length - 1;
  const rest = /…and ([\d,]+) more accounts? not shown here \(([\d,]+) added, ([\d,]+) changed, ([\d,]+) removed\)/.exec(detailsPart);
  expect(rest).not.toBeNull();
  expect(shown + num(rest![1])).toBe(total);
  expect(num(rest![2]) + num(rest![3]) + num(rest![4])).toBe(num(rest![1]));
  const shownAccounts = diff.accounts.slice(0, shown);
  for (const a of shownAccounts) expect(detailsPart).toContain(`: ${a.account} (${a.id}), `);
  expect(shownAccounts.filter((a) => a.change === 'added').length + num(rest![2])).toBe(kinds.added);
  // Every collapsible section is closed.
  expect(comment.split('<details>').length).toBe(comment.split('</details>').length);
  return { shown, grouped };
}

describe('the pull-request comment at real size', () => {
  let empty: Catalog;
  let c300: Catalog;
  let c3000: Catalog;
  beforeAll(async () => {
    c3000 = await generateCatalog(3000);
    c300 = { ...c3000, accounts: c3000.accounts.slice(0, 300) };
    empty = { ...c3000, accounts: [] };
  });

  it('a small change is the full report, unchanged', () => {
    const head = { ...c300, accounts: c300.accounts.slice(0, 3) };
    const diff = diffCatalogs({ ...head, accounts: head.accounts.slice(0, 2) }, head);
    expect(reviewComment(diff, 'origin/main')).toBe(fullReport(diff, 'origin/main'));
  });

  it.each([
    ['300 accounts added at once', () => diffCatalogs(empty, c300)],
    ['3,000 accounts added at once', () => diffCatalogs(empty, c3000)],
    ['300 accounts changed in four ways, some removed, 20 added', () => {
      const extra = { ...c3000, accounts: c3000.accounts.slice(2980) };
      return diffCatalogs(c300, mixedChange(c300, extra, 25));
    }],
    ['3,000 accounts changed in four ways, some removed, 100 added', () => {
      const base = { ...c3000, accounts: c3000.accounts.slice(0, 2900) };
      const extra = { ...c3000, accounts: c3000.accounts.slice(2900) };
      return diffCatalogs(base, mixedChange(base, extra, 30));
    }],
  ])('%s: the comment fits GitHub\'s 65,536 characters and counts every account', (_, makeDiff) => {
    const diff = makeDiff();
    const full = fullReport(diff, 'origin/main');
    expect(full.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    const comment = reviewComment(diff, 'origin/main', { reportUrl: 'https://github.com/o/r/actions/runs/1/artifacts/2' });
    expect(comment.length).toBeLessThanOrEqual(AGGREGATE_ABOVE);
    expect(WORKFLOW_MARKER.length + comment.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(comment).toContain(`Every line of it takes ${full.length.toLocaleString('en-US')} characters`);
    expect(comment).toContain('[the full report](https://github.com/o/r/actions/runs/1/artifacts/2)');
    const { shown } = checkNothingDropped(comment, diff);
    // The space is used: a comment that shows a handful of accounts would be no review at all.
    expect(shown).toBeGreaterThanOrEqual(20);
    expect(comment.length).toBeGreaterThan(AGGREGATE_ABOVE * 0.8);
  });

  it('groups the accounts by what changed in them', () => {
    const diff = diffCatalogs(c300, mixedChange(c300, { ...c300, accounts: [] }, 1000));
    const comment = reviewComment(diff, 'main', { maxChars: 20_000 });
    expect(comment).toMatch(/<b>Changed: target<\/b>: [\d,]+ accounts/);
    expect(comment).toMatch(/<b>Changed: mode<\/b>: [\d,]+ accounts/);
    expect(comment).toMatch(/<b>Changed: owners<\/b>: [\d,]+ accounts/);
    expect(comment).toMatch(/<b>Changed: target, alerts<\/b>: [\d,]+ accounts/);
    checkNothingDropped(comment, diff);
  });

  it('an org-wide change and the plan counts are shown above the account details', () => {
    const head = { ...c300, org: { ...c300.org, evaluationSchedule: 'rate(2 hours)' } };
    const diff = diffCatalogs(empty, head);
    const plans = [{ stack: 'hub', counts: { add: 1201, change: 3, destroy: 0 } }, { stack: 'member-x', counts: { add: 40, change: 0, destroy: 2 } }];
    const comment = reviewComment(diff, 'main', { plans });
    expect(comment).toContain('- org: evaluationSchedule: rate(4 hours) → rate(2 hours)');
    expect(comment).toContain('2 stack(s) planned: 1241 to add, 3 to change, 2 to destroy. **2 resource(s) would be destroyed**');
    expect(comment).toContain('| hub | 1201 | 3 | 0 |');
    expect(comment.indexOf('### Terraform plan')).toBeLessThan(comment.indexOf('### Details per account'));
    checkNothingDropped(comment, diff);
  });

  it('3,000 planned stacks: the plan table lists the riskiest 40 and counts the rest, totals intact', () => {
    const diff = diffCatalogs(empty, c3000);
    const plans = [{ stack: 'hub', counts: { add: 3001, change: 2, destroy: 1 } },
      ...c3000.accounts.map((a, i) => ({ stack: `member-${a.name}`, counts: { add: 14, change: i % 7 === 0 ? 1 : 0, destroy: 0 } }))];
    const comment = reviewComment(diff, 'main', { plans });
    expect(comment.length).toBeLessThanOrEqual(AGGREGATE_ABOVE);
    expect(comment).toContain('3001 stack(s) planned: 45001 to add, 431 to change, 1 to destroy.');
    expect(comment).toContain('| hub | 3001 | 2 | 1 |');
    const rows = comment.split('\n').filter((l) => /^\| (hub|member-)/.test(l));
    expect(rows).toHaveLength(40);
    const more = /…and (\d+) more stack\(s\): (\d+) to add, (\d+) to change, (\d+) to destroy/.exec(comment)!;
    expect(Number(more[1]) + rows.length).toBe(3001);
    const listedAdd = rows.reduce((s, r) => s + Number(r.split('|')[2]), 0);
    expect(listedAdd + Number(more[2])).toBe(45001);
    checkNothingDropped(comment, diff);
  });
});
