import fc from 'fast-check';
import { EMPTY_STATE_ACTIONS } from '../../core/catalog/resolve';
import type { AccountPolicy, StateActions } from '../../core/catalog/types';
import { EXEMPT_ROLE_ARNS, lockdownScpNameFor, lockdownDocument, lockdownDocuments, lockdownStates, restrictedActions } from '../../core/lockdown/document';
import { accountOf, shippedCatalog } from '../support/catalog';

let base: AccountPolicy;
beforeAll(async () => { base = accountOf(await shippedCatalog(), 'data-science'); });

const withLockdown = (over: string[], critical: string[], shutdown: string[]): AccountPolicy => {
  const actions = (lockdown: string[]): StateActions => ({ ...EMPTY_STATE_ACTIONS, lockdown });
  return { ...base, enforcement: { ...base.enforcement, over: actions(over), critical: actions(critical), shutdown: actions(shutdown) } };
};

describe('lockdown documents', () => {
  it('are cumulative: shutdown ⊇ critical ⊇ over, each action once', () => {
    fc.assert(fc.property(
      fc.array(fc.constantFrom('ec2:RunInstances', 'EC2:runinstances', 's3:*', 'rds:StartDB*', 'sagemaker:Create*'), { maxLength: 4 }),
      fc.array(fc.constantFrom('ec2:RunInstances', 'lambda:CreateFunction', 'rds:StartDB*'), { maxLength: 3 }),
      fc.array(fc.constantFrom('ec2:*', 'ec2:RunInstances', 'glue:StartJobRun'), { maxLength: 3 }),
      (over, critical, shutdown) => {
        const account = withLockdown(over, critical, shutdown);
        const lower = (xs: string[]) => new Set(xs.map((x) => x.toLowerCase()));
        const [o, c, s] = (['over', 'critical', 'shutdown'] as const).map((st) => restrictedActions(account, st));
        for (const x of lower(o)) expect(lower(c).has(x)).toBe(true);
        for (const x of lower(c)) expect(lower(s).has(x)).toBe(true);
        for (const list of [o, c, s]) expect(lower(list).size).toBe(list.length);
        expect(lower(s)).toEqual(lower([...over, ...critical, ...shutdown]));
        expect(lockdownStates(account)).toEqual((['over', 'critical', 'shutdown'] as const).filter((st) => restrictedActions(account, st).length > 0));
      },
    ));
  });

  it('exist only for states that restrict something', () => {
    const account = withLockdown([], ['ec2:RunInstances'], []);
    expect(lockdownDocument(account, 'over')).toBeNull();
    expect(lockdownDocuments(account).map((d) => [d.state, d.name])).toEqual([
      ['critical', 'budget-guardrails-lockdown-critical'],
      ['shutdown', 'budget-guardrails-lockdown-shutdown'],
    ]);
    expect(lockdownDocuments(withLockdown([], [], []))).toEqual([]);
  });

  it('exempt exactly the guardrail roles in every deny (of the account the policy applies in)', () => {
    const doc = lockdownDocument(base, 'critical')!;
    expect(EXEMPT_ROLE_ARNS).toEqual([
      'arn:aws:iam::*:role/budget-guardrails-enforcement',
      'arn:aws:iam::*:role/budget-guardrails-forwarder',
    ]);
    expect(doc.Statement.length).toBeGreaterThan(0);
    for (const statement of doc.Statement) {
      expect(statement.Effect).toBe('Deny');
      expect(statement.Condition?.ArnNotLike).toEqual({ 'aws:PrincipalArn': EXEMPT_ROLE_ARNS });
    }
    expect(doc.Statement[0]).toMatchObject({ Sid: 'DenyRestrictedApis', Action: ['ec2:RunInstances', 'ec2:StartInstances', 'rds:StartDB*', 'redshift:CreateCluster'], Resource: '*' });
  });
});

describe('shared lockdown SCP names', () => {
  it('are the same for accounts with the same lists and differ when the lists or the state differ', () => {
    const other = { ...base, id: '333333333333', name: 'another-account' };
    expect(lockdownScpNameFor(other, 'critical')).toBe(lockdownScpNameFor(base, 'critical'));
    expect(lockdownScpNameFor(base, 'critical')).toMatch(/^budget-guardrails-lockdown-critical-[0-9a-f]{12}$/);
    expect(lockdownScpNameFor(base, 'shutdown')).not.toBe(lockdownScpNameFor(base, 'critical'));
    const more = withLockdown([], ['ec2:RunInstances', 'ec2:StartInstances'], []);
    const fewer = withLockdown([], ['ec2:RunInstances'], []);
    expect(lockdownScpNameFor(more, 'critical')).not.toBe(lockdownScpNameFor(fewer, 'critical'));
  });
});

