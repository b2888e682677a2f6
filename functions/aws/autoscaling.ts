/** Auto Scaling group sizes: read and set min/max/desired. */
import {
  AutoScalingClient, CreateOrUpdateTagsCommand, DeleteTagsCommand, DescribeAutoScalingGroupsCommand, UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';

export interface GroupSize {
  readonly min: number;
  readonly max: number;
  readonly desired: number;
}

export const sizeText = (s: GroupSize) => `${s.min}/${s.max}/${s.desired}`;
export const ZERO_SIZE: GroupSize = { min: 0, max: 0, desired: 0 };

/** The group's size and tags, or undefined when there is no such group. */
export async function describeGroup(client: AutoScalingClient, name: string): Promise<{ size: GroupSize; tags: Record<string, string> } | undefined> {
  const out = await client.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }));
  const g = out.AutoScalingGroups?.find((x) => x.AutoScalingGroupName === name);
  if (!g) return undefined;
  const tags = Object.fromEntries((g.Tags ?? []).filter((t) => t.Key).map((t) => [t.Key as string, t.Value ?? '']));
  return { size: { min: g.MinSize ?? 0, max: g.MaxSize ?? 0, desired: g.DesiredCapacity ?? 0 }, tags };
}

/** The group's size, or undefined when there is no such group. */
export const groupSize = async (client: AutoScalingClient, name: string): Promise<GroupSize | undefined> => (await describeGroup(client, name))?.size;

export async function setGroupSize(client: AutoScalingClient, name: string, size: GroupSize): Promise<void> {
  await client.send(new UpdateAutoScalingGroupCommand({
    AutoScalingGroupName: name, MinSize: size.min, MaxSize: size.max, DesiredCapacity: size.desired,
  }));
}

const groupTag = (name: string, key: string, value?: string) =>
  ({ ResourceId: name, ResourceType: 'auto-scaling-group', Key: key, ...(value === undefined ? {} : { Value: value, PropagateAtLaunch: false }) });

/** Sets one tag on the group (not propagated to its instances). */
export async function tagGroup(client: AutoScalingClient, name: string, key: string, value: string): Promise<void> {
  await client.send(new CreateOrUpdateTagsCommand({ Tags: [groupTag(name, key, value)] }));
}

export async function untagGroup(client: AutoScalingClient, name: string, key: string): Promise<void> {
  await client.send(new DeleteTagsCommand({ Tags: [groupTag(name, key)] }));
}
