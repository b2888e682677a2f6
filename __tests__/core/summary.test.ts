import { lockdownScpNameFor } from '../../core/lockdown/document';
import type { AccountPolicy, Catalog, StateActions } from '../../core/catalog/types';
import { EMPTY_STATE_ACTIONS } from '../../core/catalog/resolve';
import { actionItems, describeState, plannedActions } from '../../core/summary/actions';
import { describeAccount, describeRuntimeBudget } from '../../core/summary/describe';
import { diffAccount, diffCatalogs, leafChanges } from '../../core/summary/diff';
import { diffMarkdown } from '../../core/summary/diff-markdown';
import { mdCell, summaryMarkdown } from '../../core/summary/markdown';
import { simulatePosture } from '../../core/posture/simulate';
import { accountOf, shippedCatalog } from '../support/catalog';

let catalog: Catalog;
beforeAll(async () => { catalog = await shippedCatalog(); });

const withEnforcement = (a: AccountPolicy, patch: Partial<Record<'over' | 'critical' | 'shutdown', Partial<StateActions>>>): AccountPolicy => ({
  ...a,
  enforcement: {
    ...a.enforcement,
    over: { ...EMPTY_STATE_ACTIONS, ...a.enforcement.over, ...patch.over },
    critical: { ...EMPTY_STATE_ACTIONS, ...a.enforcement.critical, ...patch.critical },
    shutdown: { ...EMPTY_STATE_ACTIONS, ...a.enforcement.shutdown, ...patch.shutdown },
  },
});

describe('actions per state', () => {
  it('data-science: nothing at Over, stop + lockdown at Critical, the lockdown grows at Shutdown', () => {
    const ds = accountOf(catalog, 'data-science');
    expect(describeState(ds, 'over')).toEqual([]);
    expect(describeState(ds, 'critical')).toEqual([
      'stop EC2 instances tagged team=data-science',
      'lockdown on role DataScientist: ec2:RunInstances, ec2:StartInstances, rds:StartDB*, redshift:CreateCluster',
    ]);
    expect(describeState(ds, 'shutdown')).toEqual([
      'stop EC2 instances tagged team=data-science',
      'lockdown on role DataScientist: ec2:RunInstances, ec2:StartInstances, rds:StartDB*, redshift:CreateCluster, ec2:*, sagemaker:Create*',
    ]);
  });

  it('is cumulative: Shutdown includes what Over and Critical configure (analytics)', () => {
    const an = accountOf(catalog, 'analytics');
    const over = describeState(an, 'over');
    const critical = describeState(an, 'critical');
    expect(over).toEqual(['tag unapproved: EC2 instances tagged team=analytics get budget-guardrails:status=unapproved']);
    expect(critical).toEqual([...over, 'stop RDS cluster reporting', 'pause Redshift cluster warehouse']);
    expect(describeState(an, 'shutdown')).toEqual(critical);
  });

  it('the kill switch of web-service is only at Shutdown', () => {
    const ws = accountOf(catalog, 'web-service');
    expect(describeState(ws, 'critical')).toEqual([]);
    expect(plannedActions(ws, 'shutdown')).toEqual([{
      kind: 'scale-to-zero', target: 'achampionship-webservice', from: 'shutdown',
      description: 'kill switch: ASG achampionship-webservice → 0/0/0',
    }]);
  });

  it('lockdown goes on each principal with the state\'s policy, or on the account as an SCP', () => {
    const ds = accountOf(catalog, 'data-science');
    const twoPrincipals = { ...ds, enforcement: { ...ds.enforcement, lockdownOn: { via: 'principals' as const, users: ['alice'], groups: [], roles: ['DataScientist'] } } };
    const lockdowns = plannedActions(twoPrincipals, 'critical').filter((a) => a.kind === 'attach-lockdown');
    expect(lockdowns.map((a) => [a.target, a.policy, a.from])).toEqual([
      ['user/alice', 'budget-guardrails-lockdown-critical', 'critical'],
      ['role/DataScientist', 'budget-guardrails-lockdown-critical', 'critical'],
    ]);
    const scp = { ...ds, enforcement: { ...ds.enforcement, lockdownOn: { via: 'scp' as const, users: [], groups: [], roles: [] } } };
    const [attach] = plannedActions(scp, 'shutdown').filter((a) => a.kind === 'attach-scp');
    expect(attach).toMatchObject({ target: '222222222222', policy: lockdownScpNameFor(scp, 'shutdown') });
    expect(attach.denied).toEqual(['ec2:RunInstances', 'ec2:StartInstances', 'rds:StartDB*', 'redshift:CreateCluster', 'ec2:*', 'sagemaker:Create*']);
  });

  it('a change listed at two states counts from the lower one', () => {
    const ws = withEnforcement(accountOf(catalog, 'web-service'), { critical: { scaleToZero: ['achampionship-webservice'] } });
    expect(actionItems(ws).filter((i) => i.kind === 'scale-to-zero').map((i) => i.from)).toEqual(['critical']);
  });

  it('detaching a policy given as an ARN keeps the ARN intact', () => {
    const arn = 'arn:aws:iam::aws:policy/AmazonEC2FullAccess';
    const a = withEnforcement(accountOf(catalog, 'sandbox'), { over: { detachPolicies: [{ policy: arn, users: [], groups: ['devs'], roles: [] }] } });
    expect(plannedActions(a, 'over')).toEqual([{
      kind: 'detach-policy', target: `group/devs:${arn}`, from: 'over', policy: arn,
      description: `revoke access: detach ${arn} from group devs`,
    }]);
  });
});

