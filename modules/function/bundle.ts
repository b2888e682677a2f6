/**
 * Bundles a function's handler with esbuild into a deterministic zip (index.js + index.js.map).
 * The AWS SDK v3 clients are bundled, not taken from the Lambda runtime, so the pinned versions
 * in package.json are what runs. Bundles are cached by the hash of their inputs: in memory for
 * the process and on disk (content-addressed) across processes, so building many times bundles
 * each function once. `npm run build` uses it to write the prebuilt bundles (prebuilt.ts) that
 * synth reads; synth itself only bundles a handler of the user's own (`entry`).
 */
import { buildSync, version as esbuildVersion, type BuildOptions, type Metafile } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PACKAGE_ROOT } from './package-root';
import { zipDeterministic } from './zip';

/** The project root (holds package.json, and in a checkout functions/). */
export const PROJECT_ROOT = PACKAGE_ROOT;
export const BUNDLE_HANDLER = 'index.handler';

/** Where a hub function's code lives: `functions/<name>/handler.ts`. */
export const handlerEntry = (name: string) => path.join(PROJECT_ROOT, 'functions', name, 'handler.ts');

export interface BundleRequest {
  /** The handler module (absolute, or relative to the project root); it must export `handler`. */
  readonly entry: string;
  /**
   * Folder the cache lives in.
   * @default `<os tmpdir>/budget-guardrails-bundles`
   */
  readonly cacheDir?: string;
}

export interface Bundle {
  /** A deterministic zip holding index.js and index.js.map. */
  readonly zipPath: string;
  /** Hex SHA-256 of the zip: the Terraform asset hash. */
  readonly sha256: string;
  /** Base64 SHA-256 of the zip, as Lambda's source_code_hash expects (filebase64sha256). */
  readonly sourceCodeHash: string;
  readonly zippedBytes: number;
  readonly codeBytes: number;
  readonly sourceMapBytes: number;
  /** Bundled input files (relative to the project root) and their bytes in the output. */
  readonly inputs: Readonly<Record<string, number>>;
}

const OUTFILE = 'index.js';

/** Shared by every function; a change here is a change in every cache key. */
const BUILD_OPTIONS: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  minify: true,
  // Linked map with names and mappings only: Node's --enable-source-maps maps stack traces,
  // and leaving sources out keeps the zip small.
  sourcemap: 'linked',
  sourcesContent: false,
  // Prefer ES modules (the SDK ships dist-es) so unused code is tree-shaken.
  mainFields: ['module', 'main'],
  legalComments: 'none',
  // Paths as the project sees them (node_modules/...), even where node_modules is a symlink, so
  // every checkout of the same sources gives the same bytes.
  preserveSymlinks: true,
  metafile: true,
  write: false,
  logLevel: 'silent',
};

interface Manifest {
  readonly inputsHash: string;
  readonly bundle: Omit<Bundle, 'zipPath'>;
}

/** In-process cache: a synth after the first only re-hashes the inputs. */
const memory = new Map<string, Manifest & { readonly zipPath: string }>();

export function defaultCacheDir(): string {
  return path.join(os.tmpdir(), 'budget-guardrails-bundles');
}

export function bundleHandler(request: BundleRequest): Bundle {
  const entry = path.resolve(PROJECT_ROOT, request.entry);
  if (!existsSync(entry)) {
    throw new Error(`${path.relative(PROJECT_ROOT, entry)}: the function's handler does not exist; `
      + 'create it exporting `handler` (see docs/hub.md#function-packaging), or point the function at another entry');
  }
  const cacheDir = request.cacheDir ?? defaultCacheDir();
  const key = bundleKey(entry);

  const memoryKey = `${cacheDir}\0${key}`;
  const remembered = memory.get(memoryKey);
  const cached = remembered && existsSync(remembered.zipPath) ? remembered : readManifest(cacheDir, key);
  if (cached && inputsHash(Object.keys(cached.bundle.inputs)) === cached.inputsHash) {
    memory.set(memoryKey, cached);
    return { ...cached.bundle, zipPath: cached.zipPath };
  }

  const bundle = build(entry, cacheDir);
  const manifest: Manifest = { inputsHash: inputsHash(Object.keys(bundle.inputs)), bundle: withoutPath(bundle) };
  atomicWrite(manifestPath(cacheDir, key), Buffer.from(JSON.stringify(manifest)));
  memory.set(memoryKey, { ...manifest, zipPath: bundle.zipPath });
  return bundle;
}

