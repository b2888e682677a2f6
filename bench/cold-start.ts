/**
 * Cold initialisation of each function bundle: the zip synth produces (modules/function/bundle)
 * is unpacked and `require`d in a fresh Node process with the environment the hub sets
 * (including NODE_OPTIONS=--enable-source-maps), 10 times; the median is reported. What is timed
 * is the module load — the part of a Lambda cold start ("Init Duration") that the bundle decides;
 * Node's own bootstrap is reported beside it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveOrg } from '../core/catalog/resolve';
import { orgSchema } from '../core/catalog/schema';
import type { FunctionName } from '../core/naming/resources';
import { bundleHandler } from '../modules/function/bundle';
import { handlers } from './lib/handlers';
import { functionEnvironment } from '../modules/hub/environment';
import { orgInput } from './lib/catalog-generator';
import { runNode } from './lib/child';
import { median } from './lib/stats';

export const COLD_START_GOAL_MS = 300;

export interface FunctionColdStart {
  readonly name: FunctionName;
  readonly zippedBytes: number;
  /** `require()` of the bundle, per run. */
  readonly initMs: readonly number[];
  readonly medianInitMs: number;
  /** From process start to the handler being ready (Node bootstrap + init), median. */
  readonly medianProcessReadyMs: number;
  readonly withinGoal: boolean;
}

export interface ColdStartResult {
  readonly runs: number;
  readonly goalMs: number;
  readonly functions: readonly FunctionColdStart[];
  readonly missing: readonly FunctionName[];
}

/** Printed by the child: how long the require took, and how long since the process started. */
const LOADER = `
const { performance } = require('node:perf_hooks');
const t0 = performance.now();
const mod = require(process.argv[1]);
const t1 = performance.now();
if (typeof mod.handler !== 'function') { console.error('the bundle exports no handler function'); process.exit(2); }
process.stdout.write(JSON.stringify({ initMs: t1 - t0, readyMs: t1 }));
`;

function functionEnv(): Record<string, string> {
  const org = resolveOrg(orgSchema.parse(orgInput()));
  return {
    ...functionEnvironment(org),
    NODE_OPTIONS: '--enable-source-maps',
    AWS_REGION: org.hubRegion,
    AWS_DEFAULT_REGION: org.hubRegion,
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
  };
}

export async function runColdStart(options: { runs?: number; log?: (l: string) => void } = {}): Promise<ColdStartResult> {
  const runs = options.runs ?? 10;
  const log = options.log ?? (() => undefined);
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'guardrails-cold-start-'));
  const env = functionEnv();
  const functions: FunctionColdStart[] = [];
  const { present, missing } = handlers();
  try {
    for (const { name, entry } of present) {
      const bundle = bundleHandler({ entry });
      const dir = path.join(workDir, name);
      mkdirSync(dir, { recursive: true });
      execFileSync('unzip', ['-q', '-o', bundle.zipPath, '-d', dir]);
      const samples: { initMs: number; readyMs: number }[] = [];
      for (let i = 0; i < runs; i++) {
        // A fresh process each time, with its environment only (no tsx, no parent NODE_OPTIONS).
        const run = await runNode(['-e', LOADER, path.join(dir, 'index.js')], { env: { ...env, PATH: process.env.PATH ?? '' }, inheritEnv: false, cwd: dir });
        samples.push(JSON.parse(run.stdout) as { initMs: number; readyMs: number });
      }
      const medianInitMs = median(samples.map((s) => s.initMs));
      functions.push({
        name,
        zippedBytes: bundle.zippedBytes,
        initMs: samples.map((s) => s.initMs),
        medianInitMs,
        medianProcessReadyMs: median(samples.map((s) => s.readyMs)),
        withinGoal: medianInitMs < COLD_START_GOAL_MS,
      });
      log(`cold start ${name}: median init ${medianInitMs.toFixed(1)} ms over ${runs} runs`);
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  return { runs, goalMs: COLD_START_GOAL_MS, functions, missing };
}
