import { ACCOUNTS_DIR } from '../support/catalog';
import { cli } from './run-cli';

const simulate = (...args: string[]) => cli('simulate', '--accounts', ACCOUNTS_DIR, ...args);

describe('guardrails simulate', () => {
  it('--json keeps the spend fields and adds the planned actions', async () => {
    const r = await simulate('--account', 'data-science', '--actual', '5600', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ account: 'data-science', state: 'critical', targetUsd: 5000, actualUsd: 5600, forecastUsd: 5600, mode: 'enforce', dryRun: false });
    expect(json.actions).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'stop-instances', region: 'us-west-2' }),
      expect.objectContaining({ kind: 'attach-lockdown', target: 'role/DataScientist', to: 'budget-guardrails-lockdown-critical' }),
    ]));
    expect(json.effects).toEqual([
      'stop EC2 instances tagged team=data-science',
      'lockdown on role DataScientist: ec2:RunInstances, ec2:StartInstances, rds:StartDB*, redshift:CreateCluster',
    ]);
  });

  it('the foundation example still says over, with nothing to do at Over for data-science', async () => {
    const json = JSON.parse((await simulate('--account', 'data-science', '--actual', '5001', '--forecast', '5001', '--json')).stdout);
    expect(json).toMatchObject({ state: 'over', actions: [], effects: [] });
  });

  it('--state shows the plan without spend figures, as a table and in words', async () => {
    const r = await simulate('--account', 'web-service', '--state', 'shutdown');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('web-service at SHUTDOWN (target $12/month)');
    expect(lines).toContain('mode enforce: these changes are made (cumulative: everything configured up to Shutdown):');
    const header = lines.findIndex((l) => l.startsWith('action'));
    expect(lines[header].split(/\s{2,}/)).toEqual(['action', 'target', 'region', 'change']);
    const [kind, target, region, change] = lines[header + 2].split(/\s{2,}/);
    expect([kind, target, region]).toEqual(['scale-to-zero', 'achampionship-webservice', 'us-east-1']);
    expect(change).toMatch(/ → 0\/0\/0$/);
    expect(lines).toContain('- kill switch: ASG achampionship-webservice → 0/0/0');
  });

  it('--state --json has null spend figures', async () => {
    const json = JSON.parse((await simulate('--account', 'analytics', '--state', 'Critical', '--json')).stdout);
    expect(json).toMatchObject({ account: 'analytics', state: 'critical', mode: 'check', dryRun: true, targetUsd: 20000, actualUsd: null, forecastUsd: null });
    expect(json.actions.map((a: { kind: string }) => a.kind).sort()).toEqual(['pause-redshift', 'stop-rds-cluster', 'tag-unapproved']);
  });

  it('a check-mode account says the plan is a dry run; states below Over do nothing', async () => {
    expect((await simulate('--account', 'analytics', '--state', 'over')).stdout).toContain('mode check (dry run): these changes would be made, but are only reported:');
    const under = await simulate('--account', 'analytics', '--state', 'on-target');
    expect(under.stdout).toBe('analytics at ON TARGET (target $20,000/month)\nno changes (enforcement starts at Over); the owners are notified of state changes.\n');
  });

  it('rejects an unknown state, and --state together with spend figures', async () => {
    const bad = await simulate('--account', 'analytics', '--state', 'meltdown');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--state must be one of unknown, unused, under, on-target, over, critical, shutdown (got "meltdown")');
    const both = await simulate('--account', 'analytics', '--state', 'over', '--actual', '10');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give either --state or spend figures');
    const neither = await simulate('--account', 'analytics');
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('--actual is required (or --state)');
  });
});
