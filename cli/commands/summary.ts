import { Command } from 'commander';
import { formatIssue } from '../../core/catalog/errors';
import type { Catalog } from '../../core/catalog/types';
import { diffCatalogs } from '../../core/summary/diff';
import { AGGREGATE_ABOVE, CommentOptions, fullReport, reviewComment } from '../../core/summary/fit';
import { summaryMarkdown } from '../../core/summary/markdown';
import { DEFAULT_ACCOUNTS_DIR, loadOrReport } from '../catalog';
import { forkPoint, loadCatalogAtCommit, locateInRepo } from '../git';
import { EXIT, Io, UsageError } from '../io';
import { readPlans } from '../plans';

interface SummaryOptions {
  accounts: string;
  base?: string;
  full?: boolean;
  reportUrl?: string;
  plan?: string;
}

const PROBLEMS_SHOWN = 50;

/**
 * Markdown for the change against `ref`, sized for a pull-request comment unless `full`. When the base
 * cannot be compared, says why and shows the whole catalog (as added accounts when the table is too long).
 */
async function summaryAgainst(catalog: Catalog, accountsDir: string, ref: string, full: boolean, options: CommentOptions, io: Io): Promise<string> {
  const repo = locateInRepo(accountsDir);
  const commit = forkPoint(repo.root, ref);
  const base = await loadCatalogAtCommit(repo, commit, ref);
  const render = (diffBase: Catalog) => {
    const diff = diffCatalogs(diffBase, catalog);
    return full ? fullReport(diff, ref, options.plans) : reviewComment(diff, ref, options);
  };
  if (base.kind === 'valid') return render(base.catalog);
  const heading = `## Budget guardrails: changes against \`${ref}\``;
  // Without a valid base every account is new: the table when it fits, the aggregated diff otherwise.
  const whole = (preface: readonly string[]) => {
    const table = [heading, '', ...preface, '', summaryMarkdown(catalog)].join('\n');
    if (full || table.length <= (options.maxChars ?? AGGREGATE_ABOVE)) return table;
    return [...preface, '', render({ org: catalog.org, accounts: [] })].join('\n');
  };
  if (base.kind === 'missing') return whole([`\`${base.folder}/\` does not exist at \`${ref}\`: the whole catalog is new.`]);
  io.err(`guardrails: the catalog at ${ref} is invalid (${base.issues.length} problem(s)); showing the full summary instead of a diff`);
  const shown = full ? base.issues : base.issues.slice(0, PROBLEMS_SHOWN);
  return whole([
    `**The catalog at \`${ref}\` is invalid**, so there is nothing valid to compare with. Its problems:`,
    '',
    '```',
    ...shown.map(formatIssue),
    ...(shown.length < base.issues.length ? [`…and ${base.issues.length - shown.length} more problem(s)`] : []),
    '```',
    '',
    'This change makes the catalog valid again. Everything the guardrails will do after it:',
  ]);
}

export function summaryCommand(io: Io, setExit: (code: number) => void): Command {
  return new Command('summary')
    .description('Markdown summary of every account (mode, target, thresholds, what happens at each state), or with --base only what a change does')
    .option('--accounts <dir>', 'catalog folder', DEFAULT_ACCOUNTS_DIR)
    .option('--base <git-ref>', 'describe only the changes against the catalog at this git ref (e.g. origin/main)')
    .option('--full', 'with --base: every line, never aggregated (the full report CI uploads as an artifact)')
    .option('--report-url <url>', 'with --base: link to the full report, shown when the summary is aggregated')
    .option('--plan <dir>', 'with --base: add Terraform plan counts from <dir>/<stack>.json (terraform show -json) or <stack>.txt')
    .addHelpText('after', [
      '',
      'Example:',
      '  guardrails summary > summary.md',
      'Example (only what this branch changes, for the pull request):',
      '  guardrails summary --base origin/main',
      '',
      'Example (CI: the full report as an artifact, then the comment linking it):',
      '  guardrails summary --base origin/main --full > guardrails-summary-full.md',
      '  guardrails summary --base origin/main --report-url "$URL" --plan plans > guardrails-summary.md',
      '',
      'With --base, the comparison is against the commit the branch forked from that ref.',
      `Above ${AGGREGATE_ABOVE.toLocaleString('en-US')} characters the --base summary aggregates (GitHub comments hold at most 65,536):`,
      'counts per change kind, accounts grouped by what changed, the first accounts in full, and how many more.',
      'Exit status: 0 done, 1 catalog problems, 2 usage error (e.g. unknown git ref).',
    ].join('\n'))
    .action(async (opts: SummaryOptions) => {
      const catalog = await loadOrReport(opts.accounts, io);
      if (!catalog) return setExit(EXIT.invalidCatalog);
      if (opts.base === undefined) {
        if (opts.full || opts.reportUrl !== undefined || opts.plan !== undefined) throw new UsageError('--full, --report-url and --plan go with --base <git-ref>');
        io.out(summaryMarkdown(catalog));
        return setExit(EXIT.ok);
      }
      const options: CommentOptions = { reportUrl: opts.reportUrl || undefined, plans: opts.plan ? readPlans(opts.plan) : [] };
      io.out(await summaryAgainst(catalog, opts.accounts, opts.base, opts.full === true, options, io));
      return setExit(EXIT.ok);
    });
}
