/**
 * Synth at org scale: catalogs of 10, 100 and 1,000 generated accounts written as catalog folders,
 * each synthesized in a fresh process (load + validate + build + synth, as main.ts does), several
 * times; medians of wall time and peak memory, the output size, and whether growth is linear.
 * Also times `terraform init` and `terraform validate` of one member stack.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { offlineTerraform } from '../scripts/terraform-env';
import { DEFAULT_SEED, generateCatalogInputs, writeCatalogFolder } from './lib/catalog-generator';
import { runTs } from './lib/child';
import { median } from './lib/stats';
import type { CatalogStats } from './lib/catalog-stats';
import type { SynthChildResult } from './lib/synth-child';
import type { SynthSummary } from './lib/synth-output';

export const SYNTH_GOAL = { accounts: 1000, wallMs: 30_000, rssBytes: 1.5 * 1024 ** 3 } as const;

export interface SynthRun {
  readonly wallMs: number;
  readonly loadMs: number;
  readonly buildMs: number;
  readonly synthMs: number;
  readonly cpuMs: number;
  readonly maxRssBytes: number;
}

export interface SynthSize {
  readonly accounts: number;
  readonly runs: readonly SynthRun[];
  readonly median: SynthRun;
  readonly outputBytes: number;
  readonly jsonBytes: number;
  readonly stacks: number;
  readonly resources: number;
  /** Facts of the last run's output and catalog, for the cost model. */
  readonly summary: SynthSummary;
  readonly catalogStats: CatalogStats;
}

export interface TerraformValidate {
  readonly stack?: string;
  readonly resources?: number;
  readonly initColdMs?: number;
  readonly initCachedMs?: number;
  readonly validateMs?: readonly number[];
  readonly validateMedianMs?: number;
  readonly error?: string;
}

export interface SynthScaleResult {
  readonly seed: number;
  readonly sizes: readonly SynthSize[];
  /** Marginal milliseconds per account between consecutive sizes (linear growth keeps them close). */
  readonly marginalMsPerAccount: readonly { readonly from: number; readonly to: number; readonly ms: number; readonly rssBytes: number }[];
  readonly terraformValidate: TerraformValidate;
  /** When the largest size misses the time goal: the same accounts split in halves, synthesized by two concurrent processes. */
  readonly sharded?: { readonly accounts: number; readonly shards: number; readonly wallMs: number; readonly maxRssBytes: number };
  /** Untimed warm-up: one 10-account synth with the function bundle cache emptied (what a fresh CI machine pays once). */
  readonly warmUp: { readonly accounts: number; readonly wallMs: number };
}

export interface SynthScaleOptions {
  readonly sizes?: readonly number[];
  readonly runs?: number;
  /** Stop repeating a size once its runs took this long in total (keeps `npm run bench` under 10 minutes). */
  readonly budgetMsPerSize?: number;
  readonly workDir?: string;
  readonly log?: (line: string) => void;
}

/** The synth processes' TMPDIR (os.tmpdir()), which holds the function bundle cache. */
const synthTmp = (workDir: string) => path.join(workDir, 'tmp');

async function synthOnce(catalogDir: string, outdir: string, resultFile: string, planMode: string): Promise<SynthChildResult & { wallMs: number }> {
  rmSync(outdir, { recursive: true, force: true });
  const workDir = path.dirname(outdir);
  mkdirSync(synthTmp(workDir), { recursive: true });
  const run = await runTs('bench/lib/synth-child.ts', [catalogDir, outdir, resultFile, planMode], { timeoutMs: 600_000, env: { TMPDIR: synthTmp(workDir) } });
  const result = JSON.parse(readFileSync(resultFile, 'utf8')) as SynthChildResult;
  return { ...result, wallMs: run.wallMs };
}

const medianRun = (runs: readonly SynthRun[]): SynthRun => ({
  wallMs: median(runs.map((r) => r.wallMs)),
  loadMs: median(runs.map((r) => r.loadMs)),
  buildMs: median(runs.map((r) => r.buildMs)),
  synthMs: median(runs.map((r) => r.synthMs)),
  cpuMs: median(runs.map((r) => r.cpuMs)),
  maxRssBytes: median(runs.map((r) => r.maxRssBytes)),
});

