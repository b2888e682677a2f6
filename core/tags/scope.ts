/** Which instances a tag policy looks at: the exemption tag, the VPC scope and the scope tags. */
import type { TagPolicy } from '../catalog/types';
import { isExemptTagged } from '../naming/resources';
import type { InstanceView } from './types';

export const isExempt = (instance: InstanceView): boolean => isExemptTagged(instance.tags);

/** An empty VPC list or an empty tag selector means "every instance". */
export function inScope(instance: InstanceView, scope: TagPolicy['scope']): boolean {
  if (scope.vpcIds.length > 0 && (instance.vpcId === undefined || !scope.vpcIds.includes(instance.vpcId))) return false;
  return Object.entries(scope.tags).every(([key, value]) => instance.tags[key] === value);
}
