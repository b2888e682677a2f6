/** Every catalog default, in one place. The README's catalog reference mirrors this file. */
import type { AlertThresholds, Approval, CostBasis, Mode, StateThresholds } from './types';

export const DEFAULT_MODE: Mode = 'check';
export const DEFAULT_MEMBER_ROLE = 'OrganizationAccountAccessRole';
export const DEFAULT_ALERTS: AlertThresholds = { actualPct: [50, 80, 100], forecastPct: [100] };
export const DEFAULT_STATES: StateThresholds = {
  unusedPct: 2,
  underPct: 80,
  critical: { actualPct: 110, forecastPct: 130 },
  shutdown: { actualPct: 125, forecastPct: 160 },
  forecastMinDays: 3,
};
/**
 * UnblendedCost: what the invoice and the billing alarms (EstimatedCharges) show, so a state and an
 * alarm agree. Credits excluded: they are finite and run out; spend they hide is still spend.
 */
export const DEFAULT_COSTS: CostBasis = { metric: 'UnblendedCost', includeCredits: false };
export const DEFAULT_WORKLOAD_REGIONS: readonly string[] = ['us-east-1'];
export const DEFAULT_EVALUATION_SCHEDULE = 'rate(4 hours)';
export const DEFAULT_TAG_POLICY_SCHEDULE = 'rate(1 hour)';
/** How often the enforcer re-applies each account's current posture (drift correction). */
export const DEFAULT_ENFORCEMENT_RECONCILE_SCHEDULE = 'rate(15 minutes)';
export const DEFAULT_LOG_RETENTION_DAYS = 30;
export const DEFAULT_WORKSPACE_PREFIX = 'budget-guardrails-';
export const DEFAULT_TFC_HOSTNAME = 'app.terraform.io';
export const DEFAULT_STATE_KEY_PREFIX = 'budget-guardrails/';
export const DEFAULT_RUNTIME_ALERTS: readonly number[] = [50, 80, 100];
export const DEFAULT_TAG_LOOKBACK_DAYS = 7;
export const DEFAULT_UNTAGGED_ACTION = 'stop';
export const DEFAULT_GRACE_MINUTES = 0;
export const DEFAULT_APPROVAL: Approval = 'auto';
