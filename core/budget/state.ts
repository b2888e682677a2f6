/** Budget states (docs/architecture.md#budget-states): first matching rule from the top wins. */
import type { StateThresholds } from '../catalog/types';

export const BUDGET_STATES = ['unknown', 'unused', 'under', 'on-target', 'over', 'critical', 'shutdown'] as const;
export type BudgetState = (typeof BUDGET_STATES)[number];

/** Severity order used to compare states: unknown < unused < under < on-target < over < critical < shutdown. */
export function severity(state: BudgetState): number {
  return BUDGET_STATES.indexOf(state);
}

export function maxState(a: BudgetState, b: BudgetState): BudgetState {
  return severity(a) >= severity(b) ? a : b;
}

export const STATE_LABELS: Record<BudgetState, string> = {
  unknown: 'Unknown', unused: 'Unused', under: 'Under', 'on-target': 'On target',
  over: 'Over', critical: 'Critical', shutdown: 'Shutdown',
};

export interface SpendInput {
  readonly targetUsd: number;
  /** Month-to-date actual spend; null when there is no data for the month. */
  readonly actualUsd: number | null;
  /** Forecast for the whole month; absent means the actual. A month never ends below its actual. */
  readonly forecastUsd?: number | null;
}

export function computeState(input: SpendInput, t: StateThresholds): BudgetState {
  const { targetUsd: T, actualUsd: A } = input;
  if (A === null || !Number.isFinite(A)) return 'unknown';
  const F = Math.max(A, input.forecastUsd ?? A);
  const at = (pct: number) => (pct / 100) * T;
  if (A >= at(t.shutdown.actualPct) || F >= at(t.shutdown.forecastPct)) return 'shutdown';
  if (A >= at(t.critical.actualPct) || F >= at(t.critical.forecastPct)) return 'critical';
  if (A > T || F > T) return 'over';
  if (F <= at(t.unusedPct)) return 'unused';
  if (F < at(t.underPct)) return 'under';
  return 'on-target';
}

export function parseState(text: string): BudgetState | undefined {
  const normal = text.trim().toLowerCase().replace(/[\s_]+/g, '-');
  return (BUDGET_STATES as readonly string[]).includes(normal) ? (normal as BudgetState) : undefined;
}
