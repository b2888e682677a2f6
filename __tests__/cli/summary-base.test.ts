/**
 * `summary --base` and `stacks --changed-since` against real commits in a temporary git repository
 * holding a copy of the shipped catalog.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateCatalogInputs } from '../../bench/lib/catalog-generator';
import { ACCOUNTS_DIR, accountSource } from '../support/catalog';
import { cli } from './run-cli';

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Guardrails Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A repository whose first commit is the shipped catalog. */
function shippedRepo(): { repo: string; accounts: string } {
  const repo = mkdtempSync(path.join(os.tmpdir(), 'guardrails-git-'));
  git(repo, 'init', '-q', '-b', 'main');
  const accounts = path.join(repo, 'accounts');
  cpSync(ACCOUNTS_DIR, accounts, { recursive: true });
  writeFileSync(path.join(repo, 'README.md'), '# platform\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'shipped catalog');
  return { repo, accounts };
}

const edit = (file: string, from: string, to: string) => {
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
  writeFileSync(file, text.replace(from, to));
};

const NEW_ACCOUNT = accountSource(`{
  id: '666666666666',
  owners: ['ml-platform@example.com'],
  mode: 'enforce',
  targetUsd: 3000,
  enforcement: { critical: { scaleToZero: ['ml-inference'] } },
}`);

describe('summary --base GIT_REF (temporary repository)', () => {
  const repos: string[] = [];
  afterAll(() => { for (const r of repos) rmSync(r, { recursive: true, force: true }); });

  let repo: string;
  let accounts: string;
  beforeAll(() => {
    ({ repo, accounts } = shippedRepo());
    repos.push(repo);
    writeFileSync(path.join(accounts, 'ml-platform.ts'), NEW_ACCOUNT);
    edit(path.join(accounts, 'data-science.ts'), "targetUsd: 5000,", "targetUsd: 5000,\n  states: { critical: { actual: 120 } },");
    edit(path.join(accounts, 'web-service.ts'), "alerts: { actual: [85, 100], forecast: [100] },", "alerts: { actual: [75, 100], forecast: [100] },");
    rmSync(path.join(accounts, 'sandbox.ts'));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'onboard ml-platform, tighten thresholds, retire sandbox');
  });

  it('describes the added account, the changed thresholds and the removed account, and nothing else', async () => {
    const r = await cli('summary', '--accounts', accounts, '--base', 'HEAD~1');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toContain('## Budget guardrails: changes against `HEAD~1`');
    expect(out).toContain('Accounts: 1 added, 2 changed, 1 removed.');
    expect(out).toContain('### Added: ml-platform (666666666666)');
    expect(out).toContain('- ml-platform: new account 666666666666, stack member-ml-platform; owners ml-platform@example.com');
    expect(out).toContain('- ml-platform: at Critical: kill switch: ASG ml-inference → 0/0/0');
    expect(out).toContain('### Changed: data-science (222222222222)');
    expect(out).toContain('- data-science: Critical now at actual ≥ 120 % ($6,000) (was 110 % ($5,500))');
    expect(out).toContain('### Changed: web-service (333333333333)');
    expect(out).toContain('- web-service: actual-spend alerts 85/100 % → 75/100 %: at $9/$12 (billing alarms)');
    expect(out).toContain('### Removed: sandbox (555555555555)');
    expect(out).toContain('- sandbox: account 555555555555 is no longer watched: no alarms, no evaluation, no enforcement');
    expect(out).not.toContain('analytics');
  });

  it('compares against where the branch forked, not the tip the base moved on to', async () => {
    git(repo, 'branch', 'feature');
    git(repo, 'checkout', '-q', '-b', 'later-main', 'HEAD~1');
    edit(path.join(accounts, 'analytics.ts'), 'targetUsd: 20000,', 'targetUsd: 25000,');
    git(repo, 'commit', '-q', '-am', 'main moves on');
    git(repo, 'checkout', '-q', 'feature');
    const r = await cli('summary', '--accounts', accounts, '--base', 'later-main');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('### Added: ml-platform');
    expect(r.stdout).not.toContain('analytics');
  });

  it('stacks --changed-since lists the hub and the changed members that still exist', async () => {
    const r = await cli('stacks', '--accounts', accounts, '--changed-since', 'main~1');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['hub', 'member-data-science', 'member-ml-platform', 'member-web-service']);
  });

  it('an unknown ref is a usage error that says how to fix it', async () => {
    const r = await cli('summary', '--accounts', accounts, '--base', 'origin/nope');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('git ref "origin/nope" not found; fetch it first');
  });

  it('an invalid base catalog is named as such, with its problems, and the full summary follows', async () => {
    const broken = shippedRepo();
    repos.push(broken.repo);
    edit(path.join(broken.accounts, 'web-service.ts'), "id: '333333333333'", "id: '3333'");
    git(broken.repo, 'commit', '-q', '-am', 'break web-service');
    edit(path.join(broken.accounts, 'web-service.ts'), "id: '3333'", "id: '333333333333'");
    git(broken.repo, 'commit', '-q', '-am', 'fix web-service');
    const r = await cli('summary', '--accounts', broken.accounts, '--base', 'HEAD~1');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('**The catalog at `HEAD~1` is invalid**');
    expect(r.stdout).toMatch(/HEAD~1:accounts\/web-service\.ts: id: "3333" is not a valid account id/);
    expect(r.stdout).toContain('| **web-service**');
    expect(r.stderr).toContain('the catalog at HEAD~1 is invalid (1 problem(s))');
  });

  it('a duplicate id in an invalid base names the other file as it was at the ref, not a deleted temporary path', async () => {
    const broken = shippedRepo();
    repos.push(broken.repo);
    cpSync(path.join(broken.accounts, 'sandbox.ts'), path.join(broken.accounts, 'sandbox-copy.ts'));
    git(broken.repo, 'add', '-A');
    git(broken.repo, 'commit', '-q', '-m', 'duplicate sandbox');
    git(broken.repo, 'rm', '-q', path.join('accounts', 'sandbox-copy.ts'));
    git(broken.repo, 'commit', '-q', '-m', 'remove the duplicate');
    const r = await cli('summary', '--accounts', broken.accounts, '--base', 'HEAD~1');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('HEAD~1:accounts/sandbox-copy.ts: id: account 555555555555 is already defined in HEAD~1:accounts/sandbox.ts; each account');
    expect(r.stdout).not.toContain(os.tmpdir());
  });

  it('a catalog folder that did not exist at the base is all new', async () => {
    const fresh = mkdtempSync(path.join(os.tmpdir(), 'guardrails-git-'));
    repos.push(fresh);
    git(fresh, 'init', '-q', '-b', 'main');
    writeFileSync(path.join(fresh, 'README.md'), '# platform\n');
    git(fresh, 'add', '-A');
    git(fresh, 'commit', '-q', '-m', 'empty');
    cpSync(ACCOUNTS_DIR, path.join(fresh, 'accounts'), { recursive: true });
    const r = await cli('summary', '--accounts', path.join(fresh, 'accounts'), '--base', 'main');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('`accounts/` does not exist at `main`: the whole catalog is new.');
    const stacks = await cli('stacks', '--accounts', path.join(fresh, 'accounts'), '--changed-since', 'main');
    expect(stacks.stdout.trim().split('\n')).toEqual(['hub', 'member-analytics', 'member-data-science', 'member-sandbox', 'member-web-service']);
  });

  it('--plan adds the plan counts of each changed stack; --full and --report-url are accepted', async () => {
    const plans = mkdtempSync(path.join(os.tmpdir(), 'guardrails-plans-'));
    repos.push(plans);
    // The shapes terraform writes: `terraform show -json` (format 1.2) and the text of a remote plan.
    writeFileSync(path.join(plans, 'hub.json'), JSON.stringify({
      format_version: '1.2',
      resource_changes: [
        { address: 'aws_sns_topic.a', change: { actions: ['create'] } },
        { address: 'aws_iam_role.r', change: { actions: ['update'] } },
        { address: 'aws_lambda_function.f', change: { actions: ['delete', 'create'] } },
        { address: 'data.aws_iam_policy_document.d', change: { actions: ['read'] } },
        { address: 'aws_dynamodb_table.t', change: { actions: ['no-op'] } },
      ],
    }));
    writeFileSync(path.join(plans, 'member-ml-platform.txt'), 'Terraform will perform the following actions:\n...\nPlan: 14 to add, 0 to change, 0 to destroy.\n');
    const r = await cli('summary', '--accounts', accounts, '--base', 'HEAD~1', '--plan', plans, '--report-url', 'https://example.com/report');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 stack(s) planned: 16 to add, 1 to change, 1 to destroy.');
    expect(r.stdout).toContain('| hub | 2 | 1 | 1 |');
    expect(r.stdout).toContain('| member-ml-platform | 14 | 0 | 0 |');
    const full = await cli('summary', '--accounts', accounts, '--base', 'HEAD~1', '--full');
    expect(full.code).toBe(0);
    expect(full.stdout).toContain('### Added: ml-platform (666666666666)');
  });

  it('an unreadable plan or a plan option without --base is a usage error naming the file', async () => {
    const plans = mkdtempSync(path.join(os.tmpdir(), 'guardrails-plans-'));
    repos.push(plans);
    writeFileSync(path.join(plans, 'hub.txt'), 'Error: No valid credential sources found\n');
    const r = await cli('summary', '--accounts', accounts, '--base', 'HEAD~1', '--plan', plans);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--plan ${path.join(plans, 'hub.txt')}: no "Plan: N to add, N to change, N to destroy" or "No changes." line`);
    const noBase = await cli('summary', '--accounts', accounts, '--full');
    expect(noBase.code).toBe(2);
    expect(noBase.stderr).toContain('--full, --report-url and --plan go with --base <git-ref>');
  });

  it('300 accounts onboarded in one pull request: the comment fits GitHub\'s 65,536 characters, --full has every line', async () => {
    const big = shippedRepo();
    repos.push(big.repo);
    // Realistic account files (bench/lib/catalog-generator: every catalog feature in use), as a platform team writes them.
    for (const a of generateCatalogInputs(300).accounts) {
      writeFileSync(path.join(big.accounts, `${a.name}.ts`), accountSource(JSON.stringify(a.input, null, 2)));
    }
    git(big.repo, 'add', '-A');
    git(big.repo, 'commit', '-q', '-m', 'onboard 300 accounts');
    const comment = await cli('summary', '--accounts', big.accounts, '--base', 'HEAD~1', '--report-url', 'https://github.com/acme/platform/actions/runs/7/artifacts/9');
    expect(comment.stderr).toBe('');
    expect(comment.code).toBe(0);
    expect('<!-- budget-guardrails-summary -->\n'.length + comment.stdout.length).toBeLessThan(65_536);
    expect(comment.stdout).toContain('Accounts: 300 added, 0 changed, 0 removed.');
    expect(comment.stdout).toContain('[the full report](https://github.com/acme/platform/actions/runs/7/artifacts/9)');
    const more = /…and ([\d,]+) more accounts? not shown here \(([\d,]+) added, 0 changed, 0 removed\)/.exec(comment.stdout);
    expect(more).not.toBeNull();
    const shown = comment.stdout.slice(comment.stdout.indexOf('### Details per account')).split('<details>').length - 1;
    expect(shown + Number(more![1].replace(/,/g, ''))).toBe(300);
    const full = await cli('summary', '--accounts', big.accounts, '--base', 'HEAD~1', '--full');
    expect(full.stdout.length).toBeGreaterThan(65_536);
    expect(full.stdout.match(/^### Added: /gm)).toHaveLength(300);
  }, 120_000);
});
