/**
 * From the hub: attaches the account's lockdown SCP for the current state (found by name) and
 * detaches the lower state's one it attached earlier; revert detaches exactly what it attached.
 */
import { SCP_ACTION } from '../../../core/enforcement/kinds';
import { attachScp, detachScp, scpIdByName, scpsOnAccount } from '../../aws/organizations';
import type { ActionRun, EnforcementAction } from './types';
import { planOf } from './plan-of';

const kind = SCP_ACTION.kind;

interface Prior { readonly attachedByGuardrail: readonly string[] }
const ours = (prior: unknown): string[] => [...((prior as Prior | undefined)?.attachedByGuardrail ?? [])];

async function apply(run: ActionRun) {
  const org = run.clients.organizations();
  const accountId = run.action.target;
  const wanted = await scpIdByName(org, run.action.to);
  if (!wanted) throw new Error(`no service control policy named "${run.action.to}" in the organization; deploy the hub stack, which creates it`);
  const attached = await scpsOnAccount(org, accountId);
  const earlier = ours(run.prior);
  const stale = earlier.filter((id) => id !== wanted);
  const needsAttach = !attached.includes(wanted);
  if (!needsAttach && stale.length === 0) {
    if (run.prior === undefined) await run.remember({ attachedByGuardrail: [] });
    return { outcome: 'unchanged' as const, to: run.action.to };
  }
  const mine = needsAttach || earlier.includes(wanted) ? [wanted] : [];
  await run.remember({ attachedByGuardrail: [...new Set([...earlier, ...mine])].sort() });
  if (needsAttach) await attachScp(org, wanted, accountId);
  for (const id of stale) await detachScp(org, id, accountId);
  await run.remember({ attachedByGuardrail: mine });
  return { outcome: 'applied' as const, from: run.action.from, to: run.action.to };
}

async function revert(run: ActionRun) {
  const earlier = ours(run.prior);
  if (earlier.length === 0) return { outcome: 'unchanged' as const };
  const org = run.clients.organizations();
  const attached = await scpsOnAccount(org, run.action.target);
  const present = earlier.filter((id) => attached.includes(id));
  for (const id of present) await detachScp(org, id, run.action.target);
  return { outcome: present.length > 0 ? 'applied' as const : 'unchanged' as const, from: run.action.from, to: 'none' };
}

export const attachScpAction: EnforcementAction = {
  kind,
  permissions: { iamActions: SCP_ACTION.iamActions, reads: SCP_ACTION.reads },
  plan: planOf(kind),
  apply,
  revert,
};
