/** A catalog diff as Markdown for a pull-request comment. */
import type { CatalogDiff } from './diff';
import { mdText } from './markdown';

const HEADINGS = { added: 'Added', changed: 'Changed', removed: 'Removed' } as const;

export function diffMarkdown(diff: CatalogDiff, baseRef: string): string {
  const out = [`## Budget guardrails: changes against \`${baseRef}\``, ''];
  if (diff.org.length === 0 && diff.accounts.length === 0) {
    out.push(`No change in what the guardrails do compared with \`${baseRef}\`.`, '');
    return out.join('\n');
  }
  const counts = (['added', 'changed', 'removed'] as const)
    .map((c) => `${diff.accounts.filter((a) => a.change === c).length} ${c}`).join(', ');
  out.push(`Accounts: ${counts}${diff.org.length ? '; org-wide settings changed' : ''}.`, '');
  if (diff.org.length) {
    out.push('### Org-wide settings (accounts/org.ts)', '', ...diff.org.map((l) => `- org: ${mdText(l)}`), '');
  }
  for (const change of diff.accounts) {
    out.push(`### ${HEADINGS[change.change]}: ${mdText(change.account)} (${change.id})`, '');
    out.push(...change.lines.map((l) => `- ${mdText(change.account)}: ${mdText(l)}`), '');
  }
  return out.join('\n');
}
