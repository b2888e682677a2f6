/**
 * What the guardrail does to an account at each budget state, in words, derived from the
 * catalog's StateActions. Enforcement is cumulative (docs/architecture.md#budget-states): at Shutdown everything
 * configured for Over and Critical applies too, and the lockdown deny list grows upward.
 */
import { ENFORCED_STATES } from '../catalog/types';
import type { AccountPolicy, EnforcedState, StateActions, TagSelector } from '../catalog/types';
import type { ActionKind } from '../enforcement/kinds';
import { lockdownScpNameFor } from '../lockdown/document';
import { UNAPPROVED_TAG, lockdownPolicyName } from '../naming/resources';
import { gateOf, isGated } from '../gate/gate-state';
import { formatCount, formatTags, joinWords, principalList, principalTargets } from './format';

export type SummaryActionKind = ActionKind | 'attach-scp';

/** One configured change, as fine-grained as the catalog allows (one ASG, one denied API, ...). */
export interface ActionItem {
  /** Identity across catalog versions: the same key means the same change. */
  readonly key: string;
  readonly kind: SummaryActionKind;
  /** The lowest budget state at which the change is made. */
  readonly from: EnforcedState;
  /** The change in a few words: "kill switch", "stop EC2 instances", "lockdown". */
  readonly label: string;
  /** What it acts on, in words: "ASG achampionship-webservice → 0/0/0". */
  readonly object: string;
  /** One sentence for people: "kill switch: ASG achampionship-webservice → 0/0/0". */
  readonly text: string;
  /** Machine-readable target, as in PlannedAction. */
  readonly target: string;
  /** The policy a detach-policy item detaches. */
  readonly policy?: string;
  /** The API a lockdown item denies. */
  readonly api?: string;
}

/** One change the guardrail makes at a state, grouped the way it is carried out. */
export interface PlannedAction {
  readonly kind: SummaryActionKind;
  /**
   * Machine-readable target, spelled as core/posture spells it: a tag selector `k=v,...`, a resource
   * name, a principal `role/<name>`, `<principal>:<policy>` for a detachment, an account id for an SCP.
   */
  readonly target: string;
  readonly from: EnforcedState;
  readonly description: string;
  /** The managed policy (detach-policy) or the lockdown policy / SCP (attach-lockdown, attach-scp). */
  readonly policy?: string;
  /** The APIs a lockdown denies. */
  readonly denied?: readonly string[];
}

export const STATE_NAMES: Record<EnforcedState, string> = { over: 'Over', critical: 'Critical', shutdown: 'Shutdown' };

const selectorKey = (tags: TagSelector) => Object.keys(tags).sort().map((k) => `${k}=${tags[k]}`).join(',');

interface ItemSpec {
  readonly kind: SummaryActionKind;
  readonly target: string;
  readonly label: string;
  readonly object: string;
  readonly text?: string;
  readonly policy?: string;
  readonly api?: string;
}

function item(from: EnforcedState, spec: ItemSpec): ActionItem {
  // A lockdown entry keeps its identity when it moves from principals to an SCP: the API is what matters.
  const key = spec.api !== undefined ? `lockdown:${spec.api}`
    : `${spec.kind}:${spec.target}`;
  return { ...spec, key, from, text: spec.text ?? `${spec.label}: ${spec.object}` };
}

