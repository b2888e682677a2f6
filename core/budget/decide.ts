/**
 * What an account's state becomes given new evidence and what was recorded before. Pure: the
 * evaluator Lambda and `guardrails backtest` run this same code.
 *
 * - Cost data: the state assessed from actual and forecast (a forecast alone stops at Over until it
 *   has `states.forecastMinDays` complete days behind it), never below the month's alarm floor.
 * - Missing or failed data: the recorded state is kept (Unknown when nothing was ever recorded).
 * - A billing alarm on an actual threshold: actual spend is at least that share of the target, so
 *   the state is at least what that spend gives (at least Over at 100 %), without waiting for Cost Explorer.
 */
import { BudgetState, EVIDENCE_LABELS, STATE_LABELS, StateEvidence, assessState, computeState, maxState, severity } from './state';
import type { AccountPolicy } from '../catalog/types';
import type { Forecast } from '../forecast';
import { usd } from '../notify/format';

export interface Recorded {
  readonly state: BudgetState;
  readonly floor: BudgetState;
  readonly actualUsd: number | null;
  readonly forecastUsd: number | null;
  /** The target the recorded figures (and the floor) were measured against. */
  readonly targetUsd?: number;
  readonly decidedBy?: StateEvidence;
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
  /** Which evidence decided the state (recorded with it and shown in the email). */
  readonly decidedBy: StateEvidence;
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
      decidedBy: recorded?.decidedBy ?? 'none',
    };
  }

  if (evidence.kind === 'alarm') {
    const proven = alarmFloor(policy, evidence.actualPct);
    const lowerBound = evidence.observedUsd ?? (evidence.actualPct / 100) * target;
    const actualUsd = Math.max(recorded?.actualUsd ?? 0, lowerBound);
    const state = maxState(previous, proven);
    return {
      state,
      decidedBy: severity(proven) >= severity(previous) ? 'alarm' : recorded?.decidedBy ?? 'alarm',
      floor: maxState(floor, proven),
      actualUsd,
      forecastUsd: Math.max(recorded?.forecastUsd ?? actualUsd, actualUsd),
      reason: `billing alarm ${evidence.alarmName} is in ALARM: actual spend ${usd(lowerBound)} is at least ${evidence.actualPct}% of the ${usd(target)} target`
        + (severity(state) > severity(previous) ? `, so the state is at least ${STATE_LABELS[proven]}` : `; state stays ${STATE_LABELS[state]}`),
    };
  }

  const f = evidence.forecast;
  const assessed = assessState({
    targetUsd: target, actualUsd: f.actualUsd, forecastUsd: f.forecastUsd, baseForecastUsd: f.baseForecastUsd, completeDays: f.completeDays,
    confirmedForecastUsd: f.confirmedForecastUsd,
  }, policy.states);
  const state = maxState(assessed.state, floor);
  const decidedBy: StateEvidence = state === assessed.state ? assessed.decidedBy : 'alarm';
  const known = f.knownUsd !== 0 ? ` (usage ${usd(f.usageUsd)} + ${f.creditsCounted ? 'fees, tax and credits' : 'fees and tax'} ${usd(f.knownUsd)})` : '';
  const capped = f.running.filter((r) => r.capped).map((r) => r.name);
  const parts = [
    `actual ${usd(f.actualUsd)} of ${usd(target)} (${pct(f.actualUsd, target)})${known}`,
    `forecast ${usd(f.forecastUsd)} (${pct(f.forecastUsd, target)}): usage run-rate ${usd(f.runRateUsdPerDay)}/day over ${f.daysLeft.toFixed(1)} days left`
      + (f.runningHourlyUsd > 0 ? ` + running costly instances ${usd(f.runningHourlyUsd, 2)}/h (${usd(f.runningUsd)}${capped.length > 0 ? `, capped by the remaining allowance of ${capped.join(', ')}` : ''})` : ''),
  ];
  if (assessed.heldFrom && f.completeDays >= policy.states.forecastMinDays) {
    parts.push(`the newest complete day's rate points to ${STATE_LABELS[assessed.heldFrom]}, but a rise must last two days for Critical or Shutdown (confirmed rate ${usd(f.confirmedRateUsdPerDay)}/day gives ${usd(f.confirmedForecastUsd)}), so it stops at ${STATE_LABELS[assessed.state]}`);
  } else if (assessed.heldFrom) {
    parts.push(`the forecast alone points to ${STATE_LABELS[assessed.heldFrom]}, but only ${f.completeDays} complete day${f.completeDays === 1 ? '' : 's'} of usage back it (${policy.states.forecastMinDays} needed), so it stops at Over`);
  }
  if (state !== assessed.state) parts.push(`held at ${STATE_LABELS[state]} by this month's billing alarm`);
  parts.push(`decided by ${EVIDENCE_LABELS[decidedBy]}`);
  return { state, floor, actualUsd: f.actualUsd, forecastUsd: f.forecastUsd, reason: parts.join('; '), decidedBy };
}
