/**
 * Org scale within AWS's limits (README "AWS limits checked"): catalogs of 1,000 and 5,000 copies
 * of data-science, with principal and with SCP lockdowns, built and measured by the synth limits
 * check (largest document of each kind against its limit, hub resources per account), the whole
 * app synthesized; the big account's documents; and `terraform plan` of the hub stack alone,
 * offline, at 1,000 and 5,000 accounts (what a real hub plan has to walk).
 *
 *   npx tsx bench/org-scale.ts          # this part only: bench/results/org-scale.json and its RESULTS.md section
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { App, TerraformResource } from 'cdktf';
import { formatIssue } from '../core/catalog/errors';
import { loadCatalogOrThrow } from '../core/catalog/load';
import type { Catalog } from '../core/catalog/types';
import { validateCatalog } from '../core/catalog/validate';
import { AWS_LIMITS, LimitName } from '../core/limits/aws-limits';
import { measure } from '../core/limits/measure';
import { buildApp } from '../modules/app';
import { stackDocuments } from '../modules/limits/synth-limits';
import { HubStack } from '../modules/stacks/hub-stack';
import { offlineTerraform } from '../scripts/terraform-env';
import { bigAccountInput } from './lib/big-account';
import { LockdownVia, accountCopies } from './lib/catalog-copies';
import { orgInput } from './lib/catalog-generator';
import type { Goal } from './lib/report';
import { formatBytes } from './lib/stats';

type Via = LockdownVia;

export interface LargestDocument { readonly limit: LimitName; readonly what: string; readonly size: number; readonly max: number }

export interface ScaleRun {
  readonly accounts: number;
  readonly via: Via;
  readonly buildAndCheckMs: number;
  readonly synthMs: number;
  readonly outputBytes: number;
  readonly rssBytes: number;
  readonly issues: readonly string[];
  readonly largest: readonly LargestDocument[];
  readonly hubResources: number;
  readonly scps: number;
}

export interface HubPlan {
  readonly accounts: number;
  readonly resources?: number;
  readonly synthMs?: number;
  readonly initMs?: number;
  readonly planMs?: number;
  readonly planRssBytes?: number;
  readonly error?: string;
}

export interface OrgScaleResult {
  readonly runs: readonly ScaleRun[];
  readonly hubPerAccount: { readonly accountsA: number; readonly accountsB: number; readonly resourcesA: number; readonly resourcesB: number };
  readonly big: { readonly issues: readonly string[]; readonly documents: readonly LargestDocument[] };
  readonly hubPlans: readonly HubPlan[];
}

const ORG_ROOT = path.resolve(__dirname, '..');

const copies = (shipped: Catalog, count: number, via: Via) => accountCopies(shipped, 'data-science', count, via);

/** The largest document of each limit across every stack, and the number of hub resources. */
function measureApp(app: App, catalog: Catalog): { largest: LargestDocument[]; hubResources: number; scps: number } {
  const largest = new Map<LimitName, LargestDocument>();
  let hubResources = 0;
  let scps = 0;
  for (const stack of app.node.children) {
    const { documents } = stackDocuments(catalog, stack as never);
    for (const d of documents) {
      const size = measure(d.limit, d.text);
      if ((largest.get(d.limit)?.size ?? -1) < size) largest.set(d.limit, { limit: d.limit, what: d.what, size, max: AWS_LIMITS[d.limit].max });
    }
    if (stack.node.id === 'hub') {
      const resources = stack.node.findAll().filter((c): c is TerraformResource => c instanceof TerraformResource);
      hubResources = resources.length;
      scps = resources.filter((r) => r.terraformResourceType === 'aws_organizations_policy').length;
    }
  }
  return { largest: [...largest.values()], hubResources, scps };
}

const dirBytes = (dir: string): number => {
  const out = spawnSync('du', ['-sb', dir], { encoding: 'utf8' });
  return Number(out.stdout.split('\t')[0]) || 0;
};

