/**
 * The lockdown deny document of a budget state: the one builder behind both forms, the member's
 * IAM managed policy (`budget-guardrails-lockdown-<state>`) and the hub's service control policy.
 *
 * Cumulative: a state denies its own restricted APIs plus those of every lower enforced state
 * (shutdown ⊇ critical ⊇ over). Every deny exempts the guardrail's own roles, so enforcement and
 * restore keep working while the account is locked down.
 *
 * The document names no account: an SCP or a member managed policy only ever applies to the
 * principals of the account it is attached in, so `arn:aws:iam::*:` means "this account" here. That
 * lets accounts with the same lists share one SCP (lockdownScpNameFor), whatever the org's size.
 */
import { createHash } from 'node:crypto';
import type { AccountPolicy, EnforcedState } from '../catalog/types';
import { ENFORCED_STATES } from '../catalog/types';
import type { PolicyDocument, PolicyStatement } from '../iam/policy';
import { policyDocument } from '../iam/policy';
import {
  ENFORCEMENT_ROLE_NAME, FORWARDER_ROLE_NAME, PROJECT, lockdownPolicyName, lockdownScpName,
} from '../naming/resources';

/** IAM actions that would let a locked-down principal remove or rewrite its own lockdown. */
export const LOCKDOWN_DETACH_ACTIONS = ['iam:DetachUserPolicy', 'iam:DetachGroupPolicy', 'iam:DetachRolePolicy'] as const;
export const LOCKDOWN_REWRITE_ACTIONS = ['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:DeletePolicyVersion', 'iam:DeletePolicy'] as const;

/** Roles the lockdown never applies to: the member enforcement role (assumed by the hub) and the forwarder. */
export const EXEMPT_ROLE_ARNS: readonly string[] =
  [ENFORCEMENT_ROLE_NAME, FORWARDER_ROLE_NAME].map((role) => `arn:aws:iam::*:role/${role}`);

/** The restricted APIs in force at `state`: its own list and every lower enforced state's, each once. */
export function restrictedActions(account: AccountPolicy, state: EnforcedState): string[] {
  const upTo = ENFORCED_STATES.slice(0, ENFORCED_STATES.indexOf(state) + 1);
  const seen = new Set<string>();
  const actions: string[] = [];
  for (const s of upTo) {
    for (const action of account.enforcement[s].lockdown) {
      if (seen.has(action.toLowerCase())) continue;
      seen.add(action.toLowerCase());
      actions.push(action);
    }
  }
  return actions;
}

/** Enforced states that restrict at least one API, lowest first: one lockdown policy each. */
export const lockdownStates = (account: AccountPolicy): EnforcedState[] =>
  ENFORCED_STATES.filter((state) => restrictedActions(account, state).length > 0);

/** The deny document for `state`, or null when the state restricts nothing. */
export function lockdownDocument(account: AccountPolicy, state: EnforcedState): PolicyDocument | null {
  const actions = restrictedActions(account, state);
  if (actions.length === 0) return null;
  const notGuardrail = { ArnNotLike: { 'aws:PrincipalArn': [...EXEMPT_ROLE_ARNS] } };
  const lockdownPolicies = `arn:aws:iam::*:policy/${PROJECT}-lockdown-*`;
  const statements: PolicyStatement[] = [
    { Sid: 'DenyRestrictedApis', Effect: 'Deny', Action: actions, Resource: '*', Condition: notGuardrail },
    {
      Sid: 'DenyLiftingLockdown',
      Effect: 'Deny',
      Action: [...LOCKDOWN_DETACH_ACTIONS],
      Resource: '*',
      Condition: { ...notGuardrail, ArnLike: { 'iam:PolicyARN': lockdownPolicies } },
    },
    { Sid: 'DenyRewritingLockdown', Effect: 'Deny', Action: [...LOCKDOWN_REWRITE_ACTIONS], Resource: lockdownPolicies, Condition: notGuardrail },
  ];
  return policyDocument(statements);
}

/** Every lockdown document of the account by state (only states that restrict something). */
export function lockdownDocuments(account: AccountPolicy): { state: EnforcedState; name: string; document: PolicyDocument }[] {
  return lockdownStates(account).map((state) => ({
    state,
    name: lockdownPolicyName(state),
    document: lockdownDocument(account, state) as PolicyDocument,
  }));
}

/** The shared SCP of `state` for this account's lists: accounts with the same document share its name. */
export function lockdownScpNameFor(account: AccountPolicy, state: EnforcedState): string {
  const document = lockdownDocument(account, state);
  const hash = createHash('sha256').update(JSON.stringify(document)).digest('hex').slice(0, 12);
  return lockdownScpName(state, hash);
}
