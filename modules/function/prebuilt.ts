/**
 * The Lambda bundles the package ships: `npm run build` writes one deterministic zip per hub
 * function into dist/bundles/, named by its content hash, and a manifest.json that lists them.
 * Synth reads them from here, in this repository and in a platform repo that installed the
 * package alike, so what the tests exercise is what ships and a consumer's synth never runs
 * esbuild nor needs the function sources. inputs.json (every bundled file, for the staleness
 * check in a checkout) stays out of the package.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FunctionName } from '../../core/naming/resources';
import { Bundle, bundleKey, handlerEntry, inputsHash } from './bundle';
import { PACKAGE_ROOT } from './package-root';

/** Where `npm run build` writes the bundles and where synth reads them. */
export const BUNDLES_DIR = path.join(PACKAGE_ROOT, 'dist', 'bundles');
export const MANIFEST_FILE = 'manifest.json';
export const INPUTS_FILE = 'inputs.json';
export const MANIFEST_FORMAT = 1;

export interface PrebuiltEntry extends Omit<Bundle, 'zipPath' | 'inputs'> {
  /** The zip's file name in the bundles folder: `<function>-<first 16 hex of its SHA-256>.zip`. */
  readonly file: string;
  /** bundleKey(): esbuild's version, the build options and the entry. */
  readonly key: string;
  /** inputsHash() of the bundled files when it was built. */
  readonly inputsHash: string;
}

export interface BundleManifest {
  readonly format: number;
  readonly functions: Readonly<Record<string, PrebuiltEntry>>;
}

const HOW_TO_BUILD = 'in a checkout of budget-guardrails run `npm run build` (or `npm run build:functions`); '
  + 'in a platform repo reinstall the budget-guardrails package, which ships them';

export const zipFileName = (name: string, sha256: string) => `${name}-${sha256.slice(0, 16)}.zip`;

export function readBundleManifest(dir = BUNDLES_DIR): BundleManifest {
  const file = path.join(dir, MANIFEST_FILE);
  if (!existsSync(file)) throw new Error(`${file}: the prebuilt Lambda bundles are missing; ${HOW_TO_BUILD}`);
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8')) as BundleManifest;
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${err instanceof Error ? err.message : String(err)}); ${HOW_TO_BUILD}`);
  }
  if (manifest.format !== MANIFEST_FORMAT || typeof manifest.functions !== 'object' || manifest.functions === null) {
    throw new Error(`${file}: format ${String(manifest.format)} is not ${MANIFEST_FORMAT}; ${HOW_TO_BUILD}`);
  }
  return manifest;
}

/** Per function, the files bundled into it and their bytes in the output. */
export type BundleInputs = Readonly<Record<string, Readonly<Record<string, number>>>>;

export function readBundleInputs(dir = BUNDLES_DIR): BundleInputs {
  try {
    return JSON.parse(readFileSync(path.join(dir, INPUTS_FILE), 'utf8')) as BundleInputs;
  } catch {
    return {};
  }
}

/**
 * In a checkout (the handler's sources are next to the package), whether the bundle still matches
 * them; an installed package has no sources and its bundles are what was published.
 */
export function isStale(name: FunctionName, entry: PrebuiltEntry, inputs: Readonly<Record<string, number>> | undefined): boolean {
  const handler = handlerEntry(name);
  if (!existsSync(handler)) return false;
  return !inputs || entry.key !== bundleKey(handler) || entry.inputsHash !== inputsHash(Object.keys(inputs));
}

/** Checked once per process and folder: hashing every input of six bundles takes a moment. */
const verified = new Map<string, Bundle>();

/** The prebuilt bundle of a hub function, its bytes checked against the manifest. */
export function prebuiltBundle(name: FunctionName, dir = BUNDLES_DIR): Bundle {
  const memoKey = `${dir}\0${name}`;
  const known = verified.get(memoKey);
  if (known && existsSync(known.zipPath)) return known;
  const manifest = readBundleManifest(dir);
  const entry = manifest.functions[name];
  const manifestFile = path.join(dir, MANIFEST_FILE);
  if (!entry) throw new Error(`${manifestFile}: no bundle for the function "${name}"; ${HOW_TO_BUILD}`);
  const zipPath = path.join(dir, entry.file);
  if (!existsSync(zipPath)) throw new Error(`${zipPath}: listed in ${MANIFEST_FILE} but missing; ${HOW_TO_BUILD}`);
  const sha256 = createHash('sha256').update(readFileSync(zipPath)).digest('hex');
  if (sha256 !== entry.sha256) throw new Error(`${zipPath}: its SHA-256 is not the one ${MANIFEST_FILE} records (the file was changed); ${HOW_TO_BUILD}`);
  const inputs = readBundleInputs(dir)[name];
  if (isStale(name, entry, inputs)) {
    throw new Error(`functions/${name}: the sources changed since its bundle was built, so synth would deploy old code; run \`npm run build:functions\``);
  }
  const { sourceCodeHash, zippedBytes, codeBytes, sourceMapBytes } = entry;
  const bundle: Bundle = { zipPath, sha256, sourceCodeHash, zippedBytes, codeBytes, sourceMapBytes, inputs: inputs ?? {} };
  verified.set(memoKey, bundle);
  return bundle;
}
