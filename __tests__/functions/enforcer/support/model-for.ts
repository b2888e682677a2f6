/** An account model holding every resource an account's enforcement targets at `state`, in its own posture. */
import type { BudgetState } from '../../../../core/budget/state';
import type { AccountPolicy } from '../../../../core/catalog/types';
import { lockdownScpNameFor } from '../../../../core/lockdown/document';
import { policyArn } from '../../../../core/naming/resources';
import { parseDetachment, parsePrincipal, parseSelector, requiredPostures } from '../../../../core/posture/required';
import { ENFORCED_STATES } from '../../../../core/catalog/types';
import { AccountModel, emptyModel } from './account-model';

export function modelFor(policy: AccountPolicy, state: BudgetState): AccountModel {
  const m = emptyModel();
  let n = 0;
  const principal = (type: 'user' | 'group' | 'role', name: string) => {
    let p = m.principals.find((x) => x.type === type && x.name === name);
    if (!p) m.principals.push(p = { type, name, policies: [] });
    return p;
  };
  for (const r of requiredPostures(policy, state)) {
    const region = r.region ?? 'us-east-1';
    switch (r.kind) {
      case 'stop-instances':
      case 'tag-unapproved':
        m.instances.push({ id: `i-${(++n).toString(16).padStart(8, '0')}`, region, state: 'running', tags: parseSelector(r.target) });
        break;
      case 'scale-to-zero': m.groups.push({ region, name: r.target, min: 1, max: 3, desired: 2 }); break;
      case 'stop-rds-cluster': m.rdsClusters.push({ region, id: r.target, status: 'available' }); break;
      case 'stop-rds-instance': m.rdsInstances.push({ region, id: r.target, status: 'available' }); break;
      case 'pause-redshift': m.redshiftClusters.push({ region, id: r.target, status: 'available' }); break;
      case 'detach-policy': {
        const d = parseDetachment(r.target);
        principal(d.type, d.name).policies.push(policyArn(policy.id, d.policy));
        break;
      }
      case 'attach-lockdown': {
        const p = parsePrincipal(r.target);
        principal(p.type, p.name);
        break;
      }
      case 'attach-scp':
        m.scps = ENFORCED_STATES.map((s) => ({ id: `p-${s}`, name: lockdownScpNameFor(policy, s) }));
        break;
    }
  }
  return m;
}
