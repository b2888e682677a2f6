/** Which enforced state's configuration asks for an action, and whether that state has a gate. */
import { BudgetState } from '../budget/state';
import { NO_GATE } from '../catalog/resolve';
import type { AccountPolicy, EnforcedState, StateGate } from '../catalog/types';
import { requiredPostures, statesUpTo } from '../posture/required';
import type { PlannedAction } from '../posture/types';
import { postureKey } from '../posture/types';

/** The gate of a state; a policy item written before gates existed has none. */
export const gateOf = (policy: AccountPolicy, state: EnforcedState): StateGate => policy.gates?.[state] ?? NO_GATE;

export const isGated = (gate: StateGate) => gate.graceMinutes > 0 || gate.approval === 'manual';

/**
 * For each apply of a plan at `state`: the lowest enforced state whose configuration requires that
 * exact posture (so at Shutdown, Over's actions keep Over's gate and the Shutdown lockdown policy
 * gets Shutdown's).
 */
export function introducingStates(policy: AccountPolicy, state: BudgetState): (a: PlannedAction) => EnforcedState | undefined {
  const first = new Map<string, EnforcedState>();
  for (const s of statesUpTo(state)) {
    for (const p of requiredPostures(policy, s)) {
      const key = `${postureKey(p)}|${p.posture}`;
      if (!first.has(key)) first.set(key, s);
    }
  }
  return (a) => first.get(`${postureKey(a)}|${a.to}`);
}
