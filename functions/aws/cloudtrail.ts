/**
 * Who launched an EC2 instance: CloudTrail event history (LookupEvents) filtered by the instance
 * id as ResourceName within a bounded look-back, following NextToken until the `RunInstances`
 * event turns up. Event history is regional: use a client in the instance's region.
 */
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { creatorFromEvent } from '../../core/tags/creator';

/** A safety net against a token that never ends; real histories per instance are far shorter. */
export const MAX_LOOKUP_PAGES = 100;

export interface LaunchLookup {
  readonly instanceId: string;
  readonly start: Date;
  readonly end: Date;
}

/** The launcher's name, or undefined when no RunInstances event names anybody in the window. */
export async function findInstanceCreator(client: CloudTrailClient, lookup: LaunchLookup): Promise<string | undefined> {
  let token: string | undefined;
  let pages = 0;
  do {
    if (++pages > MAX_LOOKUP_PAGES) {
      throw new Error(`CloudTrail LookupEvents for ${lookup.instanceId} did not end after ${MAX_LOOKUP_PAGES} pages`);
    }
    const page = await client.send(new LookupEventsCommand({
      LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: lookup.instanceId }],
      StartTime: lookup.start,
      EndTime: lookup.end,
      MaxResults: 50,
      NextToken: token,
    }));
    for (const event of page.Events ?? []) {
      if (event.EventName !== 'RunInstances') continue;
      const creator = creatorFromEvent(event.CloudTrailEvent, event.Username);
      if (creator) return creator;
    }
    token = page.NextToken;
  } while (token);
  return undefined;
}
