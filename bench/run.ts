/**
 * `npm run bench`: every benchmark in one run, written to bench/RESULTS.md (with the machine, the
 * date and the command) and bench/results/*.json. A benchmark that cannot run is reported as not
 * measured, with its error, and the others still run.
 *
 * Environment: BENCH_SIZES (default "10,100,1000"), BENCH_RUNS (synth and throughput repetitions,
 * default 3), BENCH_COLD_RUNS (default 10).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ColdStartResult, runColdStart } from './cold-start';
import { runForecastAccuracy } from './forecast-accuracy';
import { runCostModel } from './cost-model';
import { ThroughputResult, runEnforcementThroughput } from './enforcement-throughput';
import { machineInfo } from './lib/machine';
import { BenchReport, BundleRow, Section, goalsOf, renderResults } from './lib/report';
import { runOrgScale } from './org-scale';
import { runSynthScale } from './synth-scale';

const RESULTS_DIR = path.join(__dirname, 'results');
const log = (line: string) => console.error(`[bench] ${line}`);

function intList(value: string | undefined, fallback: number[]): number[] {
  if (!value) return fallback;
  const list = value.split(',').map((v) => Number(v.trim()));
  if (list.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`BENCH_SIZES must be positive whole numbers separated by commas, e.g. "10,100,1000"; got "${value}"`);
  return list;
}

async function attempt<T>(name: string, work: () => Promise<T>): Promise<Section<T>> {
  const started = performance.now();
  log(`${name}…`);
  try {
    const result = await work();
    log(`${name} done in ${Math.round(performance.now() - started)} ms`);
    return { result };
  } catch (err) {
    const error = err instanceof Error ? err.message.split('\n').slice(0, 4).join(' ') : String(err);
    log(`${name} FAILED: ${error}`);
    return { error };
  }
}

function writeJson(name: string, value: unknown): void {
  writeFileSync(path.join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(value, null, 2)}\n`);
}

/** Sizes from bench/bundle-size.ts (the hub's own benchmark) when present, else from the bundles cold-start built. */
async function bundleSizes(cold: ColdStartResult | undefined): Promise<{ rows: BundleRow[]; source: string; missing: string[] }> {
  if (existsSync(path.join(__dirname, 'bundle-size.ts'))) {
    const mod = await import('./bundle-size');
    const result = await mod.runBundleSize();
    return {
      rows: result.functions.map((f) => ({ name: f.name, zippedBytes: f.zippedBytes, heaviest: f.heaviest })),
      source: '`bench/bundle-size.ts` (each function bundled from scratch exactly as synth bundles it; details in `bench/results/bundle-size.json`)',
      missing: [...result.missing],
    };
  }
  if (!cold) throw new Error('neither bench/bundle-size.ts nor the cold-start bundles are available');
  return {
    rows: cold.functions.map((f) => ({ name: f.name, zippedBytes: f.zippedBytes })),
    source: 'the zips `modules/function/bundle.ts` produced for the cold-start runs (bench/bundle-size.ts was not present)',
    missing: [...cold.missing],
  };
}

/** The runtime-budget benchmark (bench/runtime-overrun.ts, owned by the runtime-meter work), when present. */
async function runtimeOverrun(): Promise<{ markdown: string }> {
  const file = path.join(__dirname, 'runtime-overrun.ts');
  if (!existsSync(file)) throw new Error('bench/runtime-overrun.ts does not exist yet (it belongs to the runtime-budget issue)');
  const mod = (await import(file)) as Record<string, unknown>;
  const runner = Object.entries(mod).find(([name, fn]) => typeof fn === 'function' && /^run/i.test(name));
  if (!runner) throw new Error('bench/runtime-overrun.ts exports no run… function');
  const result = await (runner[1] as () => Promise<unknown>)();
  writeJson('runtime-overrun', result);
  const renderer = Object.entries(mod).find(([name, fn]) => typeof fn === 'function' && /markdown|render/i.test(name));
  if (renderer) return { markdown: String((renderer[1] as (r: unknown) => unknown)(result)) };
  const text = (result as { markdown?: unknown } | null)?.markdown;
  return { markdown: typeof text === 'string' ? text : `\`\`\`json\n${JSON.stringify(result, null, 2)}\n\`\`\`` };
}

async function main(): Promise<void> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  mkdirSync(RESULTS_DIR, { recursive: true });
  const sizes = intList(process.env.BENCH_SIZES, [10, 100, 1000]);
  const runs = intList(process.env.BENCH_RUNS, [3])[0];
  const coldRuns = intList(process.env.BENCH_COLD_RUNS, [10])[0];
  const machine = machineInfo();
  const loadAtStart = os.loadavg()[0];

  const synth = await attempt('synth at scale', () => runSynthScale({ sizes, runs, log }));
  const coldStart = await attempt('cold start', () => runColdStart({ runs: coldRuns, log }));
  const bundles = await attempt('bundle sizes', () => bundleSizes(coldStart.result));
  const throughput = await attempt('enforcement throughput', async () => {
    const results: ThroughputResult[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await runEnforcementThroughput({ seed: 7 + i });
      log(`throughput run ${i + 1}: ${Math.round(r.wallMs)} ms, lost ${r.lost.length}, repeated ${r.repeated.length}`);
      results.push(r);
    }
    // Harsher wire: many actions exhaust their SDK retries, and the next reconcile must finish the job.
    const stress = await runEnforcementThroughput({ accounts: 20, throttleShare: 0.4, seed: 99 });
    log(`throughput stress run: ${Math.round(stress.wallMs)} ms, failed first round ${stress.failedFirstRound}, lost ${stress.lost.length}, repeated ${stress.repeated.length}`);
    return { runs: results, stress };
  });
  const cost = await attempt('cost model', async () => {
    if (!synth.result) throw new Error(`needs the synth results (${synth.error})`);
    return runCostModel(synth.result.sizes, coldStart.result);
  });
  const overrun = await attempt('runtime overrun', runtimeOverrun);
  const forecast = await attempt('forecast accuracy', () => runForecastAccuracy());
  const orgScale = await attempt('org scale', () => runOrgScale({ log }));

  const report: BenchReport = {
    machine, startedAt, command: 'npm run bench', totalMs: performance.now() - started, loadAverage: [loadAtStart, os.loadavg()[0]],
    synth, bundles, coldStart, throughput, cost, overrun, forecast, orgScale,
  };
  writeJson('synth-scale', synth);
  writeJson('cold-start', coldStart);
  writeJson('enforcement-throughput', throughput);
  writeJson('cost-model', cost);
  writeJson('forecast-accuracy', forecast);
  writeJson('org-scale', orgScale);
  writeJson('summary', { machine, startedAt, totalMs: report.totalMs, loadAverage: report.loadAverage, goals: goalsOf(report) });
  writeFileSync(path.join(__dirname, 'RESULTS.md'), renderResults(report));
  log(`wrote bench/RESULTS.md in ${Math.round(report.totalMs / 1000)} s`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : String(err));
  process.exit(1);
});
