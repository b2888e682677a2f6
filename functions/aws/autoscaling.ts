/** Auto Scaling group sizes: read and set min/max/desired. */
import { AutoScalingClient, DescribeAutoScalingGroupsCommand, UpdateAutoScalingGroupCommand } from '@aws-sdk/client-auto-scaling';

export interface GroupSize {
  readonly min: number;
  readonly max: number;
  readonly desired: number;
}

export const sizeText = (s: GroupSize) => `${s.min}/${s.max}/${s.desired}`;
export const ZERO_SIZE: GroupSize = { min: 0, max: 0, desired: 0 };

/** The group's size, or undefined when there is no such group. */
export async function groupSize(client: AutoScalingClient, name: string): Promise<GroupSize | undefined> {
  const out = await client.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }));
  const g = out.AutoScalingGroups?.find((x) => x.AutoScalingGroupName === name);
  if (!g) return undefined;
  return { min: g.MinSize ?? 0, max: g.MaxSize ?? 0, desired: g.DesiredCapacity ?? 0 };
}

export async function setGroupSize(client: AutoScalingClient, name: string, size: GroupSize): Promise<void> {
  await client.send(new UpdateAutoScalingGroupCommand({
    AutoScalingGroupName: name, MinSize: size.min, MaxSize: size.max, DesiredCapacity: size.desired,
  }));
}
