/**
 * Loads a catalog folder: `org.ts` plus every other `*.ts` as one member account, named after
 * its file. Files are transpiled with esbuild and evaluated in-process, with the specifier
 * `budget-guardrails` mapped to the definers, so a catalog folder works wherever it lives
 * (the repo's `accounts/`, a temporary folder in a test, a platform team's own repo).
 */
import { transformSync } from 'esbuild';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as definers from './define';
import { CatalogError } from './errors';
import type { Catalog } from './types';
import { CatalogFile, ValidationResult, validateCatalog } from './validate';

export const ORG_FILE = 'org.ts';

/** How a file is named in messages: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

function resolveLocal(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

function evaluateTs(file: string, cache: Map<string, unknown>): unknown {
  const cached = cache.get(file);
  if (cached) return cached;
  const source = readFileSync(file, 'utf8');
  const { code } = transformSync(source, { loader: 'ts', format: 'cjs', sourcefile: file, target: 'node20' });
  const module = { exports: {} as Record<string, unknown> };
  cache.set(file, module.exports);
  const nodeRequire = createRequire(file);
  const localRequire = (specifier: string): unknown => {
    if (specifier === 'budget-guardrails') return definers;
    if (specifier.startsWith('.')) {
      const local = resolveLocal(file, specifier);
      if (local?.endsWith('.ts')) return evaluateTs(local, cache);
    }
    return nodeRequire(specifier);
  };
  new Function('require', 'module', 'exports', '__filename', '__dirname', code)(
    localRequire, module, module.exports, file, path.dirname(file),
  );
  cache.set(file, module.exports);
  return module.exports;
}

/** esbuild syntax errors carry a location; other errors are shown by their first line. */
function describeLoadError(err: unknown): string {
  // Anything can be thrown, undefined and null included.
  const first = (err as { errors?: { text: string; location?: { line: number; column: number } }[] } | null | undefined)?.errors?.[0];
  if (first) return first.location ? `line ${first.location.line}:${first.location.column}: ${first.text}` : first.text;
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}

export function readCatalogFile(file: string): CatalogFile {
  const label = displayPath(file);
  const name = path.basename(file, '.ts');
  try {
    const exports = evaluateTs(file, new Map()) as { default?: unknown };
    if (exports.default === undefined) {
      if (name === 'org') return { file: label, name, loadError: 'has no default export; end the file with `export default defineOrg({ ... })`' };
      // Every top-level file is an account, so a shared helper module belongs in a subfolder.
      return {
        file: label, name,
        loadError: 'has no default export; end the file with `export default defineAccount({ ... })`, '
          + 'or, if it is a helper module, move it into a subfolder (e.g. accounts/lib/) and import it from there',
      };
    }
    return { file: label, name, value: exports.default };
  } catch (err) {
    return { file: label, name, loadError: `cannot be evaluated (${describeLoadError(err)}); fix the TypeScript so the file loads` };
  }
}

export function listAccountFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && f !== ORG_FILE)
    .sort()
    .map((f) => path.join(dir, f));
}

/** Loads and validates a catalog folder; never throws for catalog mistakes, it reports them. */
export async function loadCatalog(dir: string): Promise<ValidationResult> {
  const folder = path.resolve(dir);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    return {
      catalog: null,
      issues: [{ file: displayPath(folder), field: '(folder)', message: 'does not exist; pass the catalog folder with --accounts DIR (default: accounts)' }],
    };
  }
  const orgPath = path.join(folder, ORG_FILE);
  const org = existsSync(orgPath) ? readCatalogFile(orgPath) : undefined;
  const accounts = listAccountFiles(folder).map(readCatalogFile);
  return validateCatalog(org, accounts, displayPath(orgPath));
}

/** Loads a catalog folder or throws a CatalogError listing every problem. */
export async function loadCatalogOrThrow(dir: string): Promise<Catalog> {
  const { catalog, issues } = await loadCatalog(dir);
  if (!catalog) throw new CatalogError(issues);
  return catalog;
}
