/**
 * Shared shape of the stop/start resources (RDS clusters and instances, Redshift clusters):
 * stop when running and remember that it was running; revert starts only what the guardrail stopped.
 */
import type { ActionRun, ActionResult } from './types';
import { regionOf } from './types';

export interface Stoppable<C> {
  readonly client: (run: ActionRun, region: string) => C;
  readonly status: (client: C, id: string) => Promise<string | undefined>;
  readonly running: readonly string[];
  readonly stoppedStates: readonly string[];
  readonly stop: (client: C, id: string) => Promise<void>;
  readonly start: (client: C, id: string) => Promise<void>;
}

interface Prior { readonly wasRunning: boolean }

export function stoppableActions<C>(s: Stoppable<C>) {
  async function apply(run: ActionRun): Promise<ActionResult> {
    const client = s.client(run, regionOf(run.action));
    const status = await s.status(client, run.action.target);
    if (status === undefined) return { outcome: 'unchanged', from: 'absent' };
    if (!s.running.includes(status)) {
      if (run.prior === undefined) await run.remember({ wasRunning: false });
      return { outcome: 'unchanged', from: status };
    }
    await run.remember({ wasRunning: true });
    await s.stop(client, run.action.target);
    return { outcome: 'applied', from: status, to: run.action.to };
  }

  async function revert(run: ActionRun): Promise<ActionResult> {
    if (!(run.prior as Prior | undefined)?.wasRunning) return { outcome: 'unchanged' };
    const client = s.client(run, regionOf(run.action));
    const status = await s.status(client, run.action.target);
    if (status === undefined) return { outcome: 'unchanged', from: 'absent' };
    if (!s.stoppedStates.includes(status)) return { outcome: 'unchanged', from: status };
    await s.start(client, run.action.target);
    return { outcome: 'applied', from: status, to: 'starting' };
  }

  return { apply, revert };
}
