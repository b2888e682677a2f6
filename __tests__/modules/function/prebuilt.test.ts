/**
 * The prebuilt bundles: `npm run build` writes one content-hashed zip per function of the
 * registry (FUNCTION_NAMES) and synth uses exactly those bytes, never esbuild.
 */
import { TerraformStack, Testing } from 'cdktf';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FUNCTION_NAMES } from '../../../core/naming/resources';
import { buildFunctionBundles } from '../../../modules/function/build-bundles';
import { GuardrailFunction } from '../../../modules/function/guardrail-function';
import { BUNDLES_DIR, INPUTS_FILE, MANIFEST_FILE, prebuiltBundle, readBundleManifest } from '../../../modules/function/prebuilt';
import { guardrailProvider } from '../../../modules/stacks/providers';
import { shippedCatalog } from '../../support/catalog';
import { readZip } from '../../support/zip-reader';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'guardrails-prebuilt-'));
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('building the prebuilt bundles', () => {
  let dir: string;
  let first: ReturnType<typeof buildFunctionBundles>;
  beforeAll(() => {
    dir = tempDir();
    writeFileSync(path.join(dir, 'enforcer-0000000000000000.zip'), 'an old build');
    first = buildFunctionBundles(dir);
  });

  it('writes one zip per registered function, named by its content hash, and a manifest listing them', () => {
    expect(Object.keys(first.manifest.functions).sort()).toEqual([...FUNCTION_NAMES].sort());
    for (const [name, entry] of Object.entries(first.manifest.functions)) {
      const zip = path.join(dir, entry.file);
      expect(entry.file).toBe(`${name}-${entry.sha256.slice(0, 16)}.zip`);
      expect(sha256(zip)).toBe(entry.sha256);
      expect(entry.sourceCodeHash).toBe(Buffer.from(entry.sha256, 'hex').toString('base64'));
      expect(readZip(readFileSync(zip)).map((e) => e.name)).toEqual(['index.js', 'index.js.map']);
    }
    expect(readdirSync(dir).sort()).toEqual([INPUTS_FILE, MANIFEST_FILE, ...Object.values(first.manifest.functions).map((e) => e.file)].sort());
  });

  it('is deterministic and incremental: a second build writes nothing and changes no byte', () => {
    const before = Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f))]));
    const again = buildFunctionBundles(dir);
    expect(again.written).toEqual([]);
    expect(again.manifest).toEqual(first.manifest);
    for (const [file, bytes] of Object.entries(before)) expect(readFileSync(path.join(dir, file)).equals(bytes)).toBe(true);
  });

  it('the test run uses the same build as the package folder (global setup built dist/bundles)', () => {
    expect(readBundleManifest(BUNDLES_DIR)).toEqual(first.manifest);
  });
});

describe('reading a prebuilt bundle', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
    cpSync(BUNDLES_DIR, dir, { recursive: true });
  });

  it('returns the zip and the hashes the manifest records', () => {
    const bundle = prebuiltBundle('evaluator', dir);
    const entry = readBundleManifest(dir).functions.evaluator;
    expect(bundle).toMatchObject({ zipPath: path.join(dir, entry.file), sha256: entry.sha256, sourceCodeHash: entry.sourceCodeHash });
    expect(Object.keys(bundle.inputs)).toContain('functions/evaluator/handler.ts');
  });

  it('explains how to get the bundles when the folder has none', () => {
    const empty = tempDir();
    expect(() => prebuiltBundle('notifier', empty)).toThrow(`${path.join(empty, MANIFEST_FILE)}: the prebuilt Lambda bundles are missing; in a checkout of budget-guardrails run \`npm run build\``);
  });

  it('refuses a zip whose bytes are not the ones recorded', () => {
    const copy = tempDir();
    cpSync(dir, copy, { recursive: true });
    const entry = readBundleManifest(copy).functions.reset;
    copyFileSync(path.join(copy, readBundleManifest(copy).functions.notifier.file), path.join(copy, entry.file));
    expect(() => prebuiltBundle('reset', copy)).toThrow(`${path.join(copy, entry.file)}: its SHA-256 is not the one manifest.json records`);
  });

  it('in a checkout, refuses a bundle older than its sources instead of deploying old code', () => {
    const copy = tempDir();
    cpSync(dir, copy, { recursive: true });
    const inputs = JSON.parse(readFileSync(path.join(copy, INPUTS_FILE), 'utf8'));
    // As if the bundle had been built before functions/tag-policy/extra.ts was imported.
    inputs['tag-policy'] = { ...inputs['tag-policy'], 'functions/tag-policy/extra.ts': 10 };
    writeFileSync(path.join(copy, INPUTS_FILE), JSON.stringify(inputs));
    expect(() => prebuiltBundle('tag-policy', copy)).toThrow('functions/tag-policy: the sources changed since its bundle was built, so synth would deploy old code; run `npm run build:functions`');
  });
});

describe('GuardrailFunction', () => {
  it('deploys the prebuilt zip byte for byte when no entry of its own is given', async () => {
    const catalog = await shippedCatalog();
    const app = Testing.app();
    const stack = new TerraformStack(app, 'fn');
    guardrailProvider(stack, 'aws', { region: 'us-east-1', sessionName: 't', tags: {}, options: { planMode: 'offline-plan' } });
    const fn = new GuardrailFunction(stack, 'notifier', {
      name: 'notifier', org: catalog.org, statements: [], environment: {}, opsTopicArn: 'arn:aws:sns:us-east-1:111111111111:ops',
    });
    app.synth();
    const entry = readBundleManifest().functions.notifier;
    expect(fn.bundle.zipPath).toBe(path.join(BUNDLES_DIR, entry.file));
    const lambda = Object.values(JSON.parse(Testing.synth(stack)).resource.aws_lambda_function as Record<string, { filename: string; source_code_hash: string }>)[0];
    expect(lambda.source_code_hash).toBe(entry.sourceCodeHash);
    const deployed = path.join(app.outdir, 'stacks', 'fn', lambda.filename);
    expect(existsSync(deployed) && sha256(deployed)).toBe(entry.sha256);
  });
});
