/**
 * The catalog's alert thresholds (`alerts.actual`, `alerts.forecast`): which ones this evaluation
 * newly crossed, as `Budget Threshold Crossed` details, and what the state item records about them.
 *
 * Announced thresholds are recorded in the same conditional (versioned) write as the state, before
 * anything is published, exactly like a state change: a duplicate or concurrent run finds them in
 * `alerted` already and announces nothing, and a publish that fails leaves `alertsPublished` false,
 * so a later run publishes the stored details (see `strandedAlerts`). Publishing first and
 * recording after would announce twice whenever two runs race.
 */
import { crossedThresholds, thresholdKey, ThresholdEvidence } from '../../core/budget/thresholds';
import type { AccountPolicy } from '../../core/catalog/types';
import type { BudgetThresholdCrossed } from '../../core/events/schemas';
import type { StoredState } from '../aws/state-store';
import type { Decision, Evidence } from '../../core/budget/decide';

export interface AlertPlan {
  /** Every threshold announced this month against the current target, including the fresh ones. */
  readonly alerted: readonly string[];
  /** Thresholds crossed for the first time by this evaluation. */
  readonly fresh: readonly BudgetThresholdCrossed[];
  /** What the state item stores: details not yet known to be on the bus (earlier stranded ones and the fresh ones). */
  readonly alerts: readonly BudgetThresholdCrossed[] | undefined;
  readonly alertsPublished: boolean;
}

/** Cost Explorer figures, or an ALARM proving actual spend; missing data proves nothing. */
export function thresholdEvidence(evidence: Evidence): ThresholdEvidence | undefined {
  switch (evidence.kind) {
    case 'costs': return { actualUsd: evidence.forecast.actualUsd, forecastUsd: evidence.forecast.forecastUsd };
    case 'alarm': return { actualUsd: evidence.observedUsd, forecastUsd: null, provenActualPct: evidence.actualPct };
    case 'missing': return undefined;
  }
}

export function planAlerts(
  account: AccountPolicy, month: string, recorded: StoredState | undefined, evidence: Evidence, decision: Decision, at: string,
): AlertPlan {
  const target = account.targetUsd ?? 0;
  // Like the floor, announced thresholds hold for the target they were measured against: after a
  // target change the thresholds of the new target are announced when they are crossed.
  const announced = recorded && recorded.targetUsd === target ? recorded.alerted ?? [] : [];
  const seen = thresholdEvidence(evidence);
  const crossed = seen ? crossedThresholds(account.alerts, target, seen).filter((c) => !announced.includes(thresholdKey(c))) : [];
  if (crossed.length === 0) {
    return { alerted: announced, fresh: [], alerts: recorded?.alerts, alertsPublished: recorded?.alertsPublished ?? true };
  }
  const fresh = crossed.map((c): BudgetThresholdCrossed => ({
    accountId: account.id, accountName: account.name, month,
    measure: c.measure, thresholdPct: c.pct, thresholdUsd: c.thresholdUsd,
    actualUsd: decision.actualUsd, forecastUsd: decision.forecastUsd, targetUsd: target,
    state: decision.state, dryRun: account.mode === 'check', at,
  }));
  const stranded = recorded && recorded.alertsPublished === false ? recorded.alerts ?? [] : [];
  return {
    alerted: [...announced, ...crossed.map(thresholdKey)],
    fresh,
    alerts: [...stranded, ...fresh],
    alertsPublished: false,
  };
}

/** Stored alerts that never reached the bus (the writer died or the publish failed), once old enough. */
export function strandedAlerts(recorded: StoredState, now: Date, republishAfterMs: number): readonly BudgetThresholdCrossed[] {
  if (recorded.alertsPublished !== false || !recorded.alerts || recorded.alerts.length === 0) return [];
  const newest = Math.max(...recorded.alerts.map((a) => Date.parse(a.at)));
  return now.getTime() - newest >= republishAfterMs ? recorded.alerts : [];
}
