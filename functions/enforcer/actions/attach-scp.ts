/**
 * From the hub: attaches the account's lockdown SCP for the current state (found by name) and
 * detaches the lower state's one it attached earlier; revert detaches exactly what it attached.
 */
import { SCP_ACTION } from '../../../core/enforcement/kinds';
import { attachScp, detachScp, scpIdByName, scpsOnAccount } from '../../aws/organizations';
import { AttachmentTarget, attachExclusively, detachOurs } from './exclusive-attachment';
import type { ActionRun, EnforcementAction } from './types';
import { planOf } from './plan-of';

const kind = SCP_ACTION.kind;

function accountScps(run: ActionRun): AttachmentTarget {
  const org = run.clients.organizations();
  const accountId = run.action.target;
  return {
    attached: () => scpsOnAccount(org, accountId),
    attach: (id) => attachScp(org, id, accountId),
    detach: (id) => detachScp(org, id, accountId),
  };
}

async function apply(run: ActionRun) {
  const wanted = await scpIdByName(run.clients.organizations(), run.action.to);
  if (!wanted) throw new Error(`no service control policy named "${run.action.to}" in the organization; deploy the hub stack, which creates it`);
  return attachExclusively(run, accountScps(run), wanted);
}

export const attachScpAction: EnforcementAction = {
  kind,
  permissions: { iamActions: SCP_ACTION.iamActions, reads: SCP_ACTION.reads },
  plan: planOf(kind),
  apply,
  revert: (run) => detachOurs(run, accountScps(run)),
};
