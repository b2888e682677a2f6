/** What the tag policy engine knows about an EC2 instance, independent of the SDK's shapes. */
export const SCANNED_STATES = ['pending', 'running', 'stopping', 'stopped'] as const;
export type ScannedState = (typeof SCANNED_STATES)[number];

export interface InstanceView {
  readonly id: string;
  readonly region: string;
  readonly state: ScannedState;
  /** Absent for an instance outside any VPC. */
  readonly vpcId?: string;
  readonly tags: Readonly<Record<string, string>>;
  /** When the instance last started (EC2 LaunchTime); absent when EC2 did not say. */
  readonly launchedAt?: Date;
}

/** Why a rule fires: the required key is absent, or the key is present with an empty value. */
export type TagProblem = 'missing' | 'empty';

/** Where the value of a tag fix comes from: known now, or who launched the instance (CloudTrail). */
export type FixSource =
  | { readonly kind: 'value'; readonly value: string }
  | { readonly kind: 'creator' };

export interface TagFix {
  readonly key: string;
  readonly problem: TagProblem;
  readonly source: FixSource;
}

export type LifecycleAction = 'stop' | 'terminate';

export type Disposition = 'exempt' | 'out-of-scope' | 'checked';

export interface InstanceVerdict {
  readonly instance: InstanceView;
  readonly disposition: Disposition;
  /** True when the instance carries no tags at all. */
  readonly untagged: boolean;
  readonly fixes: readonly TagFix[];
  /** Stop or terminate, only when the instance has no tags and is not already in that state. */
  readonly lifecycle?: LifecycleAction;
}

/** The value written when CloudTrail has no launch event for the instance within the look-back. */
export const UNKNOWN_CREATOR = 'unknown';

/**
 * CloudTrail event history shows an API call about 5 and at most 15 minutes after it happens.
 * For an instance started more recently than this, "no launch event" proves nothing: the tag is
 * left for a later run instead of being set to "unknown" for good.
 */
export const CLOUDTRAIL_DELIVERY_MS = 15 * 60 * 1000;

export const launchMayBeUndelivered = (instance: InstanceView, now: Date): boolean =>
  instance.launchedAt !== undefined && now.getTime() - instance.launchedAt.getTime() < CLOUDTRAIL_DELIVERY_MS;