/** Every change configured at exactly this state (not cumulative), lockdown as one item per API. */
function itemsOfState(account: AccountPolicy, state: EnforcedState, actions: StateActions): ActionItem[] {
  const on = account.enforcement.lockdownOn;
  const lockdownWho = on.via === 'scp' ? `account ${account.id} (SCP)` : joinWords(principalList(on));
  const lockdownTarget = on.via === 'scp' ? account.id : principalTargets(on).join(',');
  return [
    ...actions.stopInstances.map((tags) => item(state, {
      kind: 'stop-instances', target: selectorKey(tags), label: 'stop EC2 instances',
      object: `tagged ${formatTags(tags)}`, text: `stop EC2 instances tagged ${formatTags(tags)}`,
    })),
    ...actions.scaleToZero.map((asg) => item(state, {
      kind: 'scale-to-zero', target: asg, label: 'kill switch', object: `ASG ${asg} → 0/0/0`,
    })),
    ...actions.stopRdsClusters.map((id) => item(state, {
      kind: 'stop-rds-cluster', target: id, label: 'stop RDS cluster', object: id, text: `stop RDS cluster ${id}`,
    })),
    ...actions.stopRdsInstances.map((id) => item(state, {
      kind: 'stop-rds-instance', target: id, label: 'stop RDS instance', object: id, text: `stop RDS instance ${id}`,
    })),
    ...actions.pauseRedshiftClusters.map((id) => item(state, {
      kind: 'pause-redshift', target: id, label: 'pause Redshift cluster', object: id, text: `pause Redshift cluster ${id}`,
    })),
    ...actions.detachPolicies.flatMap((d) => principalList(d).map((who, i) => item(state, {
      kind: 'detach-policy', target: `${principalTargets(d)[i]}:${d.policy}`, policy: d.policy, label: 'revoke access', object: `detach ${d.policy} from ${who}`,
    }))),
    ...actions.lockdown.map((api) => item(state, {
      kind: on.via === 'scp' ? 'attach-scp' : 'attach-lockdown', target: lockdownTarget, api, label: 'lockdown',
      object: `deny ${api} to ${lockdownWho}`,
    })),
    ...actions.tagUnapproved.map((tags) => item(state, {
      kind: 'tag-unapproved', target: selectorKey(tags), label: 'tag unapproved',
      object: `EC2 instances tagged ${formatTags(tags)} get ${UNAPPROVED_TAG.key}=${UNAPPROVED_TAG.value}`,
    })),
  ];
}

/** Every configured change with the lowest state it starts at; a change listed at two states counts from the lower. */
export function actionItems(account: AccountPolicy): ActionItem[] {
  const byKey = new Map<string, ActionItem>();
  for (const state of ENFORCED_STATES) {
    for (const it of itemsOfState(account, state, account.enforcement[state])) {
      if (!byKey.has(it.key)) byKey.set(it.key, it);
    }
  }
  return [...byKey.values()];
}

const upTo = (state: EnforcedState) => ENFORCED_STATES.slice(0, ENFORCED_STATES.indexOf(state) + 1);

/** The changes in effect at `state`, cumulative, grouped as carried out (one lockdown per principal). */
export function plannedActions(account: AccountPolicy, state: EnforcedState): PlannedAction[] {
  const active = actionItems(account).filter((it) => upTo(state).includes(it.from));
  const isLockdown = (it: ActionItem) => it.api !== undefined;
  const planned: PlannedAction[] = active.filter((it) => !isLockdown(it)).map((it) => ({
    kind: it.kind, target: it.target, from: it.from, description: it.text, ...(it.policy ? { policy: it.policy } : {}),
  }));
  const lockdown = active.filter(isLockdown);
  if (lockdown.length > 0) planned.push(...lockdownActions(account, state, lockdown));
  return planned;
}

function lockdownActions(account: AccountPolicy, state: EnforcedState, items: readonly ActionItem[]): PlannedAction[] {
  const denied = items.map((it) => it.api as string);
  const from = items[0].from;
  const on = account.enforcement.lockdownOn;
  if (on.via === 'scp') {
    const policy = lockdownScpNameFor(account, state);
    return [{ kind: 'attach-scp', target: account.id, from, policy, denied,
      description: `lockdown SCP on account ${account.id}: ${denied.join(', ')}` }];
  }
  const policy = lockdownPolicyName(state);
  const targets = principalTargets(on);
  return principalList(on).map((who, i) => ({
    kind: 'attach-lockdown' as const, target: targets[i], from, policy, denied,
    description: `lockdown on ${who}: ${denied.join(', ')}`,
  }));
}

/** One line per change at `state`, for tables and summaries. */
export function describeState(account: AccountPolicy, state: EnforcedState): string[] {
  const actions = plannedActions(account, state).map((a) => a.description);
  return actions.length === 0 ? actions : [...actions, ...gateLines(account, state)];
}

/** People in the loop, per state up to `state`: when that state's own actions run. */
function gateLines(account: AccountPolicy, state: EnforcedState): string[] {
  return ENFORCED_STATES.slice(0, ENFORCED_STATES.indexOf(state) + 1).flatMap((s) => {
    const gate = gateOf(account, s);
    if (!isGated(gate)) return [];
    const when = [
      ...(gate.graceMinutes > 0 ? [`${formatCount(gate.graceMinutes)} minute${gate.graceMinutes === 1 ? '' : 's'} after the owners are told, if the state still holds`] : []),
      ...(gate.approval === 'manual' ? ['only once approved (email link or guardrails approve)'] : []),
    ];
    return [`${STATE_NAMES[s]}'s actions run ${when.join(', and ')}`];
  });
}
