/**
 * The README's "Use from your own repo" is the tested example, verbatim, and the example asks
 * for the very cdktf, constructs and provider versions the package depends on (two copies of
 * constructs do not compose: a stack from one is not a Construct to the other).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { satisfies } from 'semver';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const README = read('README.md');
const section = (title: string) => {
  const start = README.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README has no "## ${title}" section`);
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end < 0 ? undefined : end);
};
const SHARED = ['cdktf', 'constructs', '@cdktf/provider-aws'] as const;


describe('README "Use from your own repo"', () => {
  it('shows examples/platform/main.ts exactly', () => {
    expect(section('Use from your own repo')).toContain(`\`\`\`ts\n${read('examples/platform/main.ts')}\`\`\``);
  });

  it('the package takes cdktf, constructs and the provider as peers; the example and README install versions they accept, the ones this repo tests with', () => {
    const pkg = JSON.parse(read('package.json')) as { peerDependencies: Record<string, string>; devDependencies: Record<string, string>; dependencies: Record<string, string> };
    const example = JSON.parse(read('examples/platform/package.json')) as { dependencies: Record<string, string> };
    for (const name of SHARED) {
      const tested = pkg.devDependencies[name];
      expect({ name, inDependencies: pkg.dependencies[name] }).toEqual({ name, inDependencies: undefined });
      expect({ name, example: example.dependencies[name] }).toEqual({ name, example: tested });
      expect({ name, peerAccepts: satisfies(tested ?? '', pkg.peerDependencies[name] ?? '') }).toEqual({ name, peerAccepts: true });
      expect(section('Use from your own repo')).toContain(`${name}@${tested}`);
    }
  });

  it('tells cdktf CLI users about CHECKPOINT_DISABLE and --skip-provider-lock', () => {
    expect(section('Use from your own repo')).toMatch(/export CHECKPOINT_DISABLE=1/);
    expect(section('Use from your own repo')).toMatch(/cdktf deploy .*--skip-provider-lock/);
  });
});

describe('README "Default settings"', () => {
  it('has a row for every prop of BillingHub and MemberGuardrails', () => {
    const props = (file: string, name: string) => {
      const source = read(file);
      const body = source.slice(source.indexOf(`export interface ${name} {`), source.indexOf('\n}', source.indexOf(`export interface ${name} {`)));
      return [...body.matchAll(/^ {2}readonly (\w+)\??:/gm)].map((m) => m[1]);
    };
    const table = section('Default settings');
    const all = [...props('modules/hub/billing-hub.ts', 'BillingHubProps'), ...props('modules/member/member-guardrails.ts', 'MemberGuardrailsProps')];
    expect(all.length).toBeGreaterThanOrEqual(8);
    expect(all.filter((prop) => !table.includes(`| \`${prop}\` |`))).toEqual([]);
  });
});
