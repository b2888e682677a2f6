/**
 * Which of an account's alert thresholds (`alerts.actual` / `alerts.forecast` of the catalog) the
 * evidence of one evaluation shows as crossed, and which of those were not announced yet. Pure.
 *
 * Thresholds are relative to the current target. Announced thresholds are recorded as keys
 * `actual:<pct>` / `forecast:<pct>` next to the target they were measured against; the caller
 * starts from an empty record when the target changed.
 */
import type { AlertThresholds } from '../catalog/types';

export type ThresholdMeasure = 'actual' | 'forecast';

export interface ThresholdCrossing {
  readonly measure: ThresholdMeasure;
  readonly pct: number;
  /** pct % of the target, in USD (cents). */
  readonly thresholdUsd: number;
}

export interface ThresholdEvidence {
  /** Month-to-date actual spend from Cost Explorer, or null when there are no figures. */
  readonly actualUsd: number | null;
  /** Forecast for the month from Cost Explorer figures, or null. */
  readonly forecastUsd: number | null;
  /** A billing alarm in ALARM proved actual spend ≥ this percentage of the target. */
  readonly provenActualPct?: number;
}

export const thresholdKey = (c: { readonly measure: ThresholdMeasure; readonly pct: number }): string => `${c.measure}:${c.pct}`;

const thresholdUsd = (pct: number, targetUsd: number) => Math.round(pct * targetUsd) / 100;
// Compared in cents × 100 so that 4000 of 5000 is exactly 80 %, whatever the float rounding of 0.8 × 5000.
const reaches = (valueUsd: number | null, pct: number, targetUsd: number) => valueUsd !== null && valueUsd * 100 >= pct * targetUsd;

/** Every threshold the evidence shows as crossed, actual first, each in ascending order. */
export function crossedThresholds(alerts: AlertThresholds, targetUsd: number, evidence: ThresholdEvidence): ThresholdCrossing[] {
  if (!(targetUsd > 0)) return [];
  const actual = [...alerts.actualPct].sort((a, b) => a - b)
    .filter((pct) => reaches(evidence.actualUsd, pct, targetUsd) || (evidence.provenActualPct !== undefined && pct <= evidence.provenActualPct));
  const forecast = [...alerts.forecastPct].sort((a, b) => a - b).filter((pct) => reaches(evidence.forecastUsd, pct, targetUsd));
  return [
    ...actual.map((pct) => ({ measure: 'actual' as const, pct, thresholdUsd: thresholdUsd(pct, targetUsd) })),
    ...forecast.map((pct) => ({ measure: 'forecast' as const, pct, thresholdUsd: thresholdUsd(pct, targetUsd) })),
  ];
}

/** The crossed thresholds whose keys are not in `announced`. */
export function newlyCrossed(alerts: AlertThresholds, targetUsd: number, evidence: ThresholdEvidence, announced: readonly string[]): ThresholdCrossing[] {
  const seen = new Set(announced);
  return crossedThresholds(alerts, targetUsd, evidence).filter((c) => !seen.has(thresholdKey(c)));
}
