/**
 * Bundle size: each hub function bundled from scratch (fresh cache) exactly as synth bundles it,
 * recording the zipped size against the 1 MB goal, the code and source-map sizes, the bundle time,
 * and the packages that weigh most. Run: `npx tsx bench/bundle-size.ts` (or through bench/run.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { FunctionName } from '../core/naming/resources';
import { bundleHandler } from '../modules/function/bundle';
import { handlers } from './lib/handlers';
import { machineInfo, type MachineInfo } from './lib/machine';

export const BUNDLE_GOAL_BYTES = 1024 * 1024;
export const BUNDLE_SIZE_RESULTS = path.join(__dirname, 'results', 'bundle-size.json');

export interface FunctionBundleSize {
  readonly name: FunctionName;
  readonly zippedBytes: number;
  readonly codeBytes: number;
  readonly sourceMapBytes: number;
  readonly bundleMs: number;
  readonly withinGoal: boolean;
  /** Packages (or project folders) by bytes in the minified output, largest first. */
  readonly heaviest: readonly { readonly module: string; readonly bytes: number }[];
}

export interface BundleSizeResult {
  readonly goalBytes: number;
  readonly machine: MachineInfo;
  readonly functions: readonly FunctionBundleSize[];
  /** Functions whose handler.ts does not exist yet: not measured. */
  readonly missing: readonly FunctionName[];
  readonly allWithinGoal: boolean;
}

/** node_modules/@aws-sdk/client-sts/dist-es/... → @aws-sdk/client-sts; functions/aws/x.ts → functions/aws. */
function moduleOf(input: string): string {
  const parts = input.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at >= 0) return parts[at + 1].startsWith('@') ? `${parts[at + 1]}/${parts[at + 2]}` : parts[at + 1];
  return parts.slice(0, 2).join('/');
}

function heaviest(inputs: Readonly<Record<string, number>>, top = 8) {
  const byModule = new Map<string, number>();
  for (const [input, bytes] of Object.entries(inputs)) byModule.set(moduleOf(input), (byModule.get(moduleOf(input)) ?? 0) + bytes);
  return [...byModule.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([module, bytes]) => ({ module, bytes }));
}

export interface BundleSizeOptions {
  /** Write bench/results/bundle-size.json. @default true */
  readonly write?: boolean;
}

export async function runBundleSize(options: BundleSizeOptions = {}): Promise<BundleSizeResult> {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'guardrails-bundle-bench-'));
  const functions: FunctionBundleSize[] = [];
  const { present, missing } = handlers();
  try {
    for (const { name, entry } of present) {
      const start = performance.now();
      const bundle = bundleHandler({ entry, cacheDir });
      functions.push({
        name,
        zippedBytes: bundle.zippedBytes,
        codeBytes: bundle.codeBytes,
        sourceMapBytes: bundle.sourceMapBytes,
        bundleMs: Math.round(performance.now() - start),
        withinGoal: bundle.zippedBytes < BUNDLE_GOAL_BYTES,
        heaviest: heaviest(bundle.inputs),
      });
    }
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
  const result: BundleSizeResult = {
    goalBytes: BUNDLE_GOAL_BYTES,
    machine: machineInfo(),
    functions,
    missing,
    allWithinGoal: missing.length === 0 && functions.every((f) => f.withinGoal),
  };
  if (options.write ?? true) {
    mkdirSync(path.dirname(BUNDLE_SIZE_RESULTS), { recursive: true });
    writeFileSync(BUNDLE_SIZE_RESULTS, `${JSON.stringify(result, null, 2)}\n`);
  }
  return result;
}

if (require.main === module) {
  runBundleSize().then((result) => {
    for (const f of result.functions) {
      console.log(`${f.name.padEnd(14)} ${(f.zippedBytes / 1024).toFixed(0).padStart(5)} KiB zipped  ${f.withinGoal ? 'ok' : 'OVER GOAL'}  (${f.bundleMs} ms)`);
    }
    if (result.missing.length > 0) console.log(`not measured (no handler.ts yet): ${result.missing.join(', ')}`);
    process.exitCode = result.allWithinGoal ? 0 : 1;
  }).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  });
}
