/** EC2 reads and stops the runtime meter needs, inside a member account (enforcement role credentials). */
import { DescribeInstancesCommand, EC2Client, Instance, StartInstancesCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import type { TagSelector } from '../../core/catalog/types';

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

  async stop(instanceIds: readonly string[]): Promise<void> {
    if (instanceIds.length > 0) await this.client.send(new StopInstancesCommand({ InstanceIds: [...instanceIds] }));
  }

  async start(instanceIds: readonly string[]): Promise<void> {
    if (instanceIds.length > 0) await this.client.send(new StartInstancesCommand({ InstanceIds: [...instanceIds] }));
  }
}

const TRANSITION_TIME = /\((\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) GMT\)/;

function toDescribed(i: Instance): DescribedInstance {
  const reason = i.StateTransitionReason ? TRANSITION_TIME.exec(i.StateTransitionReason) : null;
  return {
    instanceId: i.InstanceId ?? '',
    state: i.State?.Name ?? 'unknown',
    instanceType: i.InstanceType,
    tags: Object.fromEntries((i.Tags ?? []).filter((t) => t.Key).map((t) => [t.Key as string, t.Value ?? ''])),
    launchTime: i.LaunchTime,
    stoppedAt: reason ? new Date(`${reason[1].replace(' ', 'T')}Z`) : undefined,
  };
}

export const matchesTags = (tags: Readonly<Record<string, string>>, selector: TagSelector): boolean =>
  Object.entries(selector).every(([k, v]) => tags[k] === v);
