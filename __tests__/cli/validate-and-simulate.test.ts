import * as path from 'node:path';
import { cli } from '../support/cli';
import { ACCOUNTS_DIR } from '../support/catalog';

const BAD = path.resolve(__dirname, '..', 'fixtures', 'bad-catalog');

describe('guardrails validate', () => {
  it('prints one line per valid account and exits 0', async () => {
    const r = await cli('validate', '--accounts', ACCOUNTS_DIR);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('ok '))).toEqual([
      expect.stringMatching(/^ok analytics \(444444444444\): mode check, target \$20,000\/month/),
      expect.stringMatching(/^ok data-science \(222222222222\): mode enforce, target \$5,000\/month/),
      expect.stringMatching(/^ok sandbox \(555555555555\)/),
      expect.stringMatching(/^ok web-service \(333333333333\): mode enforce, target \$12\/month, alerts at 85\/100 % actual/),
    ]);
    // A teamAccess group nothing creates is a precondition of the member stack's first apply.
    expect(lines).toContain('  needs IAM group "achampionship-webservice" in 333333333333 before the first member apply (teamAccess attaches to it; create it, or set createGroup: true)');
    expect(r.err).toBe('');
  });

  it('prints one error line per mistake and exits 1', async () => {
    const r = await cli('validate', '--accounts', BAD);
    expect(r.code).toBe(1);
    const errors = r.err.trim().split('\n').filter((l) => l.includes('.ts: '));
    expect(errors).toHaveLength(10);
    expect(r.err).toContain('bad-action.ts: enforcement.critical.lockdown[0]: "ec2:RunInstance" is not an IAM action; did you mean "ec2:RunInstances"?');
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.out).toBe('');
  });

  it('says when the folder does not exist', async () => {
    const r = await cli('validate', '--accounts', '/nonexistent/catalog');
    expect(r.code).toBe(1);
    expect(r.err).toContain('/nonexistent/catalog: (folder): does not exist; pass the catalog folder with --accounts DIR');
  });
});

describe('guardrails simulate', () => {
  it('says over for data-science at 5001/5001 in JSON', async () => {
    const r = await cli('simulate', '--account', 'data-science', '--actual', '5001', '--forecast', '5001', '--json', '--accounts', ACCOUNTS_DIR);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ account: 'data-science', state: 'over', targetUsd: 5000, actualUsd: 5001, forecastUsd: 5001 });
  });

  it.each([
    ['0', undefined, 'unused'],
    ['100', '3000', 'under'],
    ['2000', '4500', 'on-target'],
    ['5600', '5600', 'critical'],
    ['6250', undefined, 'shutdown'],
  ])('actual %s forecast %s → %s', async (actual, forecast, state) => {
    const args = ['simulate', '--account', 'data-science', '--actual', actual, '--json', '--accounts', ACCOUNTS_DIR];
    if (forecast) args.push('--forecast', forecast);
    expect(JSON.parse((await cli(...args)).out).state).toBe(state);
  });

  it('prints a readable line without --json', async () => {
    const r = await cli('simulate', '--account', 'web-service', '--actual', '13', '--accounts', ACCOUNTS_DIR);
    expect(r.out).toMatch(/^web-service: OVER \(target \$12, actual \$13, forecast \$13\)/);
  });

  it('rejects an unknown account and a bad amount with exit status 2', async () => {
    const unknown = await cli('simulate', '--account', 'nope', '--actual', '1', '--accounts', ACCOUNTS_DIR);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown account "nope"; use one of: analytics, data-science, sandbox, web-service');
    const bad = await cli('simulate', '--account', 'data-science', '--actual', 'lots', '--accounts', ACCOUNTS_DIR);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--actual must be a non-negative amount in USD');
  });

  it('shows help with an example and exits 0', async () => {
    const r = await cli('simulate', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Example:');
  });
});
