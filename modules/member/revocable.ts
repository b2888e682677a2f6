/**
 * Which policy attachments the guardrail itself may remove (pure, no cdktf).
 *
 * The enforcer and runtime meter DETACH these when a budget runs out and reattach them on
 * restore. If Terraform managed such an attachment, the next `terraform apply` during a lockdown
 * would re-create it and silently undo the enforcement; so Terraform manages an attachment only
 * when no guardrail action can detach it, and the guardrail owns the others at run time.
 */
import type { AccountPolicy, Principals } from '../../core/catalog/types';
import { ENFORCED_STATES } from '../../core/catalog/types';
import { policyArn } from '../../core/naming/resources';

export type PrincipalKind = keyof Principals;

const key = (arn: string, kind: PrincipalKind, name: string) => `${arn}|${kind}|${name}`;

export function revocableAttachments(account: AccountPolicy): ReadonlySet<string> {
  const detachments = [
    ...ENFORCED_STATES.flatMap((s) => account.enforcement[s].detachPolicies),
    ...account.runtimeBudgets.flatMap((r) => r.atLimit.detachPolicies),
  ];
  const out = new Set<string>();
  for (const d of detachments) {
    const arn = policyArn(account.id, d.policy);
    for (const kind of ['users', 'groups', 'roles'] as const) for (const name of d[kind]) out.add(key(arn, kind, name));
  }
  return out;
}

export const isRevocable = (revocable: ReadonlySet<string>, arn: string, kind: PrincipalKind, name: string) =>
  revocable.has(key(arn, kind, name));
