/**
 * EC2 operations of the tag policy engine in one member region: list instances (as the core's
 * InstanceView), write tags, stop and terminate. An instance that is already gone is reported as
 * such, never as a failure.
 */
import {
  CreateTagsCommand, DescribeInstancesCommand, EC2Client, Filter, Instance, StopInstancesCommand, TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { InstanceView, SCANNED_STATES, ScannedState } from '../../core/tags/types';

const NOT_FOUND = 'InvalidInstanceID.NotFound';

export const isInstanceNotFound = (error: unknown): boolean =>
  error instanceof Error && (error.name === NOT_FOUND || (error as { Code?: string }).Code === NOT_FOUND);

export interface InstanceQuery {
  /** Only these instances (an EC2 state-change event); every instance when absent. */
  readonly instanceIds?: readonly string[];
  /** Narrows the listing server-side; the core's scope check stays the authority. */
  readonly vpcIds: readonly string[];
  readonly scopeTags: Readonly<Record<string, string>>;
}

export type WriteResult = 'done' | 'gone';

function toView(instance: Instance, region: string): InstanceView | undefined {
  const state = instance.State?.Name as ScannedState | undefined;
  if (!instance.InstanceId || !state || !SCANNED_STATES.includes(state)) return undefined;
  const tags: Record<string, string> = {};
  for (const tag of instance.Tags ?? []) if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? '';
  return {
    id: instance.InstanceId, region, state, tags,
    ...(instance.VpcId ? { vpcId: instance.VpcId } : {}),
    ...(instance.LaunchTime ? { launchedAt: instance.LaunchTime } : {}),
  };
}

export class TagEc2 {
  constructor(private readonly client: EC2Client, readonly region: string) {}

  async instances(query: InstanceQuery): Promise<InstanceView[]> {
    const filters: Filter[] = [{ Name: 'instance-state-name', Values: [...SCANNED_STATES] }];
    if (query.vpcIds.length > 0) filters.push({ Name: 'vpc-id', Values: [...query.vpcIds] });
    for (const [key, value] of Object.entries(query.scopeTags)) filters.push({ Name: `tag:${key}`, Values: [value] });

    const out: InstanceView[] = [];
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(new DescribeInstancesCommand({
          Filters: filters,
          ...(query.instanceIds ? { InstanceIds: [...query.instanceIds] } : { MaxResults: 1000 }),
          NextToken: token,
        }));
      } catch (error) {
        if (query.instanceIds && isInstanceNotFound(error)) return out;
        throw error;
      }
      for (const reservation of page.Reservations ?? []) {
        for (const instance of reservation.Instances ?? []) {
          const view = toView(instance, this.region);
          if (view) out.push(view);
        }
      }
      token = page.NextToken;
    } while (token);
    return out;
  }

  async createTags(instanceId: string, tags: Readonly<Record<string, string>>): Promise<WriteResult> {
    return this.write(() => this.client.send(new CreateTagsCommand({
      Resources: [instanceId],
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    })));
  }

  async stop(instanceId: string): Promise<WriteResult> {
    return this.write(() => this.client.send(new StopInstancesCommand({ InstanceIds: [instanceId] })));
  }

  async terminate(instanceId: string): Promise<WriteResult> {
    return this.write(() => this.client.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] })));
  }

  private async write(call: () => Promise<unknown>): Promise<WriteResult> {
    try {
      await call();
      return 'done';
    } catch (error) {
      if (isInstanceNotFound(error)) return 'gone';
      throw error;
    }
  }
}
