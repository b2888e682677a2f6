/**
 * Attaches the current state's lockdown deny policy to a principal (the documents are cumulative,
 * so one is enough) and detaches the lower state's one it attached earlier. Records which lockdown
 * policies the guardrail attached; revert detaches exactly those.
 */
import { ACTION_KINDS } from '../../../core/enforcement/kinds';
import { policyArn } from '../../../core/naming/resources';
import { parsePrincipal } from '../../../core/posture/required';
import { attachPolicy, attachedPolicies, detachPolicy } from '../../aws/iam';
import type { ActionRun, EnforcementAction } from './types';
import { planOf } from './plan-of';

const kind = 'attach-lockdown' as const;

interface Prior { readonly attachedByGuardrail: readonly string[] }
const ours = (prior: unknown): string[] => [...((prior as Prior | undefined)?.attachedByGuardrail ?? [])];

async function apply(run: ActionRun) {
  const principal = parsePrincipal(run.action.target);
  const iam = run.clients.iam();
  const wanted = policyArn(run.account.id, run.action.to);
  const attached = await attachedPolicies(iam, principal);
  if (attached === undefined) return { outcome: 'unchanged' as const, from: 'absent' };
  const earlier = ours(run.prior);
  const stale = earlier.filter((arn) => arn !== wanted);
  const needsAttach = !attached.includes(wanted);
  if (!needsAttach && stale.length === 0) {
    if (run.prior === undefined) await run.remember({ attachedByGuardrail: [] });
    return { outcome: 'unchanged' as const, to: run.action.to };
  }
  // A policy attached before the guardrail came is not ours to detach later.
  const mine = needsAttach || earlier.includes(wanted) ? [wanted] : [];
  await run.remember({ attachedByGuardrail: [...new Set([...earlier, ...mine])].sort() });
  if (needsAttach) await attachPolicy(iam, principal, wanted);
  for (const arn of stale) await detachPolicy(iam, principal, arn);
  await run.remember({ attachedByGuardrail: mine });
  return { outcome: 'applied' as const, from: run.action.from, to: run.action.to };
}

async function revert(run: ActionRun) {
  const earlier = ours(run.prior);
  if (earlier.length === 0) return { outcome: 'unchanged' as const };
  const principal = parsePrincipal(run.action.target);
  const iam = run.clients.iam();
  const attached = await attachedPolicies(iam, principal);
  if (attached === undefined) return { outcome: 'unchanged' as const, from: 'absent' };
  const present = earlier.filter((arn) => attached.includes(arn));
  for (const arn of present) await detachPolicy(iam, principal, arn);
  return { outcome: present.length > 0 ? 'applied' as const : 'unchanged' as const, from: run.action.from, to: 'none' };
}

export const attachLockdownAction: EnforcementAction = {
  kind, permissions: ACTION_KINDS[kind], plan: planOf(kind), apply, revert,
};
