/**
 * Every SDK command an action sends (recorded over the account model, apply and revert, from the
 * normal and the enforced posture) must be an IAM action its kind declares in
 * core/enforcement/kinds.ts (SCP_ACTION for the hub-side SCP attachment).
 */
import { ACTION_KINDS, ACTION_KIND_NAMES, SCP_ACTION } from '../../../core/enforcement/kinds';
import { ACTIONS } from '../../../functions/enforcer/actions';
import { permissions as enforcerPermissions } from '../../../functions/enforcer/permissions';
import { permissions as resetPermissions } from '../../../functions/reset/permissions';
import { accountOf, shippedCatalog } from '../../support/catalog';
import { installModel, testClients } from './support/account-model';
import { CASES, run } from './support/action-cases';

const declared = (kind: string) => {
  const p = ACTIONS[kind as keyof typeof ACTIONS].permissions;
  return new Set([...p.iamActions, ...p.reads]);
};

describe('declared permissions', () => {
  it('every kind has an action, and every action uses its kind\'s declaration', () => {
    expect(Object.keys(ACTIONS).sort()).toEqual([...ACTION_KIND_NAMES, SCP_ACTION.kind].sort());
    for (const kind of ACTION_KIND_NAMES) expect(ACTIONS[kind].permissions).toBe(ACTION_KINDS[kind]);
    expect(new Set(ACTIONS['attach-scp'].permissions.iamActions)).toEqual(new Set(SCP_ACTION.iamActions));
  });

  it.each(CASES)('$kind sends only commands its kind declares', async (c) => {
    const account = accountOf(await shippedCatalog(), 'data-science');
    const restarting = { ...account, enforcement: { ...account.enforcement, restartInstancesOnRestore: true } };
    const used = new Set<string>();
    for (const start of [c.normal, c.enforced]) {
      const installed = installModel(start());
      try {
        const { prior } = await run(restarting, c, 'apply', testClients());
        await run(restarting, c, 'revert', testClients(), prior);
      } finally {
        installed.restore();
      }
      for (const call of installed.calls) used.add(call.action);
    }
    const missing = [...used].filter((a) => !declared(c.kind).has(a));
    expect(missing).toEqual([]);
    // The change itself was among the recorded calls, so the check above covered it.
    expect([...used].some((a) => a.endsWith(`:${c.change}`))).toBe(true);
  });

  it('the enforcer and reset roles may attach and detach lockdown SCPs when an account asks for them', async () => {
    const catalog = await shippedCatalog();
    const scpAccount = { ...catalog.accounts[0], enforcement: { ...catalog.accounts[0].enforcement, lockdownOn: { via: 'scp' as const, users: [], groups: [], roles: [] } } };
    for (const permissions of [enforcerPermissions, resetPermissions]) {
      const actions = permissions({ org: catalog.org, accounts: [scpAccount] }).flatMap((s) => [s.Action ?? []].flat());
      for (const a of [...SCP_ACTION.iamActions, ...SCP_ACTION.reads]) expect(actions).toContain(a);
    }
  });
});
