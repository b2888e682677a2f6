/** Revokes access: detaches a managed policy from a principal, recording whether it was attached; revert reattaches only then. */
import { ACTION_KINDS } from '../../../core/enforcement/kinds';
import { policyArn } from '../../../core/naming/resources';
import { parseDetachment } from '../../../core/posture/required';
import { attachPolicy, attachedPolicies, detachPolicy } from '../../aws/iam';
import type { ActionRun, EnforcementAction } from './types';
import { planOf } from './plan-of';

const kind = 'detach-policy' as const;

interface Prior { readonly wasAttached: boolean }

async function apply(run: ActionRun) {
  const { type, name, policy } = parseDetachment(run.action.target);
  const arn = policyArn(run.account.id, policy);
  const iam = run.clients.iam();
  const attached = await attachedPolicies(iam, { type, name });
  if (attached === undefined) return { outcome: 'unchanged' as const, from: 'absent' };
  if (!attached.includes(arn)) {
    if (run.prior === undefined) await run.remember({ wasAttached: false });
    return { outcome: 'unchanged' as const, from: 'not attached' };
  }
  await run.remember({ wasAttached: true });
  await detachPolicy(iam, { type, name }, arn);
  return { outcome: 'applied' as const, from: 'attached', to: 'detached' };
}

async function revert(run: ActionRun) {
  if (!(run.prior as Prior | undefined)?.wasAttached) return { outcome: 'unchanged' as const };
  const { type, name, policy } = parseDetachment(run.action.target);
  const arn = policyArn(run.account.id, policy);
  const iam = run.clients.iam();
  const attached = await attachedPolicies(iam, { type, name });
  if (attached === undefined) return { outcome: 'unchanged' as const, from: 'absent' };
  if (attached.includes(arn)) return { outcome: 'unchanged' as const, to: 'attached' };
  await attachPolicy(iam, { type, name }, arn);
  return { outcome: 'applied' as const, from: 'detached', to: 'attached' };
}

export const detachPolicyAction: EnforcementAction = {
  kind, permissions: ACTION_KINDS[kind], plan: planOf(kind), apply, revert,
};
