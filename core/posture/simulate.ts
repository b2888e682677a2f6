/** What `guardrails simulate` prints: the actions a state would take on an untouched account. */
import type { BudgetState } from '../budget/state';
import type { AccountPolicy } from '../catalog/types';
import { planPosture } from './plan';
import type { PlannedAction } from './types';

export type SimulatedAction = Omit<PlannedAction, 'month' | 'direction'>;

/** Planned actions for `state` from a clean month (nothing recorded yet); empty below Over. */
export function simulatePosture(policy: AccountPolicy, state: BudgetState): SimulatedAction[] {
  return planPosture({ policy, state, month: 'simulation', recorded: [] })
    .map(({ kind, target, region, from, to }) => (region ? { kind, target, region, from, to } : { kind, target, from, to }));
}

