/**
 * Who launched an instance, from the JSON of a CloudTrail `RunInstances` event (the
 * `CloudTrailEvent` string LookupEvents returns).
 */
const TAG_VALUE_MAX = 256;

interface UserIdentity {
  type?: string;
  arn?: string;
  userName?: string;
  invokedBy?: string;
  principalId?: string;
}

/** The last segment of an ARN's resource path: the user name, or the role session name. */
const arnTail = (arn: string): string | undefined => {
  const resource = arn.split(':').slice(5).join(':');
  const tail = resource.split('/').pop();
  return tail ? tail : undefined;
};

function fromIdentity(identity: UserIdentity): string | undefined {
  switch (identity.type) {
    case 'Root':
      return 'root';
    case 'AWSService':
      return identity.invokedBy;
    case 'IAMUser':
      return identity.userName ?? (identity.arn ? arnTail(identity.arn) : undefined);
    default:
      // AssumedRole (session name: an SSO user's email, a CI job id), FederatedUser, IdentityCenterUser, ...
      return (identity.arn ? arnTail(identity.arn) : undefined) ?? identity.userName ?? identity.invokedBy;
  }
}

/**
 * The launcher's name, or undefined when the event names nobody. `fallbackUsername` is the
 * `Username` field LookupEvents puts beside the raw event.
 */
export function creatorFromEvent(cloudTrailEvent: string | undefined, fallbackUsername?: string): string | undefined {
  let identity: UserIdentity | undefined;
  if (cloudTrailEvent) {
    try {
      const parsed = JSON.parse(cloudTrailEvent) as { userIdentity?: UserIdentity };
      identity = parsed.userIdentity;
    } catch {
      identity = undefined;
    }
  }
  const name = (identity ? fromIdentity(identity) : undefined) ?? fallbackUsername;
  const trimmed = name?.trim();
  return trimmed ? trimmed.slice(0, TAG_VALUE_MAX) : undefined;
}
