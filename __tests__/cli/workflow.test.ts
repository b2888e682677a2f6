/** The GitHub Actions workflow, parsed (yaml) and checked against the repository it runs in. */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { buildProgram } from '../../cli/main';
import { readPlans } from '../../cli/plans';
import { synthApp } from '../support/terraform';
import { shippedCatalog } from '../support/catalog';

const ROOT = path.resolve(__dirname, '..', '..');
const WORKFLOW_FILE = path.join(ROOT, '.github', 'workflows', 'guardrails.yml');
const source = readFileSync(WORKFLOW_FILE, 'utf8');
const workflow = parse(source);
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

interface Step { name?: string; id?: string; uses?: string; run?: string; if?: string; env?: Record<string, string>; with?: Record<string, unknown> }
interface Job {
  name: string; if?: string; needs?: string | string[]; 'timeout-minutes'?: number; permissions: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean }; env?: Record<string, string>; steps: Step[]; environment?: string;
}
const jobs = workflow.jobs as Record<string, Job>;
const steps = (job: string): Step[] => jobs[job].steps;
const scripts = (job: string) => steps(job).map((s) => s.run ?? '').join('\n');
const stepRunning = (job: string, text: string) => steps(job).findIndex((s) => s.run?.includes(text));

/** Top-level folders holding TypeScript the package builds, tests or ships (the code and the catalog). */
const CODE_FOLDERS = readdirSync(ROOT)
  .filter((f) => !['node_modules', '.git', 'cdktf.out'].includes(f) && statSync(path.join(ROOT, f)).isDirectory())
  .filter((f) => execFileSync('git', ['ls-files', '--', `${f}/*.ts`, `${f}/**/*.ts`], { cwd: ROOT, encoding: 'utf8' }).trim() !== '');

