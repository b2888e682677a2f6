/** `npm run build:functions`: the prebuilt Lambda bundles in dist/bundles/ (incremental). */
import * as path from 'node:path';
import { buildFunctionBundles } from '../modules/function/build-bundles';

const started = Date.now();
const { dir, manifest, written } = buildFunctionBundles();
for (const [name, entry] of Object.entries(manifest.functions)) {
  console.log(`${written.includes(name as never) ? 'built ' : 'kept  '} ${path.relative(process.cwd(), path.join(dir, entry.file))} (${(entry.zippedBytes / 1024).toFixed(0)} KiB)`);
}
console.log(`${Object.keys(manifest.functions).length} function bundle(s) in ${path.relative(process.cwd(), dir)} (${Date.now() - started} ms)`);
