/**
 * The gate between planning and acting (pure; functions/enforcer/gate.ts carries it out):
 * break-glass exemptions take their kinds out of the plan and give back what the guardrail
 * changed of them; applies of a state with a grace period or an approval are held until the hold
 * opens; holds of states above the current one are cancelled. Reverts are never held.
 */
import { BudgetState, severity } from '../budget/state';
import type { AccountPolicy, EnforcedState } from '../catalog/types';
import { planPosture } from '../posture/plan';
import type { PlannedAction, RecordedPosture } from '../posture/types';
import { postureKey } from '../posture/types';
import { covers, isActive, isDue } from './exemptions';
import { gateOf, introducingStates, isGated } from './gate-state';
import { graceOver, isOpen, postponementOver } from './holds';
import type { Exemption, HeldAction, Hold } from './types';

export interface GateInput {
  readonly policy: AccountPolicy;
  readonly state: BudgetState;
  readonly month: string;
  readonly now: Date;
  /** planPosture's plan for `state`. */
  readonly plan: readonly PlannedAction[];
  /** The active records the plan was made from. */
  readonly recorded: readonly RecordedPosture[];
  /** This month's holds of the account. */
  readonly holds: readonly Hold[];
  readonly exemptions: readonly Exemption[];
}

export interface GateDecision {
  /** What the enforcer executes now. */
  readonly run: PlannedAction[];
  /** Applies held, by the state whose gate holds them. */
  readonly held: Partial<Record<EnforcedState, PlannedAction[]>>;
  /** States whose held applies need a new hold (none, or only a cancelled one, exists). */
  readonly create: EnforcedState[];
  /** Holds of states above the current one. */
  readonly cancel: Hold[];
  /** Pending holds whose grace period is over and that need no approval: their actions run now. */
  readonly release: Hold[];
  /** Postponed holds whose postponement is over: the owners are asked again. */
  readonly remind: Hold[];
  /** Applies not made because an exemption covers their kind. */
  readonly exempted: PlannedAction[];
  /** Reverts added because an exemption covers their kind. */
  readonly givenBack: PlannedAction[];
  /** Exemptions in force not yet announced. */
  readonly exemptionsStarted: Exemption[];
  /** Exemptions whose time is over: they end now and their kinds are enforced again. */
  readonly exemptionsEnded: Exemption[];
}

export const heldAction = (a: PlannedAction): HeldAction =>
  (a.region ? { kind: a.kind, target: a.target, region: a.region, from: a.from, to: a.to } : { kind: a.kind, target: a.target, from: a.from, to: a.to });

export function decideGate(input: GateInput): GateDecision {
  const { policy, state, month, now } = input;
  const active = input.exemptions.filter((e) => isActive(e, now));
  const exempted = input.plan.filter((a) => a.direction === 'apply' && covers(active, a.kind));
  const reverting = new Set(input.plan.filter((a) => a.direction === 'revert').map((a) => `${a.month}|${postureKey(a)}`));
  const givenBack = active.length === 0 ? [] : planPosture({ policy, state: 'unknown', month, recorded: input.recorded })
    .filter((a) => covers(active, a.kind) && !reverting.has(`${a.month}|${postureKey(a)}`));

  const live = input.holds.filter((h) => h.status !== 'cancelled');
  const holdOf = (s: EnforcedState) => live.find((h) => h.state === s);
  const cancel = live.filter((h) => severity(h.state) > severity(state));
  const gateState = introducingStates(policy, state);
  const held: Partial<Record<EnforcedState, PlannedAction[]>> = {};
  const create = new Set<EnforcedState>();
  const release = new Set<Hold>();
  const remind = new Set<Hold>();
  const run: PlannedAction[] = [];
  for (const a of input.plan) {
    if (a.direction === 'apply' && covers(active, a.kind)) continue;
    const s = a.direction === 'apply' ? gateState(a) : undefined;
    if (!s || !isGated(gateOf(policy, s))) {
      run.push(a);
      continue;
    }
    const hold = holdOf(s);
    if (hold && isOpen(hold, now)) {
      if (hold.status === 'pending') release.add(hold);
      run.push(a);
      continue;
    }
    (held[s] ??= []).push(a);
    if (!hold) create.add(s);
    else if (postponementOver(hold, now)) remind.add(hold);
  }
  return {
    run: [...run, ...givenBack],
    held,
    create: [...create],
    cancel,
    release: [...release].filter((h) => graceOver(h, now)),
    remind: [...remind],
    exempted,
    givenBack,
    exemptionsStarted: active.filter((e) => !e.announcedStart),
    exemptionsEnded: input.exemptions.filter((e) => isDue(e, now)),
  };
}
