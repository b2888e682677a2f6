/** EC2 reads and stops the runtime meter needs, inside a member account (enforcement role credentials). */
import { DescribeInstancesCommand, EC2Client, Instance, StartInstancesCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import type { TagSelector } from '../../core/catalog/types';
import { messageOf } from './aws-errors';
import { BatchResult, transitionTimeOf } from './ec2';

export interface DescribedInstance {
  readonly instanceId: string;
  readonly state: string;
  readonly instanceType?: string;
  readonly tags: Readonly<Record<string, string>>;
  /** When it last started. */
  readonly launchTime?: Date;
  /** When it stopped, parsed from StateTransitionReason ("User initiated (2026-11-02 10:00:00 GMT)"). */
  readonly stoppedAt?: Date;
}

export class RuntimeEc2 {
  constructor(private readonly client: EC2Client) {}

  async describe(instanceId: string): Promise<DescribedInstance | undefined> {
    try {
      const out = await this.client.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
      return out.Reservations?.flatMap((r) => r.Instances ?? []).map(toDescribed)[0];
    } catch (err) {
      if ((err as Error).name === 'InvalidInstanceID.NotFound') return undefined;
      throw err;
    }
  }

  /** Every instance carrying all the selector's tags, in any state but terminated. */
  async describeGroup(tags: TagSelector): Promise<DescribedInstance[]> {
    const filters = [
      ...Object.entries(tags).map(([k, v]) => ({ Name: `tag:${k}`, Values: [v] })),
      { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped', 'shutting-down'] },
    ];
    const found: DescribedInstance[] = [];
    let token: string | undefined;
    do {
      const out = await this.client.send(new DescribeInstancesCommand({ Filters: filters, NextToken: token, MaxResults: 1000 }));
      for (const r of out.Reservations ?? []) for (const i of r.Instances ?? []) found.push(toDescribed(i));
      token = out.NextToken;
    } while (token);
    return found;
  }

  /** Stops the instances; one EC2 refuses (a one-time Spot instance) does not keep the others running. */
  stop(instanceIds: readonly string[]): Promise<BatchResult> {
    return eachOnFailure(instanceIds, (InstanceIds) => this.client.send(new StopInstancesCommand({ InstanceIds })));
  }

  /** Starts the instances; one explicitly denied does not keep the others stopped. */
  start(instanceIds: readonly string[]): Promise<BatchResult> {
    return eachOnFailure(instanceIds, (InstanceIds) => this.client.send(new StartInstancesCommand({ InstanceIds })));
  }
}

/**
 * One call for all (a group is a handful of instances); when EC2 fails the call, which it does
 * for the whole request when one instance cannot change, one call per instance, so only the
 * instances that really fail are reported.
 */
async function eachOnFailure(ids: readonly string[], call: (ids: string[]) => Promise<unknown>): Promise<BatchResult> {
  if (ids.length === 0) return { done: [], failed: [] };
  try {
    await call([...ids]);
    return { done: [...ids], failed: [] };
  } catch (error) {
    if (ids.length === 1) return { done: [], failed: [{ id: ids[0], error: messageOf(error) }] };
  }
  const out: BatchResult = { done: [], failed: [] };
  for (const id of ids) {
    try {
      await call([id]);
      out.done.push(id);
    } catch (error) {
      out.failed.push({ id, error: messageOf(error) });
    }
  }
  return out;
}

function toDescribed(i: Instance): DescribedInstance {
  return {
    instanceId: i.InstanceId ?? '',
    state: i.State?.Name ?? 'unknown',
    instanceType: i.InstanceType,
    tags: Object.fromEntries((i.Tags ?? []).filter((t) => t.Key).map((t) => [t.Key as string, t.Value ?? ''])),
    launchTime: i.LaunchTime,
    stoppedAt: transitionTimeOf(i.StateTransitionReason),
  };
}

export const matchesTags = (tags: Readonly<Record<string, string>>, selector: TagSelector): boolean =>
  Object.entries(selector).every(([k, v]) => tags[k] === v);
