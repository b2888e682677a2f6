/** The GitHub Actions workflow, parsed and checked against the repository it runs in. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { buildProgram } from '../../cli/main';

const ROOT = path.resolve(__dirname, '..', '..');
const workflow = parse(readFileSync(path.join(ROOT, '.github', 'workflows', 'guardrails.yml'), 'utf8'));
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

interface Step { name?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown> }
const steps = (job: string): Step[] => workflow.jobs[job].steps;
const scripts = (job: string) => steps(job).map((s) => s.run ?? '').join('\n');

describe('.github/workflows/guardrails.yml', () => {
  it('runs on pull requests touching accounts/ and on pushes to main', () => {
    expect(workflow.on.pull_request.paths).toEqual(['accounts/**']);
    expect(workflow.on.push.branches).toEqual(['main']);
    expect(workflow.on.push.paths).toContain('accounts/**');
  });

  it('reviews pull requests: install, validate, synth, terraform validate of changed stacks, summary comment', () => {
    const review = workflow.jobs.review;
    expect(review.if).toBe("github.event_name == 'pull_request'");
    expect(review.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(steps('review').find((s) => s.uses?.startsWith('actions/checkout@'))?.with).toEqual({ 'fetch-depth': 0 });
    const run = scripts('review');
    const order = ['npm ci', 'guardrails -- validate', 'npm run synth', 'stacks --changed-since "$BASE_REF"', 'terraform validate', 'summary --base "$BASE_REF"'];
    const positions = order.map((text) => run.indexOf(text));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(review.env.BASE_REF).toBe('origin/${{ github.base_ref }}');
    const comment = steps('review').find((s) => s.uses?.startsWith('actions/github-script@'));
    expect(comment?.with?.script).toContain("fs.readFileSync('guardrails-summary.md'");
    expect(comment?.with?.script).toContain('createComment');
  });

  it('deploys from main with OIDC credentials, or hands off to Terraform Cloud', () => {
    const deploy = workflow.jobs.deploy;
    expect(deploy.if).toContain("github.ref == 'refs/heads/main'");
    expect(deploy.permissions['id-token']).toBe('write');
    expect(deploy.env.TF_CLOUD_ORGANIZATION).toBe('${{ vars.TF_CLOUD_ORGANIZATION }}');
    const aws = steps('deploy').find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    expect(aws?.if).toBe("env.TF_CLOUD_ORGANIZATION == ''");
    expect(aws?.with?.['role-to-assume']).toBe('${{ vars.AWS_DEPLOY_ROLE_ARN }}');
    expect(scripts('deploy')).toContain("npx cdktf deploy --auto-approve --skip-synth '*'");
    expect(scripts('deploy').indexOf('npm run synth')).toBeLessThan(scripts('deploy').indexOf('cdktf deploy'));
  });

  it('every npm script and guardrails command it runs exists', () => {
    const all = Object.keys(workflow.jobs).map(scripts).join('\n');
    const used = [...all.matchAll(/npm run (?:--silent )?([\w:-]+)/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(0);
    for (const script of used) expect(Object.keys(pkg.scripts)).toContain(script);
    const commands = buildProgram({ out: () => undefined, err: () => undefined }, () => undefined).commands.map((c) => c.name());
    const guardrails = [...all.matchAll(/guardrails -- (\w+)/g)].map((m) => m[1]);
    expect(guardrails.length).toBeGreaterThan(0);
    for (const command of guardrails) expect(commands).toContain(command);
    expect(pkg.devDependencies['cdktf-cli'] ?? pkg.dependencies['cdktf-cli']).toBeDefined();
  });

  it('every run step is valid bash and takes GitHub expressions only through env (no script injection)', () => {
    for (const job of Object.keys(workflow.jobs)) {
      for (const step of steps(job).filter((s) => s.run)) {
        expect(() => execFileSync('bash', ['-n', '-c', step.run as string], { stdio: 'pipe' })).not.toThrow();
        expect(step.run).not.toContain('${{');
      }
    }
  });
});
