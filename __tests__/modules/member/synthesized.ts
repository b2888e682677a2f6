/** Reads resources and policy documents out of a synthesized stack's JSON. */
import type { PolicyDocument } from '../../../core/iam/policy';
import { parsePolicy } from '../../support/iam-sim';

export type Synthesized = { resource?: Record<string, Record<string, Record<string, unknown>>> };

export function resourcesOf(stack: Synthesized, type: string): Record<string, unknown>[] {
  return Object.values(stack.resource?.[type] ?? {});
}

/** The one resource of `type` whose `field` equals `value`; throws when there is not exactly one. */
export function resourceNamed(stack: Synthesized, type: string, value: string, field = 'name'): Record<string, unknown> {
  const found = resourcesOf(stack, type).filter((r) => r[field] === value);
  if (found.length !== 1) throw new Error(`expected one ${type} with ${field}=${value}, found ${found.length}`);
  return found[0];
}

export const policyOf = (stack: Synthesized, type: string, name: string, field = 'policy'): PolicyDocument =>
  parsePolicy(resourceNamed(stack, type, name)[field]);

/** The inline policy (aws_iam_role_policy) attached to the role resource named `roleName`. */
export function inlinePolicyOfRole(stack: Synthesized, roleName: string): PolicyDocument {
  const roles = stack.resource?.aws_iam_role ?? {};
  const id = Object.keys(roles).find((k) => roles[k].name === roleName);
  if (!id) throw new Error(`no aws_iam_role ${roleName}`);
  const policies = resourcesOf(stack, 'aws_iam_role_policy').filter((p) => p.role === `\${aws_iam_role.${id}.name}`);
  if (policies.length !== 1) throw new Error(`expected one inline policy on ${roleName}, found ${policies.length}`);
  return parsePolicy(policies[0].policy);
}
