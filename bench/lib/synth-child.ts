/**
 * One synth, in its own process (so peak memory is this synth's alone): the same steps as
 * main.ts — load and validate the catalog folder, build the hub and member stacks, synthesize —
 * timed per phase. Usage: synth-child.ts <catalog dir> <outdir> <result.json> [offline-plan|deploy]
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadCatalog } from '../../core/catalog/load';
import { formatIssue } from '../../core/catalog/errors';
import { buildApp } from '../../modules/app';
import { CatalogStats, catalogStats } from './catalog-stats';
import { summarizeSynthOutput } from './synth-output';

export interface SynthChildResult {
  readonly accounts: number;
  readonly loadMs: number;
  readonly buildMs: number;
  readonly synthMs: number;
  readonly totalMs: number;
  /** CPU time of the process (user + system): less sensitive than wall time to other load on the machine. */
  readonly cpuMs: number;
  /** Peak resident set size of the process, in bytes (process.resourceUsage().maxRSS). */
  readonly maxRssBytes: number;
  readonly summary: ReturnType<typeof summarizeSynthOutput>;
  readonly catalogStats: CatalogStats;
}

async function main(): Promise<void> {
  const [catalogDir, outdir, resultFile, planMode = 'deploy'] = process.argv.slice(2);
  if (!catalogDir || !outdir || !resultFile) throw new Error('usage: synth-child.ts <catalog dir> <outdir> <result.json> [offline-plan|deploy]');
  const t0 = performance.now();
  const { catalog, issues } = await loadCatalog(catalogDir);
  if (!catalog) throw new Error(`catalog ${catalogDir} is invalid:\n${issues.slice(0, 10).map(formatIssue).join('\n')}`);
  const t1 = performance.now();
  const { app } = buildApp(catalog, { planMode: planMode === 'offline-plan' ? 'offline-plan' : 'deploy' }, outdir);
  const t2 = performance.now();
  app.synth();
  const t3 = performance.now();
  const usage = process.resourceUsage();
  const maxRssBytes = usage.maxRSS * 1024;
  const result: SynthChildResult = {
    accounts: catalog.accounts.length,
    loadMs: t1 - t0, buildMs: t2 - t1, synthMs: t3 - t2, totalMs: t3 - t0,
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    maxRssBytes,
    summary: summarizeSynthOutput(outdir),
    catalogStats: catalogStats(catalog),
  };
  writeFileSync(resultFile, JSON.stringify(result));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : String(err));
  process.exit(1);
});
