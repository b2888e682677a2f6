import { Command } from 'commander';
import { formatIssue } from '../../core/catalog/errors';
import type { Catalog } from '../../core/catalog/types';
import { diffCatalogs } from '../../core/summary/diff';
import { diffMarkdown } from '../../core/summary/diff-markdown';
import { summaryMarkdown } from '../../core/summary/markdown';
import { DEFAULT_ACCOUNTS_DIR, loadOrReport } from '../catalog';
import { forkPoint, loadCatalogAtCommit, locateInRepo } from '../git';
import { EXIT, Io } from '../io';

interface SummaryOptions {
  accounts: string;
  base?: string;
}

/** Markdown for the change against `ref`; when the base cannot be compared, says why and shows the whole catalog. */
async function summaryAgainst(catalog: Catalog, accountsDir: string, ref: string, io: Io): Promise<string> {
  const repo = locateInRepo(accountsDir);
  const commit = forkPoint(repo.root, ref);
  const base = await loadCatalogAtCommit(repo, commit, ref);
  const heading = `## Budget guardrails: changes against \`${ref}\``;
  if (base.kind === 'valid') return diffMarkdown(diffCatalogs(base.catalog, catalog), ref);
  if (base.kind === 'missing') {
    return [heading, '', `\`${base.folder}/\` does not exist at \`${ref}\`: the whole catalog is new.`, '', summaryMarkdown(catalog)].join('\n');
  }
  io.err(`guardrails: the catalog at ${ref} is invalid (${base.issues.length} problem(s)); showing the full summary instead of a diff`);
  return [
    heading,
    '',
    `**The catalog at \`${ref}\` is invalid**, so there is nothing valid to compare with. Its problems:`,
    '',
    '```',
    ...base.issues.map(formatIssue),
    '```',
    '',
    'This change makes the catalog valid again. Everything the guardrails will do after it:',
    '',
    summaryMarkdown(catalog),
  ].join('\n');
}

export function summaryCommand(io: Io, setExit: (code: number) => void): Command {
  return new Command('summary')
    .description('Markdown summary of every account (mode, target, thresholds, what happens at each state), or with --base only what a change does')
    .option('--accounts <dir>', 'catalog folder', DEFAULT_ACCOUNTS_DIR)
    .option('--base <git-ref>', 'describe only the changes against the catalog at this git ref (e.g. origin/main)')
    .addHelpText('after', [
      '',
      'Example:',
      '  guardrails summary > summary.md',
      'Example (only what this branch changes, for the pull request):',
      '  guardrails summary --base origin/main',
      '',
      'With --base, the comparison is against the commit the branch forked from that ref.',
      'Exit status: 0 done, 1 catalog problems, 2 usage error (e.g. unknown git ref).',
    ].join('\n'))
    .action(async (opts: SummaryOptions) => {
      const catalog = await loadOrReport(opts.accounts, io);
      if (!catalog) return setExit(EXIT.invalidCatalog);
      io.out(opts.base === undefined ? summaryMarkdown(catalog) : await summaryAgainst(catalog, opts.accounts, opts.base, io));
      return setExit(EXIT.ok);
    });
}