function scaleRun(shipped: Catalog, accounts: number, via: Via, log: (l: string) => void): ScaleRun {
  const catalog = copies(shipped, accounts, via);
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'org-scale-'));
  const started = performance.now();
  let issues: string[] = [];
  let app: App | undefined;
  try {
    app = buildApp(catalog, { planMode: 'offline-plan' }, outdir).app; // runs the synth limits check
  } catch (error) {
    issues = String((error as Error).message).split('\n');
  }
  const buildAndCheckMs = performance.now() - started;
  let synthMs = 0;
  let outputBytes = 0;
  let measured = { largest: [] as LargestDocument[], hubResources: 0, scps: 0 };
  if (app) {
    measured = measureApp(app, catalog);
    const s = performance.now();
    app.synth();
    synthMs = performance.now() - s;
    outputBytes = dirBytes(outdir);
  }
  rmSync(outdir, { recursive: true, force: true });
  const run = { accounts, via, buildAndCheckMs, synthMs, outputBytes, rssBytes: process.resourceUsage().maxRSS * 1024, issues, ...measured };
  log(`org scale ${accounts} (${via}): build+check ${Math.round(buildAndCheckMs)} ms, synth ${Math.round(synthMs)} ms, ${issues.length} issue(s)`);
  return run;
}

function timed(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): { ms: number; rssBytes: number; ok: boolean; stderr: string } {
  const started = performance.now();
  // GNU time reports the child's peak RSS (kB) on stderr with -f.
  const useTime = existsSync('/usr/bin/time');
  const out = useTime
    ? spawnSync('/usr/bin/time', ['-f', 'MAXRSS_KB=%M', cmd, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 1024 ** 3 })
    : spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 1024 ** 3 });
  const rss = /MAXRSS_KB=(\d+)/.exec(out.stderr ?? '');
  return { ms: performance.now() - started, rssBytes: rss ? Number(rss[1]) * 1024 : 0, ok: out.status === 0, stderr: (out.stderr ?? '').slice(-2000) };
}

