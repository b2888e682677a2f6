/**
 * `npm run build` (also run by `npm pack` through prepack): what the package ships, in dist/.
 *   1. the compiled CommonJS, declarations and source maps of index.ts and the `guardrails` CLI
 *      (tsconfig.build.json), into a clean dist/;
 *   2. the prebuilt Lambda bundles, dist/bundles/ (incremental, see modules/function/prebuilt.ts).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { buildFunctionBundles } from '../modules/function/build-bundles';
import { PACKAGE_ROOT } from '../modules/function/package-root';

const DIST = path.join(PACKAGE_ROOT, 'dist');
const started = Date.now();

// Compiled files of a removed source must not ship; the bundles folder cleans itself.
for (const entry of safeList(DIST).filter((e) => e !== 'bundles')) rmSync(path.join(DIST, entry), { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(PACKAGE_ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
const { manifest, written } = buildFunctionBundles();
console.log(`dist/: compiled JS + declarations; ${Object.keys(manifest.functions).length} function bundle(s), ${written.length} rebuilt (${Date.now() - started} ms)`);

function safeList(dir: string): string[] {
  try { return readdirSync(dir); } catch { return []; }
}