describe('.github/workflows/guardrails.yml', () => {
  it('every pull request that touches code or the catalog runs the workflow', () => {
    expect(CODE_FOLDERS).toEqual(expect.arrayContaining(['accounts', 'cli', 'core', 'functions', 'modules']));
    const pr = workflow.on.pull_request ?? {};
    // No path filter at all, or one naming every code folder.
    if (pr.paths) for (const folder of CODE_FOLDERS) expect(pr.paths).toContain(`${folder}/**`);
    expect(pr['paths-ignore']).toBeUndefined();
    expect(workflow.on.push.branches).toEqual(['main']);
    for (const folder of ['accounts', 'core', 'modules', 'functions']) expect(workflow.on.push.paths).toContain(`${folder}/**`);
  });

  it('lints, tests and synthesizes on pull requests and before a deploy', () => {
    const test = jobs.test;
    expect(test.if).toBeUndefined();
    const order = ['npm ci', 'npm run lint', 'npm run build', 'npm run synth', 'npm test'];
    const positions = order.map((text) => stepRunning('test', text));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // The offline Terraform tests need a provider mirror: made from the synthesized hub.
    expect(scripts('test')).toContain('providers mirror "$HOME/.terraform.d/plugins"');
    expect(pkg.scripts.lint).toMatch(/tsc/);
    expect(pkg.scripts.lint).toMatch(/eslint/);
    expect(jobs.deploy.needs).toBe('test');
  });

  it('plans the changed stacks under a read-only OIDC role and puts the counts in the comment', () => {
    const review = jobs.review;
    expect(review.if).toBe("github.event_name == 'pull_request'");
    expect(review.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', 'id-token': 'write' });
    expect(steps('review').find((s) => s.uses?.startsWith('actions/checkout@'))?.with).toEqual({ 'fetch-depth': 0 });
    const aws = steps('review').find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    expect(aws?.with?.['role-to-assume']).toBe('${{ vars.AWS_PLAN_ROLE_ARN }}');
    expect(aws?.with?.['role-to-assume']).not.toBe(steps('deploy').find((s) => s.uses?.startsWith('aws-actions/'))?.with?.['role-to-assume']);
    expect(review.env?.GUARDRAILS_MEMBER_ROLE_NAME).toBe('${{ vars.AWS_PLAN_MEMBER_ROLE_NAME }}');
    const plan = steps('review').find((s) => s.run?.includes('terraform -chdir="$dir" plan'));
    expect(plan?.run).toContain('stacks --changed-since "$BASE_REF"');
    expect(plan?.run).toContain('-lock=false -no-color -out=tfplan');
    expect(plan?.run).toContain('show -json tfplan > "plans/$stack.json"');
    expect(plan?.run).toContain('| tee "plans/$stack.txt"');
    expect(plan?.run).not.toMatch(/terraform[^\n]* apply/);
    expect(steps('review').indexOf(aws as Step)).toBeLessThan(steps('review').indexOf(plan as Step));
    const order = ['npm ci', 'guardrails -- validate', 'npm run synth', 'terraform -chdir="$dir" plan', '--full --plan plans', '--report-url "$REPORT_URL" --plan plans'];
    const positions = order.map((text) => stepRunning('review', text));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('the plan step runs: JSON plans with the OIDC role, text plans with Terraform Cloud, validate only for forks', () => {
    const script = steps('review').find((s) => s.run?.includes('terraform -chdir="$dir" plan'))!.run as string;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'guardrails-plan-step-'));
    try {
      const bin = path.join(dir, 'bin');
      mkdirSync(bin);
      for (const stack of ['hub', 'member-a']) mkdirSync(path.join(dir, 'cdktf.out', 'stacks', stack), { recursive: true });
      // Stand-ins for `npm run --silent guardrails -- stacks` and terraform, recording every call.
      writeFileSync(path.join(bin, 'npm'), '#!/bin/bash\necho "hub member-a"\n');
      writeFileSync(path.join(bin, 'terraform'), [
        '#!/bin/bash', 'echo "$*" >> "$CALLS"',
        'case "$*" in *"show -json"*) echo \'{"format_version":"1.2","resource_changes":[{"change":{"actions":["create"]}},{"change":{"actions":["update"]}}]}\';;',
        '  *" plan "*) echo "Plan: 3 to add, 0 to change, 1 to destroy.";; esac', '',
      ].join('\n'));
      for (const f of ['npm', 'terraform']) chmodSync(path.join(bin, f), 0o755);
      let run = 0;
      const runStep = (env: Record<string, string>) => {
        rmSync(path.join(dir, 'plans'), { recursive: true, force: true });
        const calls = path.join(dir, `calls-${(run += 1)}`);
        execFileSync('bash', ['-e', '-c', script], {
          cwd: dir, stdio: 'pipe',
          env: { PATH: `${bin}:${process.env.PATH}`, RUNNER_TEMP: dir, BASE_REF: 'origin/main', CALLS: calls, ...env },
        });
        return { calls: readFileSync(calls, 'utf8'), plans: existsSync(path.join(dir, 'plans')) ? readPlans(path.join(dir, 'plans')) : [] };
      };
      const oidc = runStep({ SAME_REPO: 'true', AWS_PLAN_ROLE_ARN: 'arn:aws:iam::111111111111:role/plan', TF_CLOUD_ORGANIZATION: '' });
      expect(oidc.plans).toEqual([{ stack: 'hub', counts: { add: 1, change: 1, destroy: 0 } }, { stack: 'member-a', counts: { add: 1, change: 1, destroy: 0 } }]);
      expect(oidc.calls).toContain('-chdir=cdktf.out/stacks/member-a plan -input=false -lock=false -no-color -out=tfplan');
      const cloud = runStep({ SAME_REPO: 'true', AWS_PLAN_ROLE_ARN: '', TF_CLOUD_ORGANIZATION: 'acme' });
      expect(cloud.plans).toEqual([{ stack: 'hub', counts: { add: 3, change: 0, destroy: 1 } }, { stack: 'member-a', counts: { add: 3, change: 0, destroy: 1 } }]);
      const fork = runStep({ SAME_REPO: 'false', AWS_PLAN_ROLE_ARN: 'arn:aws:iam::111111111111:role/plan', TF_CLOUD_ORGANIZATION: '' });
      expect(fork.plans).toEqual([]);
      expect(fork.calls).not.toContain(' plan ');
      expect(fork.calls).toContain('-chdir=cdktf.out/stacks/hub init -input=false -backend=false');
      expect(fork.calls).toContain('-chdir=cdktf.out/stacks/hub validate');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uploads the full report as an artifact and links it from the comment', () => {
    const full = steps('review').find((s) => s.run?.includes('--full'));
    const reportFile = /> (\S+)$/.exec(full?.run?.trim() ?? '')?.[1];
    expect(reportFile).toBe('guardrails-summary-full.md');
    const upload = steps('review').find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with?.path).toBe(reportFile);
    const summarize = steps('review').find((s) => s.run?.includes('--report-url'));
    expect(summarize?.env?.REPORT_URL).toBe(`\${{ steps.${upload?.id}.outputs.artifact-url }}`);
    const comment = steps('review').find((s) => s.uses?.startsWith('actions/github-script@'));
    expect(summarize?.run).toContain('> guardrails-summary.md');
    expect(comment?.with?.script).toContain("fs.readFileSync('guardrails-summary.md'");
    expect(comment?.with?.script).toContain('body.length > 65536');
  });

  it('deploys every stack with one cdktf command, in the order of the manifest (the hub before its members)', () => {
    const deploy = jobs.deploy;
    expect(deploy.if).toContain("github.ref == 'refs/heads/main'");
    expect(deploy.permissions['id-token']).toBe('write');
    expect(deploy.environment).toBe('production');
    expect(deploy.env?.TF_CLOUD_ORGANIZATION).toBe('${{ vars.TF_CLOUD_ORGANIZATION }}');
    const aws = steps('deploy').find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    expect(aws?.if).toBe("env.TF_CLOUD_ORGANIZATION == ''");
    expect(aws?.with?.['role-to-assume']).toBe('${{ vars.AWS_DEPLOY_ROLE_ARN }}');
    const deploys = [...scripts('deploy').matchAll(/cdktf deploy[^\n]*/g)].map((m) => m[0]);
    expect(deploys).toEqual(["cdktf deploy --auto-approve --skip-synth '*'"]);
    expect(scripts('deploy')).not.toMatch(/terraform[^\n]* apply/);
    expect(stepRunning('deploy', 'npm run synth')).toBeLessThan(stepRunning('deploy', 'cdktf deploy'));
  });

  it("the order cdktf deploy '*' follows: every member stack depends on the hub in the synthesized manifest", async () => {
    const outdir = synthApp(await shippedCatalog());
    try {
      const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, { dependencies: string[] }> };
      const stacks = Object.entries(manifest.stacks);
      expect(stacks.map(([name]) => name)).toContain('hub');
      expect(manifest.stacks.hub.dependencies).toEqual([]);
      for (const [name, stack] of stacks.filter(([n]) => n !== 'hub')) expect({ name, dependsOnHub: stack.dependencies.includes('hub') }).toEqual({ name, dependsOnHub: true });
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('every job has a concurrency group, a timeout and least permissions', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    for (const [id, job] of Object.entries(jobs)) {
      expect({ id, group: typeof job.concurrency?.group }).toEqual({ id, group: 'string' });
      expect({ id, timeout: job['timeout-minutes'] }).toEqual({ id, timeout: expect.any(Number) });
      expect(job['timeout-minutes']).toBeLessThanOrEqual(60);
      expect(job.permissions).toBeDefined();
    }
    // Pull-request jobs cancel a superseded run; the deploy never cancels one half way.
    expect(jobs.test.concurrency?.['cancel-in-progress']).toBe(true);
    expect(jobs.review.concurrency?.group).toContain('github.event.pull_request.number');
    expect(jobs.deploy.concurrency?.['cancel-in-progress']).toBe(false);
  });

  it('pins every action by a full commit SHA with its tag in a comment, and runs Node 22', () => {
    const uses = Object.values(jobs).flatMap((j) => j.steps).filter((s) => s.uses).map((s) => s.uses as string);
    expect(uses.length).toBeGreaterThanOrEqual(10);
    for (const u of uses) expect(u).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
    const lines = source.split('\n').filter((l) => /^\s*(- )?uses:/.test(l));
    expect(lines).toHaveLength(uses.length);
    for (const line of lines) expect(line).toMatch(/@[0-9a-f]{40} # v\d+(\.\d+){0,2}$/);
    // One SHA per action across the file: no two versions of the same action.
    const shas = new Map<string, Set<string>>();
    for (const u of uses) {
      const [action, sha] = u.split('@');
      shas.set(action, (shas.get(action) ?? new Set()).add(sha));
    }
    for (const [action, set] of shas) expect({ action, versions: set.size }).toEqual({ action, versions: 1 });
    const nodes = Object.values(jobs).flatMap((j) => j.steps).filter((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(nodes).toHaveLength(Object.keys(jobs).length);
    for (const n of nodes) expect(n.with?.['node-version']).toBe(22);
  });

  it('every npm script and guardrails command it runs exists', () => {
    const all = Object.keys(jobs).map(scripts).join('\n');
    const used = [...all.matchAll(/npm run (?:--silent )?([\w:-]+)/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(0);
    for (const script of used) expect(Object.keys(pkg.scripts)).toContain(script);
    const program = buildProgram({ out: () => undefined, err: () => undefined }, () => undefined);
    const commands = program.commands.map((c) => c.name());
    const guardrails = [...all.matchAll(/guardrails -- (\w+)([^\n>|]*)/g)];
    expect(guardrails.length).toBeGreaterThan(0);
    for (const [, command, args] of guardrails) {
      expect(commands).toContain(command);
      const options = program.commands.find((c) => c.name() === command)!.options.map((o) => o.long);
      for (const flag of args.match(/--[\w-]+/g) ?? []) expect({ command, flag, known: options.includes(flag) }).toEqual({ command, flag, known: true });
    }
    expect(pkg.devDependencies['cdktf-cli'] ?? pkg.dependencies['cdktf-cli']).toBeDefined();
  });

  it('every run step is valid bash and takes GitHub expressions only through env (no script injection)', () => {
    for (const job of Object.keys(jobs)) {
      for (const step of steps(job).filter((s) => s.run)) {
        expect(() => execFileSync('bash', ['-n', '-c', step.run as string], { stdio: 'pipe' })).not.toThrow();
        expect(step.run).not.toContain('${{');
      }
    }
  });

  it('the README describes the workflow as it is', () => {
    const onboarding = readme.slice(readme.indexOf('## Onboarding an account'), readme.indexOf('## Deploying'));
    const deploying = readme.slice(readme.indexOf('## Deploying'), readme.indexOf('## Air-gapped Terraform'));
    for (const text of ['npm run lint', 'npm test', 'npm run synth', 'terraform plan', 'AWS_PLAN_ROLE_ARN', 'artifact']) expect(onboarding).toContain(text);
    for (const text of ["cdktf deploy --auto-approve --skip-synth '*'", 'manifest', 'AWS_DEPLOY_ROLE_ARN', 'lint, test and synth']) expect(deploying).toContain(text);
    expect(onboarding).not.toContain('For a change under `accounts/`');
  });
});
