/** Tags instances matching a selector `budget-guardrails:status=unapproved` (never exempt ones); revert removes exactly the tags it added. */
import { ACTION_KINDS } from '../../../core/enforcement/kinds';
import { UNAPPROVED_TAG, isExemptTagged } from '../../../core/naming/resources';
import { parseSelector } from '../../../core/posture/required';
import { describeInstances, findInstances, tagInstances, throwIfFailed, untagInstances } from '../../aws/ec2';
import type { ActionRun, EnforcementAction } from './types';
import { regionOf } from './types';
import { planOf } from './plan-of';

const kind = 'tag-unapproved' as const;

interface Prior { readonly tagged: readonly string[] }
const taggedOf = (prior: unknown): string[] => [...((prior as Prior | undefined)?.tagged ?? [])];

async function apply(run: ActionRun) {
  const ec2 = run.clients.ec2(regionOf(run.action));
  const found = await findInstances(ec2, parseSelector(run.action.target));
  const untagged = found
    .filter((i) => !isExemptTagged(i.tags))
    .filter((i) => i.tags[UNAPPROVED_TAG.key] !== UNAPPROVED_TAG.value)
    .map((i) => i.id);
  const earlier = taggedOf(run.prior);
  if (untagged.length === 0) {
    if (run.prior === undefined) await run.remember({ tagged: [] });
    return { outcome: 'unchanged' as const, to: { tagged: earlier } };
  }
  await run.remember({ tagged: [...new Set([...earlier, ...untagged])].sort() });
  const tagged = throwIfFailed('tag', await tagInstances(ec2, untagged, UNAPPROVED_TAG));
  return { outcome: 'applied' as const, to: { tagged } };
}

async function revert(run: ActionRun) {
  const tagged = taggedOf(run.prior);
  if (tagged.length === 0) return { outcome: 'unchanged' as const };
  const ec2 = run.clients.ec2(regionOf(run.action));
  const still = (await describeInstances(ec2, tagged))
    .filter((i) => i.tags[UNAPPROVED_TAG.key] === UNAPPROVED_TAG.value).map((i) => i.id);
  if (still.length === 0) return { outcome: 'unchanged' as const };
  const untagged = throwIfFailed('untag', await untagInstances(ec2, still, UNAPPROVED_TAG));
  return { outcome: 'applied' as const, to: { untagged } };
}

export const tagUnapprovedAction: EnforcementAction = {
  kind, permissions: ACTION_KINDS[kind], plan: planOf(kind), apply, revert,
};