describe('agreement with the enforcer\'s plan (core/posture)', () => {
  it.each(['over', 'critical', 'shutdown'] as const)('at %s the summary names exactly the targets the enforcer acts on', async (state) => {
    const scp = { via: 'scp' as const, users: [], groups: [], roles: [] };
    const accounts = [...catalog.accounts, { ...accountOf(catalog, 'data-science'), name: 'scp-variant', enforcement: { ...accountOf(catalog, 'data-science').enforcement, lockdownOn: scp } }];
    for (const account of accounts) {
      const summary = new Set(plannedActions(account, state).map((a) => `${a.kind} ${a.target}`));
      const enforcer = new Set(simulatePosture(account, state).map((a) => `${a.kind} ${a.target}`));
      expect([...summary].sort()).toEqual([...enforcer].sort());
    }
  });
});

describe('describeAccount', () => {
  it('spells out thresholds in dollars and the runtime budget', () => {
    const d = describeAccount(accountOf(catalog, 'data-science'));
    expect(d.alerts[0]).toBe('actual 50/80/100 % ($2,500/$4,000/$5,000)');
    expect(d.states).toContain('Critical: actual ≥ 110 % ($5,500) or forecast ≥ 130 % ($6,500)');
    expect(describeRuntimeBudget(accountOf(catalog, 'data-science').runtimeBudgets[0])).toBe(
      'gpu-training: 1,000 instance-minutes/month for instances tagged workload=gpu-training; alerts at 50/80/100 %; '
      + 'at 100 %: stop the instances, revoke access: detach AllowGPUAccess from user DataScienceUser');
  });

  it('describes sandbox tag rules', () => {
    expect(describeAccount(accountOf(catalog, 'sandbox')).tagRules).toEqual([
      'ProjectCode (required): set to Proj007 when missing',
      'CreatedBy (required): set to who launched the instance (CloudTrail, last 7 days)',
      'Expires (required): set to today() when missing',
      'untagged instances: stop',
    ]);
  });
});

describe('markdown', () => {
  it('escapes what would break a table cell or turn into emphasis', () => {
    expect(mdCell('ec2:* | sagemaker:Create* <b>')).toBe('ec2:\\* \\| sagemaker:Create\\* &lt;b&gt;');
  });

  it('has one table row per account', () => {
    const rows = summaryMarkdown(catalog).split('\n').filter((l) => l.startsWith('| **'));
    expect(rows.map((r) => /\*\*(.+?)\*\*/.exec(r)?.[1])).toEqual(['analytics', 'data-science', 'sandbox', 'web-service']);
  });
});

