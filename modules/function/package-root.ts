/**
 * The budget-guardrails package's own folder, found by walking up to its package.json. The same
 * code runs from the TypeScript sources of a checkout (modules/function/) and from the compiled
 * package (dist/modules/function/), so a fixed number of `..` would be wrong in one of them.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export const PACKAGE_NAME = 'budget-guardrails';

export function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME) return dir;
    if (path.dirname(dir) === dir) throw new Error(`${from}: no package.json named "${PACKAGE_NAME}" above this folder; reinstall ${PACKAGE_NAME}`);
  }
}

/** The project root: holds package.json, and in a checkout functions/ too. */
export const PACKAGE_ROOT = findPackageRoot(__dirname);
