/**
 * Access the guardrail owns: policy attachments the catalog declares (a team policy on its group,
 * an access policy on its users, groups and roles) that some guardrail action can detach.
 *
 * Terraform must not manage those attachments (the next apply during a lockdown would re-create
 * them and silently undo a revocation), so the guardrail grants them itself: attach when not
 * attached and no revocation is in force. Pure: the runtime meter's reconcile gathers the
 * revocations and executes (functions/runtime-meter/grant-access.ts).
 */
import type { AccountPolicy, PolicyDetachment, Principals, RuntimeBudget } from '../catalog/types';
import { ENFORCED_STATES } from '../catalog/types';
import { policyArn, teamPolicyName } from '../naming/resources';
import { PrincipalType, parseDetachment } from './required';
import type { RecordedPosture } from './types';

export type PrincipalKind = keyof Principals;

export interface PrincipalRef {
  readonly type: PrincipalType;
  readonly name: string;
}

/** One attachment the guardrail grants: `policyArn` on `principal`. */
export interface Grant {
  readonly policy: string;
  readonly policyArn: string;
  readonly principal: PrincipalRef;
}

/** Something that holds `policyArn` detached from `principal` right now; `by` says what, for the log. */
export interface Revocation {
  readonly by: string;
  readonly policyArn: string;
  readonly principal: PrincipalRef;
}

const KINDS: readonly { kind: PrincipalKind; type: PrincipalType }[] = [
  { kind: 'users', type: 'user' },
  { kind: 'groups', type: 'group' },
  { kind: 'roles', type: 'role' },
];

const principalsOf = (p: Principals): PrincipalRef[] =>
  KINDS.flatMap(({ kind, type }) => p[kind].map((name) => ({ type, name })));

const key = (arn: string, kind: PrincipalKind, name: string) => `${arn}|${kind}|${name}`;
const kindOf = (type: PrincipalType): PrincipalKind => KINDS.find((k) => k.type === type)!.kind;

/** Every detachment a guardrail action can make: any enforced state's and any runtime limit's. */
const detachmentsOf = (account: AccountPolicy): PolicyDetachment[] => [
  ...ENFORCED_STATES.flatMap((s) => account.enforcement[s].detachPolicies),
  ...account.runtimeBudgets.flatMap((r) => r.atLimit.detachPolicies),
];

/** The (policy ARN, principal) pairs some guardrail action can detach. */
export function revocableAttachments(account: AccountPolicy): ReadonlySet<string> {
  const out = new Set<string>();
  for (const d of detachmentsOf(account)) {
    const arn = policyArn(account.id, d.policy);
    for (const { kind } of KINDS) for (const name of d[kind]) out.add(key(arn, kind, name));
  }
  return out;
}

export const isRevocable = (revocable: ReadonlySet<string>, arn: string, kind: PrincipalKind, name: string) =>
  revocable.has(key(arn, kind, name));

/** The attachments the catalog declares and the guardrail, not Terraform, owns. */
export function guardrailGrants(account: AccountPolicy): Grant[] {
  const declared: { policy: string; principals: Principals }[] = [
    ...account.teamAccess.map((t) => ({ policy: teamPolicyName(t.name), principals: { users: [], groups: [t.group], roles: [] } })),
    ...account.accessPolicies.map((a) => ({ policy: a.name, principals: a })),
  ];
  const revocable = revocableAttachments(account);
  const seen = new Set<string>();
  const out: Grant[] = [];
  for (const { policy, principals } of declared) {
    const arn = policyArn(account.id, policy);
    for (const principal of principalsOf(principals)) {
      const k = key(arn, kindOf(principal.type), principal.name);
      if (!revocable.has(k) || seen.has(k)) continue;
      seen.add(k);
      out.push({ policy, policyArn: arn, principal });
    }
  }
  return out;
}

/** The enforcer's detach-policy postures in force (or in doubt: an unfinished apply or revert). */
export function enforcerRevocations(accountId: string, postures: readonly RecordedPosture[]): Revocation[] {
  return postures.filter((p) => p.kind === 'detach-policy').map((p) => {
    const { type, name, policy } = parseDetachment(p.target);
    const state = p.pending ? 'in progress' : 'in force';
    return { by: `enforcer detach ${p.target} (${p.month}, ${state})`, policyArn: policyArn(accountId, policy), principal: { type, name } };
  });
}

/** A runtime group whose allowance is used up holds all of its detachments, whether or not it had anything to detach. */
export function limitRevocations(accountId: string, budget: RuntimeBudget, month: string): Revocation[] {
  return budget.atLimit.detachPolicies.flatMap((d) => principalsOf(d).map((principal) => ({
    by: `runtime budget ${budget.name} used up (${month})`, policyArn: policyArn(accountId, d.policy), principal,
  })));
}

/** The revocation that keeps `grant` detached, or undefined when the guardrail may attach it. */
export const revocationOf = (grant: Grant, revocations: readonly Revocation[]): Revocation | undefined =>
  revocations.find((r) => r.policyArn === grant.policyArn && r.principal.type === grant.principal.type && r.principal.name === grant.principal.name);
