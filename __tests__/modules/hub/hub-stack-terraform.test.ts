import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { FUNCTION_NAMES } from '../../../core/naming/resources';
import { shippedCatalog } from '../../support/catalog';
import { planJson, requireTerraform, stackDir, synthApp, terraform } from '../../support/terraform';

type Synth = { resource: Record<string, Record<string, Record<string, unknown>>> };
type Plan = ReturnType<typeof planJson>;

const lambdas = (synth: Synth) => Object.values(synth.resource.aws_lambda_function)
  .map((f) => [f.function_name, f.filename, f.source_code_hash] as const)
  .sort((a, b) => String(a[0]).localeCompare(String(b[0])));

describe('the real hub stack (all six handlers bundled)', () => {
  let dir: string;
  let again: string;
  let plan: Plan;
  beforeAll(async () => {
    requireTerraform();
    const catalog = await shippedCatalog();
    dir = stackDir(synthApp(catalog, { planMode: 'offline-plan' }), 'hub');
    again = stackDir(synthApp(catalog, { planMode: 'offline-plan' }), 'hub');
    plan = planJson(dir);
  });

  const synthOf = (d: string) => JSON.parse(readFileSync(path.join(d, 'cdk.tf.json'), 'utf8')) as Synth;

  it('passes terraform validate', () => {
    expect(terraform(dir, 'validate', '-no-color')).toContain('The configuration is valid');
  });

  it('plans offline: six Node.js 22 arm64 functions, the bus, the table and its catalog items', () => {
    const changes = plan.resource_changes ?? [];
    const functions = changes.filter((c) => c.type === 'aws_lambda_function').map((c) => c.change.after);
    expect(functions.map((f) => f.function_name).sort()).toEqual(FUNCTION_NAMES.map((n) => `budget-guardrails-${n}`).sort());
    for (const f of functions) expect(f).toMatchObject({ runtime: 'nodejs22.x', architectures: ['arm64'], handler: 'index.handler' });
    expect(changes.filter((c) => c.type === 'aws_cloudwatch_event_bus').map((c) => c.change.after.name)).toEqual(['budget-guardrails']);
    expect(changes.filter((c) => c.type === 'aws_dynamodb_table_item')).toHaveLength(5);
  });

  it('gives the same asset paths and source hashes when synthesized twice', () => {
    const first = lambdas(synthOf(dir));
    expect(first).toHaveLength(FUNCTION_NAMES.length);
    expect(lambdas(synthOf(again))).toEqual(first);
    for (const [, filename] of first) expect(readFileSync(path.join(again, String(filename))).equals(readFileSync(path.join(dir, String(filename))))).toBe(true);
  });
});
