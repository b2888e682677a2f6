/** Budget states (docs/budget-states.md): first matching rule from the top wins, with the evidence that decided it. */
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

/** What decided a state: the spend already billed, the forecast, the costly instances running now, or a billing alarm. */
export const STATE_EVIDENCE = ['actual', 'forecast', 'running-instances', 'alarm', 'none'] as const;
export type StateEvidence = (typeof STATE_EVIDENCE)[number];

export const EVIDENCE_LABELS: Record<StateEvidence, string> = {
  actual: 'actual spend', forecast: 'forecast', 'running-instances': 'costly instances running now',
  alarm: 'billing alarm', none: 'no spend data',
};

export interface EvidenceInput extends SpendInput {
  /** The forecast without the running-instances term; absent means the forecast. */
  readonly baseForecastUsd?: number | null;
  /** The forecast at the confirmed (two-day) rate: a forecast-only Critical/Shutdown needs it too. Absent means the forecast. */
  readonly confirmedForecastUsd?: number | null;
  /** Complete days of usage behind the forecast; absent means "enough" (no hold at Over). */
  readonly completeDays?: number;
}

export interface Assessment {
  readonly state: BudgetState;
  readonly decidedBy: StateEvidence;
  /** Set when the forecast alone pointed higher but had fewer than `forecastMinDays` complete days behind it. */
  readonly heldFrom?: BudgetState;
}

/** Any spend of a cent or more on a $0 target. */
const ZERO_TARGET_SPEND_USD = 0.01;

/**
 * The state with the evidence that decided it (docs/budget-states.md):
 * - actual spend counts at once, in full;
 * - a forecast alone reaches Critical or Shutdown only with `forecastMinDays` complete days behind it, else it stops at Over;
 * - and only as far as the confirmed forecast (a rise seen on two days) goes: one day's rise is Over;
 * - a $0 target has no percentages: no spend is Unused, any spend is Over, Critical and Shutdown are never reached.
 */
export function assessState(input: EvidenceInput, t: StateThresholds): Assessment {
  const { targetUsd: T, actualUsd: A } = input;
  if (A === null || !Number.isFinite(A)) return { state: 'unknown', decidedBy: 'none' };
  const F = Math.max(A, input.forecastUsd ?? A);
  const B = Math.min(F, Math.max(A, input.baseForecastUsd ?? F));
  if (T === 0) {
    if (A >= ZERO_TARGET_SPEND_USD) return { state: 'over', decidedBy: 'actual' };
    if (F >= ZERO_TARGET_SPEND_USD) return { state: 'over', decidedBy: B >= ZERO_TARGET_SPEND_USD ? 'forecast' : 'running-instances' };
    return { state: 'unused', decidedBy: 'actual' };
  }
  const at = (pct: number) => (pct / 100) * T;
  const byActual: BudgetState | undefined = A >= at(t.shutdown.actualPct) ? 'shutdown'
    : A >= at(t.critical.actualPct) ? 'critical' : A > T ? 'over' : undefined;
  const byForecast = (x: number): BudgetState => (x >= at(t.shutdown.forecastPct) ? 'shutdown'
    : x >= at(t.critical.forecastPct) ? 'critical' : x > T ? 'over'
      : x <= at(t.unusedPct) ? 'unused' : x < at(t.underPct) ? 'under' : 'on-target');
  const enough = input.completeDays === undefined || input.completeDays >= t.forecastMinDays;
  // A rise seen on one complete day is enough for Over; Critical and Shutdown need it confirmed by a second.
  const confirmed = byForecast(Math.min(F, Math.max(A, input.confirmedForecastUsd ?? F)));
  const hold = (s: BudgetState): BudgetState => (severity(s) <= severity('over') ? s
    : !enough ? 'over' : severity(confirmed) < severity(s) ? maxState('over', confirmed) : s);
  const forecast = byForecast(F);
  const held = hold(forecast);
  if (byActual && severity(byActual) >= severity(held)) return { state: byActual, decidedBy: 'actual' };
  const heldFrom = held !== forecast && !(byActual && severity(byActual) >= severity(forecast)) ? forecast : undefined;
  const decidedBy: StateEvidence = hold(byForecast(B)) === held ? 'forecast' : 'running-instances';
  return heldFrom ? { state: held, decidedBy, heldFrom } : { state: held, decidedBy };
}

export function computeState(input: SpendInput, t: StateThresholds): BudgetState {
  return assessState(input, t).state;
}

export function parseState(text: string): BudgetState | undefined {
  const normal = text.trim().toLowerCase().replace(/[\s_]+/g, '-');
  return (BUDGET_STATES as readonly string[]).includes(normal) ? (normal as BudgetState) : undefined;
}
