/**
 * Writes the prebuilt bundles (prebuilt.ts) for every function of the registry, FUNCTION_NAMES:
 * a function added there is bundled from `functions/<name>/handler.ts` without further wiring.
 * Incremental: a bundle whose inputs did not change is reused, so running it before every synth
 * and test run costs a hash of the inputs.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { FUNCTION_NAMES, FunctionName } from '../../core/naming/resources';
import { bundleHandler, bundleKey, handlerEntry, inputsHash, withoutPath } from './bundle';
import { BUNDLES_DIR, BundleManifest, INPUTS_FILE, MANIFEST_FILE, MANIFEST_FORMAT, PrebuiltEntry, zipFileName } from './prebuilt';

export interface BuildBundlesResult {
  readonly dir: string;
  readonly manifest: BundleManifest;
  /** Functions whose zip changed (or was missing) in this run. */
  readonly written: readonly FunctionName[];
}

export function buildFunctionBundles(dir = BUNDLES_DIR, names: readonly FunctionName[] = FUNCTION_NAMES): BuildBundlesResult {
  mkdirSync(dir, { recursive: true });
  const functions: Record<string, PrebuiltEntry> = {};
  const inputs: Record<string, Readonly<Record<string, number>>> = {};
  const written: FunctionName[] = [];
  for (const name of [...names].sort()) {
    const entry = handlerEntry(name);
    const bundle = bundleHandler({ entry });
    const file = zipFileName(name, bundle.sha256);
    const target = path.join(dir, file);
    if (!existsSync(target)) {
      const tmp = temporaryName(target);
      copyFileSync(bundle.zipPath, tmp);
      renameSync(tmp, target);
      written.push(name);
    }
    const { inputs: bundled, ...facts } = withoutPath(bundle);
    functions[name] = { file, key: bundleKey(entry), inputsHash: inputsHash(Object.keys(bundled)), ...facts };
    inputs[name] = bundled;
  }
  const manifest: BundleManifest = { format: MANIFEST_FORMAT, functions };
  // Inputs first: a reader that sees the new manifest must find the matching inputs.
  writeIfChanged(path.join(dir, INPUTS_FILE), `${JSON.stringify(inputs)}\n`);
  writeIfChanged(path.join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  // Old zips would ship in the package and confuse readers of the folder.
  const keep = new Set(Object.values(functions).map((f) => f.file));
  for (const old of readdirSync(dir).filter((f) => f.endsWith('.zip') && !keep.has(f))) rmSync(path.join(dir, old), { force: true });
  return { dir, manifest, written };
}

function writeIfChanged(file: string, text: string): void {
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return;
  const tmp = temporaryName(file);
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** Concurrent builds (a test run and a synth) each write aside, then rename into place. */
const temporaryName = (file: string) => `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
