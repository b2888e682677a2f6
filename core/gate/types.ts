/**
 * People in the loop (docs/people-in-the-loop.md): actions held for a grace period or an
 * approval, and break-glass exemptions. Stored in the hub table (core/storage/keys.ts).
 */
import type { EnforcedState } from '../catalog/types';
import type { PostureKind } from '../posture/types';

/**
 * pending: waiting for the grace period and/or an approval; postponed: an approver asked to be
 * asked again later; approved: approved (runs once any grace period is over); released: the grace
 * period ended and the actions ran; cancelled: the state fell back before they ran.
 */
export const HOLD_STATUSES = ['pending', 'postponed', 'approved', 'released', 'cancelled'] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];

/** One held action, as the owners are told about it. */
export interface HeldAction {
  readonly kind: string;
  readonly target: string;
  readonly region?: string;
  readonly from: string;
  readonly to: string;
}

export interface Hold {
  readonly accountId: string;
  readonly month: string;
  /** The state whose configured actions are held. */
  readonly state: EnforcedState;
  /** New for every announcement: approval links name it, so a link from an older email cannot decide a newer hold. */
  readonly holdId: string;
  readonly status: HoldStatus;
  readonly createdAt: string;
  /** When the grace period ends (null: no grace period). */
  readonly graceUntil: string | null;
  /** The actions also need an approval. */
  readonly approval: boolean;
  readonly postponedUntil?: string;
  readonly decidedBy?: string;
  readonly decidedAt?: string;
  /** The announcement reached the bus (a crash in between is repaired by the next run). */
  readonly announced: boolean;
  /** The time of the one-time schedule that rechecks this hold, when one exists. */
  readonly scheduledFor?: string;
  readonly actions: readonly HeldAction[];
}

export const EXEMPT_ALL = 'all' as const;
export type ExemptKind = PostureKind | typeof EXEMPT_ALL;

export interface Exemption {
  readonly accountId: string;
  readonly kind: ExemptKind;
  /** ISO time the exemption ends by itself. */
  readonly until: string;
  readonly reason: string;
  /** Who asked for it (the operator's AWS identity). */
  readonly by: string;
  readonly createdAt: string;
  readonly status: 'active' | 'ended';
  readonly announcedStart: boolean;
}

/** Approval decisions an email link or `guardrails approve|postpone` makes. */
export const DECISIONS = ['approve', 'postpone'] as const;
export type Decision = (typeof DECISIONS)[number];

/** How long "Postpone" defers a staged action before the owners are asked again. */
export const POSTPONE_HOURS = 24;
