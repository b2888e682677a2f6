/**
 * What an account's state becomes given new evidence and what was recorded before. Pure.
 *
 * - Cost data: the state computed from actual and forecast, never below the month's alarm floor.
 * - Missing or failed data: the recorded state is kept (Unknown when nothing was ever recorded).
 * - A billing alarm on an actual threshold: actual spend is at least that share of the target, so
 *   the state is at least what that spend gives (at least Over at 100 %), without waiting for Cost Explorer.
 */
import { BudgetState, STATE_LABELS, computeState, maxState, severity } from '../../core/budget/state';
import type { AccountPolicy } from '../../core/catalog/types';
import type { Forecast } from '../../core/forecast';
import { usd } from '../../core/notify/format';

export interface Recorded {
  readonly state: BudgetState;
  readonly floor: BudgetState;
  readonly actualUsd: number | null;
  readonly forecastUsd: number | null;
  /** The target the recorded figures (and the floor) were measured against. */
  readonly targetUsd?: number;
}

export type Evidence =
  | { readonly kind: 'costs'; readonly forecast: Forecast }
  | { readonly kind: 'missing'; readonly why: string }
  | { readonly kind: 'alarm'; readonly alarmName: string; readonly actualPct: number; readonly observedUsd: number | null };

export interface Decision {
  readonly state: BudgetState;
  readonly floor: BudgetState;
  readonly actualUsd: number | null;
  readonly forecastUsd: number | null;
  readonly reason: string;
}

const pct = (value: number, target: number) => (target > 0 ? `${Math.round((value / target) * 100)}%` : 'n/a');

/** The lowest state an ALARM on `actual-<pct>pct` proves. */
export function alarmFloor(policy: AccountPolicy, actualPct: number): BudgetState {
  const target = policy.targetUsd ?? 0;
  const proven = computeState({ targetUsd: target, actualUsd: (actualPct / 100) * target }, policy.states);
  return actualPct >= 100 ? maxState(proven, 'over') : proven;
}

export function decide(policy: AccountPolicy, recorded: Recorded | undefined, evidence: Evidence): Decision {
  const target = policy.targetUsd ?? 0;
  const previous = recorded?.state ?? 'unknown';
  // A floor was proven against the target of its day: once the target changes, only the new
  // target's alarms (re-created with it) can prove one again.
  const floor = recorded && recorded.targetUsd === target ? recorded.floor : 'unknown';

  if (evidence.kind === 'missing') {
    return {
      state: previous, floor,
      actualUsd: recorded?.actualUsd ?? null, forecastUsd: recorded?.forecastUsd ?? null,
      reason: `spend data unavailable (${evidence.why}); state kept at ${STATE_LABELS[previous]}`,
    };
  }

  if (evidence.kind === 'alarm') {
    const proven = alarmFloor(policy, evidence.actualPct);
    const lowerBound = evidence.observedUsd ?? (evidence.actualPct / 100) * target;
    const actualUsd = Math.max(recorded?.actualUsd ?? 0, lowerBound);
    const state = maxState(previous, proven);
    return {
      state,
      floor: maxState(floor, proven),
      actualUsd,
      forecastUsd: Math.max(recorded?.forecastUsd ?? actualUsd, actualUsd),
      reason: `billing alarm ${evidence.alarmName} is in ALARM: actual spend ${usd(lowerBound)} is at least ${evidence.actualPct}% of the ${usd(target)} target`
        + (severity(state) > severity(previous) ? `, so the state is at least ${STATE_LABELS[proven]}` : `; state stays ${STATE_LABELS[state]}`),
    };
  }

  const f = evidence.forecast;
  const computed = computeState({ targetUsd: target, actualUsd: f.actualUsd, forecastUsd: f.forecastUsd }, policy.states);
  const state = maxState(computed, floor);
  const parts = [
    `actual ${usd(f.actualUsd)} of ${usd(target)} (${pct(f.actualUsd, target)})`,
    `forecast ${usd(f.forecastUsd)} (${pct(f.forecastUsd, target)}): run-rate ${usd(f.runRateUsdPerDay)}/day over ${f.daysLeft.toFixed(1)} days left`
      + (f.runningHourlyUsd > 0 ? ` + running costly instances ${usd(f.runningHourlyUsd, 2)}/h (${usd(f.runningUsd)})` : ''),
  ];
  if (state !== computed) parts.push(`held at ${STATE_LABELS[state]} by this month's billing alarm`);
  return { state, floor, actualUsd: f.actualUsd, forecastUsd: f.forecastUsd, reason: parts.join('; ') };
}
