/** Kill switch: sets an Auto Scaling group to 0/0/0 after saving its min/max/desired; revert restores them. */
import { ACTION_KINDS } from '../../../core/enforcement/kinds';
import { GroupSize, ZERO_SIZE, groupSize, setGroupSize, sizeText } from '../../aws/autoscaling';
import type { ActionRun, EnforcementAction } from './types';
import { regionOf } from './types';
import { planOf } from './plan-of';

const kind = 'scale-to-zero' as const;
const isZero = (s: GroupSize) => s.min === 0 && s.max === 0 && s.desired === 0;
const same = (a: GroupSize, b: GroupSize) => a.min === b.min && a.max === b.max && a.desired === b.desired;

async function apply(run: ActionRun) {
  const client = run.clients.autoscaling(regionOf(run.action));
  const current = await groupSize(client, run.action.target);
  if (!current) return { outcome: 'unchanged' as const, from: 'absent' };
  // A retry after a crash finds the group at 0/0/0 already: the size saved then is the one to keep.
  if (run.prior === undefined) await run.remember(current);
  if (isZero(current)) return { outcome: 'unchanged' as const, from: sizeText(current), to: sizeText(ZERO_SIZE) };
  await setGroupSize(client, run.action.target, ZERO_SIZE);
  return { outcome: 'applied' as const, from: sizeText(current), to: sizeText(ZERO_SIZE) };
}

async function revert(run: ActionRun) {
  const prior = run.prior as GroupSize | undefined;
  if (!prior) return { outcome: 'unchanged' as const };
  const client = run.clients.autoscaling(regionOf(run.action));
  const current = await groupSize(client, run.action.target);
  if (!current) return { outcome: 'unchanged' as const, from: 'absent' };
  if (same(current, prior)) return { outcome: 'unchanged' as const, to: sizeText(prior) };
  await setGroupSize(client, run.action.target, prior);
  return { outcome: 'applied' as const, from: sizeText(current), to: sizeText(prior) };
}

export const scaleToZeroAction: EnforcementAction = {
  kind, permissions: ACTION_KINDS[kind], plan: planOf(kind), apply, revert,
};