function build(entry: string, cacheDir: string): Bundle {
  let result;
  try {
    result = buildSync({
      ...BUILD_OPTIONS,
      entryPoints: [entry],
      absWorkingDir: PROJECT_ROOT,
      // Never written (write: false); a fixed path keeps the map's relative sources identical on every machine.
      outfile: path.join(PROJECT_ROOT, '.bundle', OUTFILE),
    });
  } catch (err) {
    const errors = (err as { errors?: { text: string; location?: { file: string; line: number } }[] }).errors ?? [];
    const lines = errors.map((e) => `  ${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}`);
    throw new Error(`bundling ${path.relative(PROJECT_ROOT, entry)} failed:\n${lines.join('\n') || String(err)}`);
  }
  const files = new Map((result.outputFiles ?? []).map((f) => [path.basename(f.path), Buffer.from(f.contents)]));
  const code = files.get(OUTFILE);
  const map = files.get(`${OUTFILE}.map`);
  if (!code || !map) throw new Error(`esbuild produced no ${OUTFILE} for ${entry}`);
  const zip = zipDeterministic([{ name: OUTFILE, data: code }, { name: `${OUTFILE}.map`, data: map }]);
  const sha256 = sha256Hex(zip);
  mkdirSync(cacheDir, { recursive: true });
  const zipPath = path.join(cacheDir, `${sha256}.zip`);
  if (!existsSync(zipPath)) atomicWrite(zipPath, zip);
  return {
    zipPath,
    sha256,
    sourceCodeHash: createHash('sha256').update(zip).digest('base64'),
    zippedBytes: zip.length,
    codeBytes: code.length,
    sourceMapBytes: map.length,
    inputs: bundledInputs(result.metafile as Metafile),
  };
}

/** What, besides the input files, decides a bundle's bytes: esbuild's version, the options, the entry. */
export function bundleKey(entry: string): string {
  return sha256Hex(JSON.stringify({ esbuildVersion, BUILD_OPTIONS, entry: path.relative(PROJECT_ROOT, path.resolve(PROJECT_ROOT, entry)) }));
}

function bundledInputs(metafile: Metafile): Record<string, number> {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint !== undefined);
  const inputs: Record<string, number> = {};
  for (const name of Object.keys(metafile.inputs).sort()) inputs[name] = output?.inputs[name]?.bytesInOutput ?? 0;
  return inputs;
}

/** Hash of every input file's name and content; a missing file hashes differently from any content. */
export function inputsHash(inputs: readonly string[]): string {
  const hash = createHash('sha256');
  for (const name of [...inputs].sort()) {
    const file = path.resolve(PROJECT_ROOT, name);
    hash.update(name).update('\0');
    hash.update(existsSync(file) ? readFileSync(file) : Buffer.from('\0missing\0')).update('\0');
  }
  return hash.digest('hex');
}

function manifestPath(cacheDir: string, key: string) {
  return path.join(cacheDir, `${key}.json`);
}

function readManifest(cacheDir: string, key: string): (Manifest & { readonly zipPath: string }) | undefined {
  try {
    const manifest = JSON.parse(readFileSync(manifestPath(cacheDir, key), 'utf8')) as Manifest;
    const zipPath = path.join(cacheDir, `${manifest.bundle.sha256}.zip`);
    if (!existsSync(zipPath) || sha256Hex(readFileSync(zipPath)) !== manifest.bundle.sha256) return undefined;
    return { ...manifest, zipPath };
  } catch {
    return undefined;
  }
}

/** Parallel test workers may write the same file: write aside, then rename into place. */
function atomicWrite(file: string, data: Buffer): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

export function withoutPath({ sha256, sourceCodeHash, zippedBytes, codeBytes, sourceMapBytes, inputs }: Bundle): Omit<Bundle, 'zipPath'> {
  return { sha256, sourceCodeHash, zippedBytes, codeBytes, sourceMapBytes, inputs };
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
