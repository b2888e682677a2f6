/**
 * Posture planning vocabulary. A posture is what one targeted resource must look like at a budget
 * state (an instance selector stopped, an ASG at 0/0/0, a principal with the lockdown attached);
 * a planned action moves one target from its recorded posture to the required one, or back.
 */
import type { BudgetState } from '../budget/state';
import type { ActionKind } from '../enforcement/kinds';
import { SCP_ACTION } from '../enforcement/kinds';

export type ScpKind = typeof SCP_ACTION.kind;
/** Member-account kinds (core/enforcement/kinds.ts) plus the hub-side SCP attachment. */
export type PostureKind = ActionKind | ScpKind;
export type Direction = 'apply' | 'revert';

/** A posture the state requires: the target's kind, identity and the value it must have. */
export interface RequiredPosture {
  readonly kind: PostureKind;
  readonly target: string;
  /** Regional resources only; IAM and Organizations are global. */
  readonly region?: string;
  /** The required posture, e.g. "stopped", "0/0/0", or the lockdown policy name. */
  readonly posture: string;
  /** The lowest enforced state whose configuration asks for this target. */
  readonly since: BudgetState;
}

/** What the guardrail recorded for a target: the posture it put in place (or was putting in place). */
export interface RecordedPosture {
  readonly kind: PostureKind;
  readonly target: string;
  readonly region?: string;
  readonly posture: string;
  /** Month (yyyy-mm) the record belongs to. */
  readonly month: string;
  /** The last attempt did not finish (intent without result, or failed): act again. */
  readonly pending: boolean;
}

export interface PlannedAction {
  readonly kind: PostureKind;
  readonly target: string;
  readonly region?: string;
  /** Posture before the action (the recorded one, or the kind's baseline). */
  readonly from: string;
  /** Posture after the action. */
  readonly to: string;
  readonly direction: Direction;
  /** Month of the record a revert undoes (an earlier month after a month change). */
  readonly month: string;
  /**
   * Apply only: the earlier month whose record of the same target is still in force. Its saved
   * values carry forward into this month's record instead of being re-read from a resource the
   * guardrail itself changed, and that record is closed without acting.
   */
  readonly carryFrom?: string;
}

/** Identity of a target across plans and records. */
export const postureKey = (p: { kind: string; target: string; region?: string }) =>
  `${p.kind}|${p.region ?? ''}|${p.target}`;

/** What a target looks like when the guardrail has not touched it. */
export const BASELINE: Record<PostureKind, string> = {
  'stop-instances': 'running',
  'scale-to-zero': 'recorded size',
  'stop-rds-cluster': 'available',
  'stop-rds-instance': 'available',
  'pause-redshift': 'available',
  'detach-policy': 'attached',
  'attach-lockdown': 'none',
  'attach-scp': 'none',
  'tag-unapproved': 'untagged',
};
