/**
 * What a platform team gets from npm: `npm pack` (which builds through prepack), the tarball
 * installed into a copy of examples/platform from the local npm cache, then, in order, the
 * consumer's strict `tsc` (exactOptionalPropertyTypes, noUncheckedIndexedAccess, skipLibCheck
 * false), the compiled JS under `node`, `ts-node` (cdktf's default runner), `npx guardrails
 * validate` and `terraform validate` on every synthesized stack. Run by `npm run test:package`
 * (.ci/run); minutes, not seconds, so it stays out of the default `npm test`.
 */
import { SpawnSyncReturns, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { requireTerraform } from '../support/terraform';

const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLE = path.join(ROOT, 'examples', 'platform');
const env = { ...process.env, CHECKPOINT_DISABLE: '1', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' };

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${String(result.status ?? result.signal)}\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

interface PackResult { readonly filename: string; readonly files: readonly { readonly path: string }[] }

let work: string;
let platform: string;
let packed: PackResult;

const stacksOf = (dir: string) => readdirSync(path.join(dir, 'cdktf.out', 'stacks')).sort();
const synthOutput = () => path.join(platform, 'cdktf.out');

beforeAll(() => {
  requireTerraform();
  work = mkdtempSync(path.join(os.tmpdir(), 'guardrails-packed-'));
  // Lifecycle output (prepack's build) comes first on stdout; the JSON report follows.
  const out = run('npm', ['pack', '--json', '--pack-destination', work], ROOT).stdout;
  packed = (JSON.parse(out.slice(out.search(/^\[/m))) as PackResult[])[0] as PackResult;
  platform = path.join(work, 'platform');
  cpSync(EXAMPLE, platform, { recursive: true, filter: (src) => !/[\\/](node_modules|cdktf\.out|build)$/.test(src) });
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(work, packed.filename)], platform);
});

afterAll(() => {
  if (work && !process.env.GUARDRAILS_KEEP_PACKED) rmSync(work, { recursive: true, force: true });
});

describe('the packed package, installed into examples/platform', () => {
  it('ships what a consumer runs and nothing else: compiled JS, declarations, maps, prebuilt bundles, the bin', () => {
    const files = packed.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'bin/guardrails.js', 'dist/index.js', 'dist/index.d.ts', 'dist/index.js.map', 'dist/cli/main.js', 'dist/bundles/manifest.json']));
    const unexpected = files.filter((f) => !/^(package\.json|README\.md|LICENSE|bin\/guardrails\.js)$/.test(f)
      && !/^dist\/.+\.(js|d\.ts|js\.map)$/.test(f) && !/^dist\/bundles\/(manifest\.json|[a-z-]+-[0-9a-f]{16}\.zip)$/.test(f));
    expect(unexpected).toEqual([]);
    expect(files.filter((f) => /__tests__|^bench\/|^\.ci|^\.github|\.png$|^examples\//.test(f))).toEqual([]);
  });

  it('offers the definers, the loader, both constructs and the app builder from its root, and one prebuilt bundle per function', async () => {
    const installed = path.join(platform, 'node_modules', 'budget-guardrails');
    const root = await import(path.join(installed, 'dist', 'index.js')) as Record<string, unknown> & { FUNCTION_NAMES: readonly string[] };
    for (const name of ['defineOrg', 'defineAccount', 'loadCatalog', 'loadCatalogOrThrow', 'BillingHub', 'MemberGuardrails', 'buildApp']) {
      expect({ name, type: typeof root[name] }).toEqual({ name, type: 'function' });
    }
    const { FUNCTION_NAMES } = root;
    const manifest = JSON.parse(readFileSync(path.join(installed, 'dist', 'bundles', 'manifest.json'), 'utf8')) as { functions: Record<string, { file: string }> };
    expect(Object.keys(manifest.functions).sort()).toEqual([...FUNCTION_NAMES].sort());
    for (const { file } of Object.values(manifest.functions)) expect(existsSync(path.join(installed, 'dist', 'bundles', file))).toBe(true);
    expect(existsSync(path.join(installed, 'functions'))).toBe(false);
  });

  it('type-checks the platform under strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess and skipLibCheck false', () => {
    const config = JSON.parse(readFileSync(path.join(platform, 'tsconfig.json'), 'utf8')).compilerOptions;
    expect(config).toMatchObject({ strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, skipLibCheck: false });
    const listed = run('npx', ['tsc', '-p', '.', '--listFiles'], platform).stdout.split('\n');
    // The account files and main.ts resolve 'budget-guardrails' through the installed package's declarations.
    expect(listed.some((f) => f.endsWith('node_modules/budget-guardrails/dist/index.d.ts'))).toBe(true);
    expect(existsSync(path.join(platform, 'build', 'main.js'))).toBe(true);
  });

  it('synthesizes with the compiled JS under node, using the package\'s prebuilt bundles', () => {
    run('node', ['build/main.js'], platform);
    expect(stacksOf(platform)).toEqual(['baseline-payments', 'baseline-sandbox', 'payer']);
    const payer = JSON.parse(readFileSync(path.join(synthOutput(), 'stacks', 'payer', 'cdk.tf.json'), 'utf8'));
    const manifest = JSON.parse(readFileSync(path.join(platform, 'node_modules', 'budget-guardrails', 'dist', 'bundles', 'manifest.json'), 'utf8')) as { functions: Record<string, { sha256: string; sourceCodeHash: string }> };
    const lambdas = Object.values(payer.resource.aws_lambda_function as Record<string, { function_name: string; source_code_hash: string }>);
    expect(lambdas.map((l) => l.source_code_hash).sort()).toEqual(Object.values(manifest.functions).map((f) => f.sourceCodeHash).sort());
    // The hub and its SCP lockdowns (payments locks down through SCPs) are in the platform's own payer stack.
    expect(Object.keys(payer.resource.aws_organizations_policy ?? {}).length).toBeGreaterThan(0);
    expect(payer.terraform.backend.s3).toMatchObject({ bucket: 'acme-platform-terraform-state', key: 'payer.tfstate' });
  });

  it('synthesizes the same with ts-node, cdktf\'s default TypeScript runner', () => {
    const compiled = readFileSync(path.join(synthOutput(), 'stacks', 'payer', 'cdk.tf.json'), 'utf8');
    rmSync(synthOutput(), { recursive: true, force: true });
    run('npx', ['ts-node', 'main.ts'], platform);
    expect(stacksOf(platform)).toEqual(['baseline-payments', 'baseline-sandbox', 'payer']);
    expect(readFileSync(path.join(synthOutput(), 'stacks', 'payer', 'cdk.tf.json'), 'utf8')).toBe(compiled);
  });

  it('runs `npx guardrails validate` against the platform\'s own accounts/', () => {
    const { stdout } = run('npx', ['guardrails', 'validate'], platform);
    expect(stdout).toContain('ok payments (100000000002): mode enforce');
    expect(stdout).toContain('2 account(s) valid; hub 100000000001 in us-east-1');
  });

  it('passes `terraform validate` on every stack', () => {
    for (const stack of stacksOf(platform)) {
      const dir = path.join(synthOutput(), 'stacks', stack);
      run('terraform', ['init', '-backend=false', '-input=false', '-no-color'], dir);
      expect(run('terraform', ['validate', '-no-color'], dir).stdout).toContain('Success! The configuration is valid.');
    }
  });
});