describe('diffCatalogs', () => {
  it('moving the kill switch from Shutdown to Critical says so, with the ASG', () => {
    const ws = accountOf(catalog, 'web-service');
    const moved = withEnforcement(ws, { critical: { scaleToZero: ['achampionship-webservice'] }, shutdown: { scaleToZero: [] } });
    expect(diffAccount(ws, moved)).toEqual(['kill switch now at Critical (was Shutdown): ASG achampionship-webservice → 0/0/0']);
    const md = diffMarkdown(diffCatalogs(catalog, { ...catalog, accounts: catalog.accounts.map((a) => (a.name === 'web-service' ? moved : a)) }), 'origin/main');
    expect(md).toContain('- web-service: kill switch now at Critical (was Shutdown): ASG achampionship-webservice → 0/0/0');
  });

  it('new and removed lockdown APIs, mode, target and threshold changes', () => {
    const ds = accountOf(catalog, 'data-science');
    const changed: AccountPolicy = {
      ...withEnforcement(ds, { critical: { lockdown: ['ec2:RunInstances', 'ec2:StartInstances', 'rds:StartDB*'] }, over: { lockdown: ['ec2:TerminateInstances'] } }),
      mode: 'check',
      targetUsd: 6000,
      states: { ...ds.states, critical: { ...ds.states.critical, actualPct: 120 } },
    };
    const lines = diffAccount(ds, changed);
    expect(lines).toEqual(expect.arrayContaining([
      'mode enforce → check: now a dry run: evaluated and notified, nothing is changed (was enforced)',
      'now only reported at Over: lockdown on role DataScientist: ec2:TerminateInstances',
      'target $5,000 → $6,000/month: Over above $6,000, Critical at $7,200 actual / $7,800 forecast, Shutdown at $7,500 actual / $9,600 forecast',
      'Critical now at actual ≥ 120 % ($7,200) (was 110 % ($5,500))',
      'lockdown now at Over (new): deny ec2:TerminateInstances to role DataScientist',
      'lockdown no longer at Critical (removed): deny redshift:CreateCluster to role DataScientist',
    ]));
    expect(lines.filter((l) => l.startsWith('now only reported at '))).toHaveLength(3);
    expect(lines).toHaveLength(8);
  });

  it('moving the lockdown to an SCP is one line, not every API removed and added', () => {
    const ds = accountOf(catalog, 'data-science');
    const scp = { ...ds, enforcement: { ...ds.enforcement, lockdownOn: { via: 'scp' as const, users: [], groups: [], roles: [] } } };
    expect(diffAccount(ds, scp)).toEqual(['lockdown now applied through an SCP on account 222222222222 (was role DataScientist)']);
  });

  it('an org default change reaches the accounts that use it', () => {
    const states = { ...catalog.org.defaults.states, shutdown: { actualPct: 150, forecastPct: 160 } };
    const head: Catalog = {
      org: { ...catalog.org, defaults: { ...catalog.org.defaults, states } },
      accounts: catalog.accounts.map((a) => ({ ...a, states: { ...a.states, shutdown: states.shutdown } })),
    };
    const diff = diffCatalogs(catalog, head);
    expect(diff.org).toEqual(['defaults.states.shutdown.actualPct: 125 → 150']);
    expect(diff.accounts.map((c) => c.lines)).toContainEqual(['Shutdown now at actual ≥ 150 % ($18) (was 125 % ($15))']);
  });

  it('leafChanges names each differing leaf, including objects in lists and unset values', () => {
    expect(leafChanges({ a: { b: 1, c: [1, 2] }, d: 'x' }, { a: { b: 2, c: [1, 2] }, e: [{ k: 'v' }] })).toEqual([
      'a.b: 1 → 2', 'd: x → (unset)', 'e: (unset) → {"k":"v"}',
    ]);
  });

  it('an unchanged catalog says there is nothing to review', () => {
    expect(diffMarkdown(diffCatalogs(catalog, catalog), 'main')).toContain('No change in what the guardrails do compared with `main`.');
  });
});