/** The hub stack alone, synthesized offline and planned by Terraform with the provider mirror. */
function hubPlan(shipped: Catalog, accounts: number, log: (l: string) => void): HubPlan {
  try {
    const env = { ...process.env, ...offlineTerraform(path.join(os.tmpdir(), 'org-scale-terraform-config')).env };
    const outdir = mkdtempSync(path.join(os.tmpdir(), 'org-scale-hub-'));
    const catalog = copies(shipped, accounts, 'principals');
    const s = performance.now();
    const app = new App({ outdir, skipValidation: false });
    new HubStack(app, { catalog, options: { planMode: 'offline-plan' } });
    app.synth();
    const synthMs = performance.now() - s;
    const dir = path.join(outdir, 'stacks', 'hub');
    const resources = Object.values((JSON.parse(readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as { resource: Record<string, object> }).resource)
      .reduce((n, byName) => n + Object.keys(byName).length, 0);
    const init = timed('terraform', ['init', '-input=false', '-no-color'], dir, env);
    if (!init.ok) throw new Error(`terraform init failed: ${init.stderr}`);
    const plan = timed('terraform', ['plan', '-input=false', '-lock=false', '-no-color', '-out=tfplan'], dir, env);
    if (!plan.ok) throw new Error(`terraform plan failed: ${plan.stderr}`);
    rmSync(outdir, { recursive: true, force: true });
    log(`hub plan ${accounts}: ${resources} resources, plan ${Math.round(plan.ms)} ms`);
    return { accounts, resources, synthMs, initMs: init.ms, planMs: plan.ms, planRssBytes: plan.rssBytes };
  } catch (error) {
    return { accounts, error: (error as Error).message.split('\n')[0] };
  }
}

export async function runOrgScale(options: { sizes?: number[]; planSizes?: number[]; log?: (l: string) => void } = {}): Promise<OrgScaleResult> {
  const log = options.log ?? ((l: string) => console.error(l));
  const shipped = await loadCatalogOrThrow(path.join(ORG_ROOT, 'accounts'));
  // Untimed warm-up: the first build in a process pays for loading modules and bundling the functions.
  scaleRun(shipped, 10, 'principals', () => undefined);
  const runs: ScaleRun[] = [];
  for (const accounts of options.sizes ?? [1_000, 5_000]) {
    for (const via of ['principals', 'scp'] as const) runs.push(scaleRun(shipped, accounts, via, log));
  }
  const hubCount = (n: number) => {
    const app = new App({ outdir: mkdtempSync(path.join(os.tmpdir(), 'org-scale-count-')) });
    return new HubStack(app, { catalog: copies(shipped, n, 'scp'), options: {} }).node.findAll().filter((c) => c instanceof TerraformResource).length;
  };
  const hubPerAccount = { accountsA: 100, accountsB: 1_100, resourcesA: hubCount(100), resourcesB: hubCount(1_100) };

  const { catalog, issues } = await validateCatalog(
    { file: 'accounts/org.ts', name: 'org', value: orgInput() },
    [{ file: 'accounts/big.ts', name: 'big', value: bigAccountInput() }],
  );
  let big: OrgScaleResult['big'] = { issues: issues.map(formatIssue), documents: [] };
  if (catalog) {
    const app = buildApp(catalog, {}, mkdtempSync(path.join(os.tmpdir(), 'org-scale-big-'))).app;
    // The member stack's documents (the hub's do not depend on the account).
    const documents = app.node.children.filter((stack) => stack.node.id !== 'hub')
      .flatMap((stack) => stackDocuments(catalog, stack as never).documents)
      .map((d) => ({ limit: d.limit, what: d.what, size: measure(d.limit, d.text), max: AWS_LIMITS[d.limit].max }));
    big = { issues: [], documents };
  }
  const hubPlans = (options.planSizes ?? [1_000, 5_000]).map((n) => hubPlan(shipped, n, log));
  return { runs, hubPerAccount, big, hubPlans };
}

const n = (x: number) => x.toLocaleString('en-US');
const s = (ms: number | undefined) => (ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`);
const pct = (d: LargestDocument) => `${n(d.size)} / ${n(d.max)} (${Math.round((d.size / d.max) * 100)} %)`;

export function orgScaleMarkdown(r: OrgScaleResult): string {
  const limits = [...new Set(r.runs.flatMap((x) => x.largest.map((l) => l.limit)))];
  const lines = [
    'Catalogs of copies of data-science (`bench/org-scale.ts`), built with `buildApp` (which runs the synth limits check over every',
    'document of every stack), then synthesized to a temporary folder. Sizes as AWS counts them (IAM: characters without whitespace).',
    '',
    '| accounts | lockdown | limit problems | build + check | synth | output | process peak RSS so far | hub resources | lockdown SCPs |',
    '|---|---|---|---|---|---|---|---|---|',
    ...r.runs.map((x) => `| ${n(x.accounts)} | ${x.via} | ${x.issues.length} | ${s(x.buildAndCheckMs)} | ${s(x.synthMs)} | ${formatBytes(x.outputBytes)} | ${formatBytes(x.rssBytes)} | ${n(x.hubResources)} | ${x.scps} |`),
    '',
    'Largest document of each kind (size / limit):',
    '',
    `| limit | ${r.runs.map((x) => `${n(x.accounts)} ${x.via}`).join(' | ')} |`,
    `|---|${r.runs.map(() => '---').join('|')}|`,
    ...limits.map((l) => `| ${AWS_LIMITS[l].what} | ${r.runs.map((x) => { const d = x.largest.find((y) => y.limit === l); return d ? pct(d) : '—'; }).join(' | ')} |`),
    '',
    `Hub resources per account: ${n(r.hubPerAccount.resourcesA)} at ${n(r.hubPerAccount.accountsA)} accounts, ${n(r.hubPerAccount.resourcesB)} at ${n(r.hubPerAccount.accountsB)}: `
      + `${((r.hubPerAccount.resourcesB - r.hubPerAccount.resourcesA) / (r.hubPerAccount.accountsB - r.hubPerAccount.accountsA)).toFixed(2)} per account (the account's catalog item; goal: at most 2).`,
    '',
    `The big account (\`bench/lib/big-account.ts\`: 40 lockdown actions per state, 30 Auto Scaling groups, 30 RDS ids, 20 stop selectors, 10 policy detachments, 10 runtime budgets, 10 team-access entries): `
      + (r.big.issues.length > 0 ? `refused: ${r.big.issues.join('; ')}` : 'within every limit.'),
    '',
    '| document | size / limit |',
    '|---|---|',
    ...r.big.documents.map((d) => `| ${d.what} | ${pct(d)} |`),
    '',
    'Offline `terraform plan` of the hub stack alone (`planMode: offline-plan`, provider mirror; plans creation, no refresh):',
    '',
    '| accounts | hub resources | synth | init | plan | plan peak RSS |',
    '|---|---|---|---|---|---|',
    ...r.hubPlans.map((p) => (p.error ? `| ${n(p.accounts)} | not measured: ${p.error} | | | | |`
      : `| ${n(p.accounts)} | ${n(p.resources!)} | ${s(p.synthMs)} | ${s(p.initMs)} | ${s(p.planMs)} | ${formatBytes(p.planRssBytes ?? 0)} |`)),
  ];
  return lines.join('\n');
}

export function orgScaleGoals(r: OrgScaleResult | undefined, error?: string): Goal[] {
  if (!r) return [{ name: 'org scale within AWS limits', met: null, figure: error ?? 'not run' }];
  const largest = r.runs.reduce((m, x) => Math.max(m, x.accounts), 0);
  const atLargest = r.runs.filter((x) => x.accounts === largest);
  const perAccount = (r.hubPerAccount.resourcesB - r.hubPerAccount.resourcesA) / (r.hubPerAccount.accountsB - r.hubPerAccount.accountsA);
  return [
    {
      name: `${n(largest)} accounts synthesize within every AWS limit, with principal and SCP lockdowns`,
      met: atLargest.length === 2 && atLargest.every((x) => x.issues.length === 0),
      figure: atLargest.map((x) => `${x.via}: ${x.issues.length} problem(s), synth ${s(x.buildAndCheckMs + x.synthMs)}`).join('; '),
    },
    { name: 'the big account within every AWS limit', met: r.big.issues.length === 0, figure: r.big.issues.length === 0 ? `${r.big.documents.length} documents measured` : r.big.issues[0] },
    { name: 'the hub grows by at most 2 resources per account', met: perAccount <= 2, figure: `${perAccount.toFixed(2)} per account` },
  ];
}

/** Markers around this part's section of bench/RESULTS.md, so a run of this part alone replaces just it. */
export const ORG_SCALE_START = '<!-- org-scale -->';
export const ORG_SCALE_END = '<!-- /org-scale -->';

function writeSection(markdown: string, command: string): void {
  const file = path.join(__dirname, 'RESULTS.md');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const load = os.loadavg()[0].toFixed(2);
  const block = `${ORG_SCALE_START}\n## Org scale within AWS limits\n\nMeasured by \`${command}\` on ${new Date().toISOString()} `
    + `(${os.cpus().length} CPUs, 1-minute load average ${load} at the end: shared machine, timings are indicative).\n\n${markdown}\n${ORG_SCALE_END}`;
  const start = current.indexOf(ORG_SCALE_START);
  const end = current.indexOf(ORG_SCALE_END);
  writeFileSync(file, start >= 0 && end > start
    ? `${current.slice(0, start)}${block}${current.slice(end + ORG_SCALE_END.length)}`
    : `${current.trimEnd()}\n\n${block}\n`);
}

if (require.main === module) {
  runOrgScale().then((result) => {
    writeFileSync(path.join(__dirname, 'results', 'org-scale.json'), `${JSON.stringify(result, null, 2)}\n`);
    writeSection(orgScaleMarkdown(result), 'npx tsx bench/org-scale.ts');
    console.error('wrote bench/results/org-scale.json and the "Org scale within AWS limits" section of bench/RESULTS.md');
  }).catch((err: unknown) => {
    console.error(err instanceof Error ? err.stack ?? err.message : String(err));
    process.exit(1);
  });
}
