import { EMPTY_STATE_ACTIONS } from '../../core/catalog/resolve';
import type { AccountPolicy, Catalog } from '../../core/catalog/types';
import { enforcementRoleStatements } from '../../core/enforcement/role-policy';
import { policyDocument } from '../../core/iam/policy';
import { Grant, enforcerRevocations, guardrailGrants, limitRevocations, revocationOf } from '../../core/posture/grants';
import { accountOf, shippedCatalog } from '../support/catalog';
import { simulate } from '../support/iam-sim';

let catalog: Catalog;
beforeAll(async () => { catalog = await shippedCatalog(); });

const ID = '222222222222';
const arn = (name: string) => `arn:aws:iam::${ID}:policy/${name}`;
const none = { users: [], groups: [], roles: [] };

/** data-science with a team policy and an access policy on every principal type, some revocable by states, some by the runtime limit. */
function wideAccount(): AccountPolicy {
  const base = accountOf(catalog, 'data-science');
  return {
    ...base,
    teamAccess: [{ name: 'ml', group: 'ml-team', services: ['sagemaker'], resourceTag: { key: 'team', value: 'ml' } }],
    accessPolicies: [
      { name: 'AllowGPUAccess', actions: ['ec2:RunInstances'], users: ['DataScienceUser', 'Analyst'], groups: ['gpu'], roles: ['Trainer'] },
    ],
    enforcement: {
      ...base.enforcement,
      over: { ...EMPTY_STATE_ACTIONS, detachPolicies: [{ policy: 'budget-guardrails-team-ml', ...none, groups: ['ml-team'] }] },
      shutdown: { ...EMPTY_STATE_ACTIONS, detachPolicies: [{ policy: arn('AllowGPUAccess'), ...none, roles: ['Trainer', 'Outsider'] }] },
    },
    runtimeBudgets: [{
      ...base.runtimeBudgets[0],
      atLimit: { stopInstances: true, detachPolicies: [{ policy: 'AllowGPUAccess', ...none, users: ['DataScienceUser'], groups: ['gpu'] }] },
    }],
  };
}

const text = (grants: Grant[]) => grants.map((g) => `${g.policy} → ${g.principal.type}/${g.principal.name}`);

describe('access the guardrail grants', () => {
  it('is AllowGPUAccess → DataScienceUser in the shipped catalog, and nothing in accounts whose access Terraform attaches', () => {
    expect(text(guardrailGrants(accountOf(catalog, 'data-science')))).toEqual(['AllowGPUAccess → user/DataScienceUser']);
    for (const name of ['web-service', 'analytics', 'sandbox']) expect(guardrailGrants(accountOf(catalog, name))).toEqual([]);
  });

  it('covers exactly the declared attachments some detachment names (by name or ARN), once each', () => {
    expect(text(guardrailGrants(wideAccount()))).toEqual([
      'budget-guardrails-team-ml → group/ml-team',
      'AllowGPUAccess → user/DataScienceUser',
      'AllowGPUAccess → group/gpu',
      'AllowGPUAccess → role/Trainer',
    ]);
    // Analyst: declared but never detached (Terraform attaches it). Outsider: detachable but never declared (nobody attaches it).
  });

  it('is held by an enforcer detach posture or a used-up runtime group on the same principal and policy only', () => {
    const [gpuUser] = guardrailGrants(accountOf(catalog, 'data-science'));
    const posture = (target: string, pending = false) => ({ kind: 'detach-policy' as const, target, posture: 'detached', month: '2026-11', pending });
    expect(revocationOf(gpuUser, enforcerRevocations(ID, [posture('user/DataScienceUser:AllowGPUAccess', true)]))?.by)
      .toBe('enforcer detach user/DataScienceUser:AllowGPUAccess (2026-11, in progress)');
    expect(revocationOf(gpuUser, enforcerRevocations(ID, [posture(`user/DataScienceUser:${arn('AllowGPUAccess')}`)]))).toBeDefined();
    expect(revocationOf(gpuUser, enforcerRevocations(ID, [posture('role/DataScienceUser:AllowGPUAccess'), posture('user/DataScienceUser:Other')]))).toBeUndefined();
    expect(revocationOf(gpuUser, enforcerRevocations(ID, [{ ...posture('user/DataScienceUser'), kind: 'attach-lockdown' }]))).toBeUndefined();
    const budget = accountOf(catalog, 'data-science').runtimeBudgets[0];
    expect(revocationOf(gpuUser, limitRevocations(ID, budget, '2026-11'))?.by).toBe('runtime budget gpu-training used up (2026-11)');
  });
});

describe('the enforcement role allows exactly the grants', () => {
  it('every grant\'s attach call is allowed, and the same policy on an undeclared principal or another policy is not', async () => {
    const account = wideAccount();
    const role = `arn:aws:iam::${ID}:role/budget-guardrails-enforcement`;
    const policy = JSON.parse(JSON.stringify(policyDocument(enforcementRoleStatements(account, catalog.org))));
    const attach = (type: string, name: string, policyArn: string) => simulate({
      principal: role, action: `iam:Attach${type[0].toUpperCase()}${type.slice(1)}Policy`, resource: `arn:aws:iam::${ID}:${type}/${name}`,
      resourceAccount: ID, identityPolicies: [policy], context: { 'iam:PolicyARN': policyArn },
    });
    for (const g of guardrailGrants(account)) expect([g.policy, g.principal.name, await attach(g.principal.type, g.principal.name, g.policyArn)]).toEqual([g.policy, g.principal.name, 'Allowed']);
    expect(await attach('user', 'Analyst', arn('AllowGPUAccess'))).toBe('ImplicitlyDenied');
    expect(await attach('user', 'DataScienceUser', arn('budget-guardrails-team-ml'))).toBe('ImplicitlyDenied');
    expect(await attach('user', 'DataScienceUser', 'arn:aws:iam::aws:policy/AdministratorAccess')).toBe('ImplicitlyDenied');
  });
});