function terraform(dir: string, env: Record<string, string>, ...args: string[]): number {
  const started = performance.now();
  execFileSync('terraform', args, { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
  return performance.now() - started;
}

/** init (cold, then with a warm plugin cache) and validate ×3 on the largest member stack of a small catalog. */
async function measureTerraformValidate(workDir: string, log: (l: string) => void): Promise<TerraformValidate> {
  let env: Record<string, string>;
  try {
    env = offlineTerraform(path.join(workDir, 'terraform-config')).env;
  } catch (err) {
    return { error: err instanceof Error ? err.message.split('\n')[0] : String(err) };
  }
  const catalogDir = path.join(workDir, 'catalog-tf');
  writeCatalogFolder(catalogDir, generateCatalogInputs(10, DEFAULT_SEED));
  const outdir = path.join(workDir, 'out-tf');
  await synthOnce(catalogDir, outdir, path.join(workDir, 'tf-result.json'), 'offline-plan');
  const members = readMemberResourceTotals(outdir);
  if (members.length < 2) return { error: 'the synthesized app has fewer than two member stacks' };
  const [largest, second] = members;
  const cache = path.join(workDir, 'plugin-cache');
  rmSync(cache, { recursive: true, force: true });
  mkdirSync(cache, { recursive: true });
  const cacheEnv = { ...env, TF_PLUGIN_CACHE_DIR: cache };
  try {
    const initColdMs = terraform(path.join(outdir, 'stacks', second.stack), cacheEnv, 'init', '-input=false', '-backend=false', '-no-color');
    const dir = path.join(outdir, 'stacks', largest.stack);
    const initCachedMs = terraform(dir, cacheEnv, 'init', '-input=false', '-backend=false', '-no-color');
    const validateMs = [0, 1, 2].map(() => terraform(dir, cacheEnv, 'validate', '-no-color'));
    log(`terraform: init ${Math.round(initColdMs)} ms cold, ${Math.round(initCachedMs)} ms cached; validate ${validateMs.map(Math.round).join('/')} ms`);
    return { stack: largest.stack, resources: largest.resources, initColdMs, initCachedMs, validateMs, validateMedianMs: median(validateMs) };
  } catch (err) {
    const e = err as { stderr?: Buffer; message: string };
    return { error: `terraform failed: ${(e.stderr?.toString() || e.message).trim().split('\n').slice(0, 6).join(' ')}` };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  }
}

function readMemberResourceTotals(outdir: string): { stack: string; resources: number }[] {
  const stacksDir = path.join(outdir, 'stacks');
  return readdirSync(stacksDir).filter((s) => s.startsWith('member-'))
    .map((stack) => {
      const json = JSON.parse(readFileSync(path.join(stacksDir, stack, 'cdk.tf.json'), 'utf8')) as { resource?: Record<string, object> };
      const resources = Object.values(json.resource ?? {}).reduce((n, byId) => n + Object.keys(byId).length, 0);
      return { stack, resources };
    })
    .sort((a, b) => b.resources - a.resources);
}

/**
 * What sharding would give: the catalog split in two halves, each synthesized (with a hub for its
 * half) by its own process, both at once. An approximation of a sharded synth, which would build
 * the hub once; it shows how much of the time two cores can take in parallel.
 */
async function shardedSynth(accounts: number, workDir: string, log: (l: string) => void) {
  const all = generateCatalogInputs(accounts, DEFAULT_SEED);
  const half = Math.ceil(all.accounts.length / 2);
  const shards = [all.accounts.slice(0, half), all.accounts.slice(half)];
  const started = performance.now();
  const results = await Promise.all(shards.map(async (slice, i) => {
    const dir = path.join(workDir, `catalog-shard-${i}`);
    writeCatalogFolder(dir, { org: all.org, accounts: slice });
    const out = path.join(workDir, `out-shard-${i}`);
    try {
      return await synthOnce(dir, out, path.join(workDir, `result-shard-${i}.json`), 'deploy');
    } finally {
      rmSync(out, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  }));
  const wallMs = performance.now() - started;
  const maxRssBytes = Math.max(...results.map((r) => r.maxRssBytes));
  log(`synth ${accounts} accounts in 2 concurrent shards: ${Math.round(wallMs)} ms wall`);
  return { accounts, shards: shards.length, wallMs, maxRssBytes };
}

export async function runSynthScale(options: SynthScaleOptions = {}): Promise<SynthScaleResult> {
  const sizes = options.sizes ?? [10, 100, 1000];
  const runsWanted = options.runs ?? 3;
  const budget = options.budgetMsPerSize ?? 150_000;
  const log = options.log ?? (() => undefined);
  const workDir = options.workDir ?? path.join(os.tmpdir(), 'budget-guardrails-bench');
  mkdirSync(workDir, { recursive: true });
  // Function bundles are cached on disk by modules/function/bundle.ts (under the temp folder):
  // synths here get a private temp folder, emptied once and paid in a warm-up, so every timed size
  // sees the same (warm) cache and nothing else on the machine is disturbed.
  rmSync(synthTmp(workDir), { recursive: true, force: true });
  mkdirSync(synthTmp(workDir), { recursive: true });
  const warmDir = path.join(workDir, 'catalog-warm-up');
  writeCatalogFolder(warmDir, generateCatalogInputs(10, DEFAULT_SEED));
  const warm = await synthOnce(warmDir, path.join(workDir, 'out-warm-up'), path.join(workDir, 'result-warm-up.json'), 'deploy');
  rmSync(path.join(workDir, 'out-warm-up'), { recursive: true, force: true });
  rmSync(warmDir, { recursive: true, force: true });
  log(`synth warm-up (cold bundle cache), 10 accounts: ${Math.round(warm.wallMs)} ms`);
  const results: SynthSize[] = [];
  for (const accounts of sizes) {
    const catalogDir = path.join(workDir, `catalog-${accounts}`);
    writeCatalogFolder(catalogDir, generateCatalogInputs(accounts, DEFAULT_SEED));
    const outdir = path.join(workDir, `out-${accounts}`);
    const runs: SynthRun[] = [];
    let last: (SynthChildResult & { wallMs: number }) | undefined;
    let spent = 0;
    while (runs.length < runsWanted && (runs.length === 0 || spent < budget)) {
      last = await synthOnce(catalogDir, outdir, path.join(workDir, `result-${accounts}.json`), 'deploy');
      spent += last.wallMs;
      runs.push({ wallMs: last.wallMs, loadMs: last.loadMs, buildMs: last.buildMs, synthMs: last.synthMs, cpuMs: last.cpuMs, maxRssBytes: last.maxRssBytes });
      log(`synth ${accounts} accounts: ${Math.round(last.wallMs)} ms wall, ${Math.round(last.cpuMs)} ms CPU, ${Math.round(last.maxRssBytes / 1048576)} MiB peak`);
    }
    const summary = last!.summary;
    results.push({
      accounts, runs, median: medianRun(runs),
      outputBytes: summary.totalBytes, jsonBytes: summary.jsonBytes, stacks: summary.stacks,
      resources: Object.values(summary.resourceCounts).reduce((a, b) => a + b, 0),
      summary,
      catalogStats: last!.catalogStats,
    });
    rmSync(outdir, { recursive: true, force: true });
    rmSync(catalogDir, { recursive: true, force: true });
  }
  const marginalMsPerAccount = results.slice(1).map((r, i) => {
    const prev = results[i];
    const n = r.accounts - prev.accounts;
    return {
      from: prev.accounts, to: r.accounts,
      ms: (r.median.wallMs - prev.median.wallMs) / n,
      rssBytes: (r.median.maxRssBytes - prev.median.maxRssBytes) / n,
    };
  });
  const largest = results[results.length - 1];
  const sharded = largest && largest.median.wallMs >= SYNTH_GOAL.wallMs ? await shardedSynth(largest.accounts, workDir, log) : undefined;
  const terraformValidate = await measureTerraformValidate(workDir, log);
  return { seed: DEFAULT_SEED, sizes: results, marginalMsPerAccount, terraformValidate, warmUp: { accounts: 10, wallMs: warm.wallMs }, sharded };
}
