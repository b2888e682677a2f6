/**
 * What a budget state requires of an account, cumulatively (docs/architecture.md#budget-states): at Shutdown everything
 * configured for Over and Critical applies too.
 */
import { BudgetState, severity } from '../budget/state';
import type { AccountPolicy, EnforcedState, StateActions, TagSelector } from '../catalog/types';
import { ENFORCED_STATES } from '../catalog/types';
import { lockdownScpNameFor } from '../lockdown/document';
import { lockdownPolicyName } from '../naming/resources';
import type { PostureKind, RequiredPosture } from './types';
import { postureKey } from './types';

export const isEnforced = (state: BudgetState): state is EnforcedState =>
  (ENFORCED_STATES as readonly string[]).includes(state);

/** The enforced states at or below `state`, lowest first. */
export const statesUpTo = (state: BudgetState): EnforcedState[] =>
  ENFORCED_STATES.filter((s) => severity(s) <= severity(state));

/** Stable text of a tag selector: "k1=v1,k2=v2" sorted by key. */
export const selectorText = (selector: TagSelector) =>
  Object.keys(selector).sort().map((k) => `${k}=${selector[k]}`).join(',');

export function parseSelector(text: string): TagSelector {
  const out: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const at = pair.indexOf('=');
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

/** Principal target text: "user/Name", "group/Name", "role/Name". */
export type PrincipalType = 'user' | 'group' | 'role';
export const principalTarget = (type: PrincipalType, name: string) => `${type}/${name}`;
export function parsePrincipal(target: string): { type: PrincipalType; name: string } {
  const [type, ...rest] = target.split('/');
  if (type !== 'user' && type !== 'group' && type !== 'role') throw new Error(`"${target}" is not a principal target (user/…, group/…, role/…)`);
  return { type, name: rest.join('/') };
}

/** detach-policy target: "<principal target>:<policy name or ARN>". */
export const detachmentTarget = (type: PrincipalType, name: string, policy: string) => `${principalTarget(type, name)}:${policy}`;
export function parseDetachment(target: string): { type: PrincipalType; name: string; policy: string } {
  const at = target.indexOf(':');
  return { ...parsePrincipal(target.slice(0, at)), policy: target.slice(at + 1) };
}

/** Every required posture of the account at `state`; empty below Over. */
export function requiredPostures(policy: AccountPolicy, state: BudgetState): RequiredPosture[] {
  if (!isEnforced(state)) return [];
  const out = new Map<string, RequiredPosture>();
  const add = (kind: PostureKind, target: string, posture: string, since: EnforcedState, region?: string) => {
    const p: RequiredPosture = region ? { kind, target, region, posture, since } : { kind, target, posture, since };
    const key = postureKey(p);
    if (!out.has(key)) out.set(key, p);
  };
  const regions = policy.workloadRegions;
  for (const s of statesUpTo(state)) {
    const a: StateActions = policy.enforcement[s];
    for (const region of regions) {
      for (const sel of a.stopInstances) add('stop-instances', selectorText(sel), 'stopped', s, region);
      for (const name of a.scaleToZero) add('scale-to-zero', name, '0/0/0', s, region);
      for (const name of a.stopRdsClusters) add('stop-rds-cluster', name, 'stopped', s, region);
      for (const name of a.stopRdsInstances) add('stop-rds-instance', name, 'stopped', s, region);
      for (const name of a.pauseRedshiftClusters) add('pause-redshift', name, 'paused', s, region);
      for (const sel of a.tagUnapproved) add('tag-unapproved', selectorText(sel), 'tagged', s, region);
    }
    for (const d of a.detachPolicies) {
      for (const u of d.users) add('detach-policy', detachmentTarget('user', u, d.policy), 'detached', s);
      for (const g of d.groups) add('detach-policy', detachmentTarget('group', g, d.policy), 'detached', s);
      for (const r of d.roles) add('detach-policy', detachmentTarget('role', r, d.policy), 'detached', s);
    }
  }
  // The lockdown documents are cumulative, so only the current state's policy is attached.
  const first = statesUpTo(state).find((s) => policy.enforcement[s].lockdown.length > 0);
  if (first) {
    const on = policy.enforcement.lockdownOn;
    if (on.via === 'scp') {
      add('attach-scp', policy.id, lockdownScpNameFor(policy, state), first);
    } else {
      const name = lockdownPolicyName(state);
      for (const u of on.users) add('attach-lockdown', principalTarget('user', u), name, first);
      for (const g of on.groups) add('attach-lockdown', principalTarget('group', g), name, first);
      for (const r of on.roles) add('attach-lockdown', principalTarget('role', r), name, first);
    }
  }
  return [...out.values()];
}
