/**
 * Kill switch: sets an Auto Scaling group to 0/0/0 after saving its min/max/desired; revert
 * restores them, but only while the group is still at 0/0/0 as the guardrail left it. A group its
 * owners resized meanwhile (a Terraform apply, a console change) is theirs: revert leaves it.
 */
import { ACTION_KINDS } from '../../../core/enforcement/kinds';
import { SAVED_SIZE_TAG_KEY } from '../../../core/naming/resources';
import { GroupSize, ZERO_SIZE, describeGroup, groupSize, setGroupSize, sizeText, tagGroup, untagGroup } from '../../aws/autoscaling';
import type { ActionResult, ActionRun, EnforcementAction } from './types';
import { regionOf } from './types';
import { planOf } from './plan-of';

const kind = 'scale-to-zero' as const;
const isZero = (s: GroupSize) => s.min === 0 && s.max === 0 && s.desired === 0;
const same = (a: GroupSize, b: GroupSize) => a.min === b.min && a.max === b.max && a.desired === b.desired;

async function apply(run: ActionRun): Promise<ActionResult> {
  const client = run.clients.autoscaling(regionOf(run.action));
  const current = await groupSize(client, run.action.target);
  if (!current) return { outcome: 'unchanged', from: 'absent' };
  // At 0/0/0 already (a retry after a crash, a carried-forward record): the size saved then is the
  // one to keep. Any other size is the owners' latest, to give back at the restore.
  if (!isZero(current) || run.prior === undefined) await run.remember(current);
  if (isZero(current)) return { outcome: 'unchanged', from: sizeText(current), to: sizeText(ZERO_SIZE) };
  // The tag carries the saved size on the group itself, and lets the role restore the group
  // even after a catalog edit drops it from scaleToZero (core/enforcement/role-policy.ts).
  await tagGroup(client, run.action.target, SAVED_SIZE_TAG_KEY, sizeText(current));
  await setGroupSize(client, run.action.target, ZERO_SIZE);
  return { outcome: 'applied', from: sizeText(current), to: sizeText(ZERO_SIZE) };
}

async function revert(run: ActionRun): Promise<ActionResult> {
  const prior = run.prior as GroupSize | undefined;
  if (!prior) return { outcome: 'unchanged' };
  const client = run.clients.autoscaling(regionOf(run.action));
  const group = await describeGroup(client, run.action.target);
  if (!group) return { outcome: 'unchanged', from: 'absent' };
  const current = group.size;
  // The saved-size tag goes last, so a retry after a crash still has the permission it grants.
  const untag = async () => {
    if (SAVED_SIZE_TAG_KEY in group.tags) await untagGroup(client, run.action.target, SAVED_SIZE_TAG_KEY);
  };
  if (same(current, prior)) {
    await untag();
    return { outcome: 'unchanged', to: sizeText(prior) };
  }
  if (!isZero(current)) {
    await untag();
    return { outcome: 'owner-changed', from: sizeText(current), to: `left at ${sizeText(current)} (saved ${sizeText(prior)} not restored)` };
  }
  await setGroupSize(client, run.action.target, prior);
  await untag();
  return { outcome: 'applied', from: sizeText(current), to: sizeText(prior) };
}

export const scaleToZeroAction: EnforcementAction = {
  kind, permissions: ACTION_KINDS[kind], plan: planOf(kind), apply, revert,
};
