/**
 * What the guardrail does at each budget state, in words people read: derived from the account's
 * resolved policy (cumulative per docs/architecture.md#budget-states: at Shutdown everything for Over and Critical applies).
 */
import { BudgetState, STATE_LABELS, severity } from '../budget/state';
import type { AccountPolicy, EnforcedState, Principals, StateActions, TagSelector } from '../catalog/types';
import { ENFORCED_STATES } from '../catalog/types';
import { EXEMPT_TAG, UNAPPROVED_TAG } from '../naming/resources';
import { usd } from './format';

const selectorText = (s: TagSelector) => Object.entries(s).map(([k, v]) => `${k}=${v}`).join(', ');
const list = (xs: readonly string[]) => xs.join(', ');

export function principalsText(p: Principals): string {
  const parts = [
    p.users.length ? `user${p.users.length > 1 ? 's' : ''} ${list(p.users)}` : '',
    p.groups.length ? `group${p.groups.length > 1 ? 's' : ''} ${list(p.groups)}` : '',
    p.roles.length ? `role${p.roles.length > 1 ? 's' : ''} ${list(p.roles)}` : '',
  ].filter(Boolean);
  return parts.join(' and ') || 'no principals';
}

/** One line per action a state's own configuration asks for (not cumulative). */
export function describeStateActions(policy: AccountPolicy, state: EnforcedState): string[] {
  const a: StateActions = policy.enforcement[state];
  const lines: string[] = [];
  for (const s of a.stopInstances) lines.push(`Stop EC2 instances tagged ${selectorText(s)} (except those tagged ${EXEMPT_TAG.key}=${EXEMPT_TAG.value})`);
  for (const g of a.scaleToZero) lines.push(`Scale Auto Scaling group ${g} to 0/0/0 (its sizes are saved for restore)`);
  for (const c of a.stopRdsClusters) lines.push(`Stop RDS DB cluster ${c}`);
  for (const i of a.stopRdsInstances) lines.push(`Stop RDS DB instance ${i}`);
  for (const c of a.pauseRedshiftClusters) lines.push(`Pause Redshift cluster ${c}`);
  for (const d of a.detachPolicies) lines.push(`Detach policy ${d.policy} from ${principalsText(d)}`);
  if (a.lockdown.length > 0) {
    const on = policy.enforcement.lockdownOn;
    const where = on.via === 'scp' ? 'for the whole account (service control policy)' : `for ${principalsText(on)}`;
    lines.push(`Deny ${list(a.lockdown)} ${where}`);
  }
  for (const s of a.tagUnapproved) lines.push(`Tag EC2 instances tagged ${selectorText(s)} with ${UNAPPROVED_TAG.key}=${UNAPPROVED_TAG.value}`);
  return lines;
}

/** Everything in force at `state`: the actions of every enforced state up to it. */
export function actionsInForce(policy: AccountPolicy, state: BudgetState): string[] {
  return ENFORCED_STATES.filter((s) => severity(s) <= severity(state)).flatMap((s) => describeStateActions(policy, s));
}

/** The next more severe state, or null at Shutdown. Unknown/Unused/Under/On target all lead to Over. */
export function nextState(state: BudgetState): EnforcedState | null {
  if (severity(state) < severity('over')) return 'over';
  if (state === 'over') return 'critical';
  if (state === 'critical') return 'shutdown';
  return null;
}

/** When the account enters `state`, in dollars of its target. */
export function entryRule(policy: AccountPolicy, state: EnforcedState): string {
  const t = policy.targetUsd ?? 0;
  const at = (pct: number) => usd((pct / 100) * t);
  if (state === 'over') return `actual or forecast spend above the ${usd(t)} target`;
  const p = policy.states[state];
  return `actual spend reaches ${at(p.actualPct)} (${p.actualPct}%) or the forecast reaches ${at(p.forecastPct)} (${p.forecastPct}%)`;
}

export interface NextStep {
  readonly state: EnforcedState;
  readonly label: string;
  readonly when: string;
  /** What is added at that state (on top of what is already in force). */
  readonly adds: readonly string[];
}

export function nextStep(policy: AccountPolicy, state: BudgetState): NextStep | null {
  const next = nextState(state);
  if (!next) return null;
  const inForce = new Set(actionsInForce(policy, state));
  return {
    state: next,
    label: STATE_LABELS[next],
    when: entryRule(policy, next),
    adds: actionsInForce(policy, next).filter((line) => !inForce.has(line)),
  };
}
