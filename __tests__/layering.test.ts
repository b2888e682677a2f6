/**
 * The layering of docs/architecture.md#layout-and-layering, checked on every test run (ESLint checks it too): core/ imports no cdktf and
 * no AWS SDK; functions/ imports no cdktf; modules/ imports no AWS SDK and no provider barrel;
 * cli/ imports only core/, except cli/aws/ (the operator commands that call AWS);
 * shipped code never imports the AGPL simulator.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

function sources(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  return readdirSync(abs).flatMap((entry) => {
    const full = path.join(abs, entry);
    if (statSync(full).isDirectory()) return sources(path.join(dir, entry));
    return entry.endsWith('.ts') ? [path.join(dir, entry)] : [];
  });
}

function existing(dir: string): string[] {
  try { return sources(dir); } catch { return []; }
}

function imports(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

const rules: [string, RegExp, string][] = [
  ['core', /^(cdktf|constructs|@cdktf\/|@aws-sdk\/)|\/(modules|functions|cli)\//, 'core/ must not import cdktf, the AWS SDK, modules/, functions/ or cli/'],
  ['functions', /^(cdktf|constructs|@cdktf\/)|\/(modules|cli)\//, 'functions/ must not import cdktf, modules/ or cli/'],
  ['modules', /^@aws-sdk\/|^@cdktf\/provider-aws(\/lib)?$/, 'modules/ must not import the AWS SDK or the provider barrel'],
  ['cli', /^(cdktf|constructs|@cdktf\/|@aws-sdk\/)|\/(modules|functions)\//, 'cli/ imports core/ only: no cdktf, no AWS SDK, no modules/ or functions/'],
  ['cli/aws', /^(cdktf|constructs|@cdktf\/)|\/modules\//, 'cli/aws/ may use the AWS SDK and functions/aws adapters, never cdktf or modules/'],
];

const outside = (sub: string) => (file: string) => !file.startsWith(`${sub}/`);

describe('layering', () => {
  it.each(rules)('%s/', (dir, forbidden, why) => {
    const files = dir === 'cli' ? sources(dir).filter(outside('cli/aws')) : existing(dir);
    const offenders = files.flatMap((f) => imports(f).filter((i) => forbidden.test(i)).map((i) => `${f}: ${i}`));
    expect({ why, offenders }).toEqual({ why, offenders: [] });
  });

  it('shipped code never imports @cloud-copilot/iam-simulate (AGPL)', () => {
    const shipped = ['core', 'functions', 'modules', 'cli'].flatMap(sources).concat(['main.ts', 'index.ts']);
    const offenders = shipped.filter((f) => imports(f).some((i) => i.startsWith('@cloud-copilot/iam-simulate')));
    expect(offenders).toEqual([]);
  });
});
