/**
 * Stops running EC2 instances matching a tag selector (never those tagged exempt) and remembers
 * which ones it stopped, and when. Revert starts exactly those again only when the account asks
 * for it (`enforcement.restartInstancesOnRestore`); otherwise they stay stopped for their owners.
 * An instance its owners stopped again after the guardrail did, or tagged exempt since, is theirs:
 * the revert leaves it stopped.
 */
import { ACTION_KINDS } from '../../../core/enforcement/kinds';
import { parseSelector } from '../../../core/posture/required';
import { isExemptTagged } from '../../../core/naming/resources';
import { Instance, describeInstances, findInstances, startInstances, stopInstances, throwIfFailed } from '../../aws/ec2';
import type { ActionResult, ActionRun, EnforcementAction } from './types';
import { regionOf } from './types';
import { planOf } from './plan-of';

const kind = 'stop-instances' as const;

/**
 * StateTransitionReason carries the stop request's time to the second; a stop more than this
 * after the guardrail's own is someone else's.
 */
export const OWN_STOP_TOLERANCE_MS = 120_000;

interface Prior {
  readonly stopped: readonly string[];
  /** Instance id → when the guardrail asked EC2 to stop it (ISO). */
  readonly stoppedAt?: Readonly<Record<string, string>>;
}
const priorOf = (prior: unknown): Prior => ({ stopped: [], ...(prior as Prior | undefined) });

async function apply(run: ActionRun): Promise<ActionResult> {
  const ec2 = run.clients.ec2(regionOf(run.action));
  const found = await findInstances(ec2, parseSelector(run.action.target));
  const running = found
    .filter((i) => !isExemptTagged(i.tags))
    .filter((i) => i.state === 'running' || i.state === 'pending')
    .map((i) => i.id);
  const earlier = priorOf(run.prior);
  if (running.length === 0) {
    if (run.prior === undefined) await run.remember({ stopped: [], stoppedAt: {} });
    return { outcome: 'unchanged', to: { stopped: [...earlier.stopped] } };
  }
  const at = run.clock().toISOString();
  await run.remember({
    stopped: [...new Set([...earlier.stopped, ...running])].sort(),
    stoppedAt: { ...earlier.stoppedAt, ...Object.fromEntries(running.map((id) => [id, at])) },
  });
  const stopped = throwIfFailed('stop', await stopInstances(ec2, running));
  return { outcome: 'applied', from: { running }, to: { stopped } };
}

/** Stopped by its owners after the guardrail's stop, or tagged exempt since: not the guardrail's to start. */
function ownersSince(i: Instance, prior: Prior): boolean {
  if (isExemptTagged(i.tags)) return true;
  const ours = prior.stoppedAt?.[i.id];
  if (!ours || !i.stoppedAt) return false;
  return i.stoppedAt.getTime() > Date.parse(ours) + OWN_STOP_TOLERANCE_MS;
}

async function revert(run: ActionRun): Promise<ActionResult> {
  const prior = priorOf(run.prior);
  if (!run.account.enforcement.restartInstancesOnRestore || prior.stopped.length === 0) {
    return { outcome: 'unchanged', to: { leftStopped: [...prior.stopped] } };
  }
  const ec2 = run.clients.ec2(regionOf(run.action));
  const stopped = (await describeInstances(ec2, prior.stopped)).filter((i) => i.state === 'stopped' || i.state === 'stopping');
  const owners = stopped.filter((i) => ownersSince(i, prior)).map((i) => i.id);
  const toStart = stopped.filter((i) => !owners.includes(i.id)).map((i) => i.id);
  if (toStart.length === 0) {
    return owners.length > 0
      ? { outcome: 'owner-changed', from: { stopped: owners }, to: { leftStopped: owners } }
      : { outcome: 'unchanged', to: { started: [] } };
  }
  const started = throwIfFailed('start', await startInstances(ec2, toStart));
  return { outcome: 'applied', from: { stopped: toStart }, to: { started, ...(owners.length > 0 ? { leftStopped: owners } : {}) } };
}

export const stopInstancesAction: EnforcementAction = {
  kind, permissions: ACTION_KINDS[kind], plan: planOf(kind), apply, revert,
};
