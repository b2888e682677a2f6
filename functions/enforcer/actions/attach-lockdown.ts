/**
 * Attaches the current state's lockdown deny policy to a principal (the documents are cumulative,
 * so one is enough) and detaches the lower state's one it attached earlier. Records which lockdown
 * policies the guardrail attached; revert detaches exactly those.
 */
import { ACTION_KINDS } from '../../../core/enforcement/kinds';
import { policyArn } from '../../../core/naming/resources';
import { parsePrincipal } from '../../../core/posture/required';
import { attachPolicy, attachedPolicies, detachPolicy } from '../../aws/iam';
import { AttachmentTarget, attachExclusively, detachOurs } from './exclusive-attachment';
import type { ActionRun, EnforcementAction } from './types';
import { planOf } from './plan-of';

const kind = 'attach-lockdown' as const;

function principalPolicies(run: ActionRun): AttachmentTarget {
  const principal = parsePrincipal(run.action.target);
  const iam = run.clients.iam();
  return {
    attached: () => attachedPolicies(iam, principal),
    attach: (arn) => attachPolicy(iam, principal, arn),
    detach: (arn) => detachPolicy(iam, principal, arn),
  };
}

export const attachLockdownAction: EnforcementAction = {
  kind,
  permissions: ACTION_KINDS[kind],
  plan: planOf(kind),
  apply: (run) => attachExclusively(run, principalPolicies(run), policyArn(run.account.id, run.action.to)),
  revert: (run) => detachOurs(run, principalPolicies(run)),
};
