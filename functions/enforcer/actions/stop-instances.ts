/**
 * Stops running EC2 instances matching a tag selector (never those tagged exempt) and remembers
 * which ones it stopped. Revert starts exactly those again only when the account asks for it
 * (`enforcement.restartInstancesOnRestore`); otherwise they stay stopped for their owners.
 */
import { ACTION_KINDS } from '../../../core/enforcement/kinds';
import { parseSelector } from '../../../core/posture/required';
import { isExemptTagged } from '../../../core/naming/resources';
import { describeInstances, findInstances, startInstances, stopInstances } from '../../aws/ec2';
import type { ActionRun, EnforcementAction } from './types';
import { regionOf } from './types';
import { planOf } from './plan-of';

const kind = 'stop-instances' as const;

interface Prior { readonly stopped: readonly string[] }
const stoppedOf = (prior: unknown): string[] => [...((prior as Prior | undefined)?.stopped ?? [])];

async function apply(run: ActionRun) {
  const ec2 = run.clients.ec2(regionOf(run.action));
  const found = await findInstances(ec2, parseSelector(run.action.target));
  const running = found
    .filter((i) => !isExemptTagged(i.tags))
    .filter((i) => i.state === 'running' || i.state === 'pending')
    .map((i) => i.id);
  const earlier = stoppedOf(run.prior);
  if (running.length === 0) {
    if (run.prior === undefined) await run.remember({ stopped: [] });
    return { outcome: 'unchanged' as const, to: { stopped: earlier } };
  }
  await run.remember({ stopped: [...new Set([...earlier, ...running])].sort() });
  const stopped = await stopInstances(ec2, running);
  return { outcome: 'applied' as const, from: { running }, to: { stopped } };
}

async function revert(run: ActionRun) {
  const stopped = stoppedOf(run.prior);
  if (!run.account.enforcement.restartInstancesOnRestore || stopped.length === 0) {
    return { outcome: 'unchanged' as const, to: { leftStopped: stopped } };
  }
  const ec2 = run.clients.ec2(regionOf(run.action));
  const current = await describeInstances(ec2, stopped);
  const toStart = current.filter((i) => i.state === 'stopped' || i.state === 'stopping').map((i) => i.id);
  if (toStart.length === 0) return { outcome: 'unchanged' as const, to: { started: [] } };
  const started = await startInstances(ec2, toStart);
  return { outcome: 'applied' as const, from: { stopped: toStart }, to: { started } };
}

export const stopInstancesAction: EnforcementAction = {
  kind, permissions: ACTION_KINDS[kind], plan: planOf(kind), apply, revert,
};
