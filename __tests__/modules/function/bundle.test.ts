import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FUNCTION_NAMES } from '../../../core/naming/resources';
import { Bundle, PROJECT_ROOT, bundleHandler } from '../../../modules/function/bundle';
import { zipDeterministic } from '../../../modules/function/zip';
import { readZip } from '../../support/zip-reader';

const FIXTURE = path.join(PROJECT_ROOT, '__tests__', 'fixtures', 'functions', 'echo', 'handler.ts');
const freshCache = () => mkdtempSync(path.join(os.tmpdir(), 'guardrails-bundle-test-'));

describe('bundling a handler', () => {
  let first: Bundle;
  let second: Bundle;
  beforeAll(() => {
    first = bundleHandler({ entry: FIXTURE, cacheDir: freshCache() });
    second = bundleHandler({ entry: FIXTURE, cacheDir: freshCache() });
  });

  it('gives the same bytes and hashes from two independent builds', () => {
    expect(second.sha256).toBe(first.sha256);
    expect(readFileSync(second.zipPath).equals(readFileSync(first.zipPath))).toBe(true);
    expect(first.sourceCodeHash).toBe(Buffer.from(first.sha256, 'hex').toString('base64'));
  });

  it('zips index.js and its source map with fixed timestamps and readable permissions', () => {
    const entries = readZip(readFileSync(first.zipPath));
    expect(entries.map((e) => e.name)).toEqual(['index.js', 'index.js.map']);
    for (const entry of entries) {
      expect({ date: entry.dosDate, time: entry.dosTime, mode: entry.unixMode }).toEqual({ date: 33, time: 0, mode: 0o100644 });
    }
    const code = entries[0].data.toString('utf8');
    expect(code).toMatch(/\/\/# sourceMappingURL=index\.js\.map\s*$/);
    const map = JSON.parse(entries[1].data.toString('utf8'));
    expect(map.sources).toContain('../__tests__/fixtures/functions/echo/handler.ts');
    expect(map.sourcesContent).toBeUndefined();
  });

  it('bundles the AWS SDK client and the core schema instead of expecting them at run time', () => {
    expect(Object.keys(first.inputs).some((i) => i.includes('node_modules/@aws-sdk/client-sts/'))).toBe(true);
    expect(first.inputs['core/events/schemas.ts']).toBeGreaterThan(0);
    const code = readZip(readFileSync(first.zipPath))[0].data.toString('utf8');
    const sdkRequires = new Set([...code.matchAll(/require\("(@aws-sdk\/[^"]+)"\)/g)].map((m) => m[1]));
    // Only the optional CRT signer (native, for SigV4a) stays a guarded run-time require.
    expect([...sdkRequires].filter((m) => m !== '@aws-sdk/signature-v4-crt')).toEqual([]);
  });

  it('runs in plain Node: exports handler, and rejects an event that is not an EventBridge envelope', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'guardrails-bundle-run-'));
    for (const entry of readZip(readFileSync(first.zipPath))) writeFileSync(path.join(dir, entry.name), entry.data);
    const script = `const m = require(${JSON.stringify(path.join(dir, 'index.js'))});
      m.handler({ nope: true }).then(() => console.log('accepted'), (e) => console.log(typeof m.handler, e.name));`;
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(out.trim()).toBe('function ZodError');
  });

  it('rebuilds when an input changes and reuses the cache when it changes back', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'guardrails-bundle-change-'));
    const entry = path.join(dir, 'handler.ts');
    const cacheDir = freshCache();
    writeFileSync(entry, 'export const handler = async () => "one";\n');
    const one = bundleHandler({ entry, cacheDir });
    writeFileSync(entry, 'export const handler = async () => "two";\n');
    const two = bundleHandler({ entry, cacheDir });
    writeFileSync(entry, 'export const handler = async () => "one";\n');
    const again = bundleHandler({ entry, cacheDir });
    expect(two.sha256).not.toBe(one.sha256);
    expect(again).toEqual(one);
  });

  it('names the file when the handler is missing or does not compile', () => {
    expect(() => bundleHandler({ entry: 'functions/no-such-function/handler.ts', cacheDir: freshCache() }))
      .toThrow('functions/no-such-function/handler.ts: the function\'s handler does not exist');
    const broken = path.join(mkdtempSync(path.join(os.tmpdir(), 'guardrails-bundle-broken-')), 'handler.ts');
    writeFileSync(broken, 'export const handler = async () => {\n  return (;\n};\n');
    expect(() => bundleHandler({ entry: broken, cacheDir: freshCache() })).toThrow(/bundling .*handler\.ts failed:\n.*handler\.ts:2: /);
  });
});

describe('the deterministic zip', () => {
  it('is independent of entry order and refuses duplicate names', () => {
    const a = { name: 'a.js', data: Buffer.from('a') };
    const b = { name: 'b.js', data: Buffer.from('b'.repeat(1000)) };
    expect(zipDeterministic([b, a]).equals(zipDeterministic([a, b]))).toBe(true);
    expect(readZip(zipDeterministic([a, b])).map((e) => e.data.toString())).toEqual(['a', 'b'.repeat(1000)]);
    expect(() => zipDeterministic([a, a])).toThrow('zip entry "a.js" appears twice');
  });
});

describe('the real functions', () => {
  const cacheDir = freshCache();
  it.each(FUNCTION_NAMES)('%s has a handler that bundles to index.js with its source map', (name) => {
    const entry = path.join(PROJECT_ROOT, 'functions', name, 'handler.ts');
    expect(existsSync(entry) ? entry : `missing ${entry}`).toBe(entry);
    const bundle = bundleHandler({ entry, cacheDir });
    expect(readZip(readFileSync(bundle.zipPath)).map((e) => e.name)).toEqual(['index.js', 'index.js.map']);
    expect(Object.keys(bundle.inputs)).toContain(`functions/${name}/handler.ts`);
    // Same source, same bytes: the process-wide cache (used by synth) holds an identical build.
    expect(bundleHandler({ entry }).sha256).toBe(bundle.sha256);
  });
});
