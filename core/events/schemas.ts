/**
 * Every event on the hub bus, defined once: producers build details with these types and
 * consumers parse them with these schemas (EventBridge delivers at least once, maybe late).
 */
import { z } from 'zod';
import { BUDGET_STATES, STATE_EVIDENCE } from '../budget/state';
import { EVENT_SOURCE } from '../naming/resources';

export { EVENT_SOURCE };

export const DETAIL_TYPES = {
  budgetStateChanged: 'Budget State Changed',
  guardrailActionTaken: 'Guardrail Action Taken',
  runtimeThresholdCrossed: 'Runtime Threshold Crossed',
  tagPolicyReport: 'Tag Policy Report',
  budgetThresholdCrossed: 'Budget Threshold Crossed',
  guardrailHoldChanged: 'Guardrail Hold Changed',
  guardrailExemptionChanged: 'Guardrail Exemption Changed',
} as const;

/** AWS events the hub consumes from member accounts. */
export const AWS_DETAIL_TYPES = {
  alarmStateChange: 'CloudWatch Alarm State Change',
  ec2StateChange: 'EC2 Instance State-change Notification',
} as const;

const accountId = z.string().regex(/^\d{12}$/);
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const isoTime = z.iso.datetime({ offset: true });
const budgetState = z.enum(BUDGET_STATES);
const usd = z.number().finite();

export const budgetStateChangedSchema = z.object({
  accountId,
  accountName: z.string().min(1),
  month,
  previousState: budgetState,
  state: budgetState,
  actualUsd: usd.nullable(),
  forecastUsd: usd.nullable(),
  targetUsd: usd,
  reason: z.string(),
  /** Which evidence decided the state: actual spend, the forecast, running costly instances or a billing alarm. */
  decidedBy: z.enum(STATE_EVIDENCE).optional(),
  /** Mode `check`: the enforcer plans and reports but changes nothing. */
  dryRun: z.boolean(),
  at: isoTime,
});

export const actionOutcomeSchema = z.object({
  kind: z.string().min(1),
  target: z.string().min(1),
  direction: z.enum(['apply', 'revert']),
  /** `owner-changed`: a revert found the resource no longer as the guardrail left it, and left it alone. */
  outcome: z.enum(['applied', 'planned', 'unchanged', 'owner-changed', 'failed']),
  region: z.string().optional(),
  from: z.unknown().optional(),
  to: z.unknown().optional(),
  error: z.string().optional(),
});

export const guardrailActionTakenSchema = z.object({
  accountId,
  accountName: z.string().min(1),
  month,
  state: budgetState,
  trigger: z.enum(['state-change', 'runtime-limit', 'reset', 'reconcile']),
  dryRun: z.boolean(),
  actions: z.array(actionOutcomeSchema),
  /** Actions left out so the event stays under EventBridge's 256 KB (the action ledger has them all). */
  omitted: z.object({ actions: z.number().int().nonnegative() }).optional(),
  at: isoTime,
});

export const runtimeThresholdCrossedSchema = z.object({
  accountId,
  accountName: z.string().min(1),
  month,
  group: z.string().min(1),
  thresholdPct: z.number().positive(),
  usedMinutes: z.number().nonnegative(),
  allowanceMinutes: z.number().positive(),
  runningInstances: z.array(z.string()),
  /** Running instance ids left out so the event stays under EventBridge's 256 KB. */
  omitted: z.object({ runningInstances: z.number().int().nonnegative() }).optional(),
  at: isoTime,
});

export const tagPolicyReportSchema = z.object({
  accountId,
  accountName: z.string().min(1),
  dryRun: z.boolean(),
  scannedInstances: z.number().int().nonnegative(),
  violations: z.array(z.object({
    instanceId: z.string(), region: z.string(), key: z.string().optional(), problem: z.string(),
  })),
  actions: z.array(z.object({
    instanceId: z.string(), region: z.string(),
    action: z.enum(['tag', 'stop', 'terminate']),
    key: z.string().optional(), value: z.string().optional(),
    outcome: z.enum(['applied', 'planned', 'failed']), error: z.string().optional(),
  })),
  /** Regions that could not be scanned (e.g. DescribeInstances denied); the rest of the report still holds. */
  errors: z.array(z.object({ region: z.string(), error: z.string() })).optional(),
  /** Entries left out so the event stays under EventBridge's 256 KB limit. */
  omitted: z.object({ violations: z.number().int().nonnegative(), actions: z.number().int().nonnegative() }).optional(),
  at: isoTime,
});

/** An `alerts.actual` / `alerts.forecast` threshold of the catalog crossed this month (announced once per threshold). */
export const budgetThresholdCrossedSchema = z.object({
  accountId,
  accountName: z.string().min(1),
  month,
  measure: z.enum(['actual', 'forecast']),
  thresholdPct: z.number().positive(),
  /** thresholdPct % of targetUsd. */
  thresholdUsd: usd,
  actualUsd: usd.nullable(),
  forecastUsd: usd.nullable(),
  targetUsd: usd,
  /** The account's budget state when the threshold was announced. */
  state: budgetState,
  dryRun: z.boolean(),
  at: isoTime,
});

const enforcedState = z.enum(['over', 'critical', 'shutdown']);
const heldAction = z.object({
  kind: z.string().min(1), target: z.string().min(1), region: z.string().optional(), from: z.string(), to: z.string(),
});

/**
 * Actions of a state held for a grace period or an approval (docs/people-in-the-loop.md):
 * announced (`pending`, again after a postponement), decided (`approved`, `postponed`) or
 * `cancelled` because the state fell back before they ran.
 */
export const guardrailHoldChangedSchema = z.object({
  accountId,
  accountName: z.string().min(1),
  month,
  /** The state whose actions are held. */
  state: enforcedState,
  /** The account's state when this was announced. */
  currentState: budgetState,
  holdId: z.string().min(1),
  change: z.enum(['pending', 'approved', 'postponed', 'cancelled']),
  /** When the actions run if the state still holds (and, with an approval, once approved); null: no grace period. */
  graceUntil: isoTime.nullable(),
  approval: z.boolean(),
  postponedUntil: isoTime.optional(),
  /** Who decided, and how (`email` link or `cli`). */
  by: z.string().optional(),
  via: z.enum(['email', 'cli']).optional(),
  actions: z.array(heldAction),
  at: isoTime,
});

/** A break-glass exemption started (what was given back) or ended (enforcement resumes). */
export const guardrailExemptionChangedSchema = z.object({
  accountId,
  accountName: z.string().min(1),
  /** A resource kind (`scale-to-zero`, ...) or `all`. */
  kind: z.string().min(1),
  until: isoTime,
  reason: z.string(),
  by: z.string(),
  change: z.enum(['started', 'ended']),
  /** Started: the changes given back; ended: empty (the next actions are reported as usual). */
  actions: z.array(actionOutcomeSchema),
  at: isoTime,
});

export type BudgetStateChanged = z.infer<typeof budgetStateChangedSchema>;
export type ActionOutcome = z.infer<typeof actionOutcomeSchema>;
export type GuardrailActionTaken = z.infer<typeof guardrailActionTakenSchema>;
export type RuntimeThresholdCrossed = z.infer<typeof runtimeThresholdCrossedSchema>;
export type TagPolicyReport = z.infer<typeof tagPolicyReportSchema>;
export type BudgetThresholdCrossed = z.infer<typeof budgetThresholdCrossedSchema>;
export type GuardrailHoldChanged = z.infer<typeof guardrailHoldChangedSchema>;
export type GuardrailExemptionChanged = z.infer<typeof guardrailExemptionChangedSchema>;

export const DETAIL_SCHEMAS = {
  [DETAIL_TYPES.budgetStateChanged]: budgetStateChangedSchema,
  [DETAIL_TYPES.guardrailActionTaken]: guardrailActionTakenSchema,
  [DETAIL_TYPES.runtimeThresholdCrossed]: runtimeThresholdCrossedSchema,
  [DETAIL_TYPES.tagPolicyReport]: tagPolicyReportSchema,
  [DETAIL_TYPES.budgetThresholdCrossed]: budgetThresholdCrossedSchema,
  [DETAIL_TYPES.guardrailHoldChanged]: guardrailHoldChangedSchema,
  [DETAIL_TYPES.guardrailExemptionChanged]: guardrailExemptionChangedSchema,
} as const;

/** The EventBridge envelope as a Lambda target receives it. */
export const envelopeSchema = z.object({
  id: z.string(),
  'detail-type': z.string(),
  source: z.string(),
  account: z.string(),
  time: z.string(),
  region: z.string(),
  resources: z.array(z.string()).optional(),
  detail: z.unknown(),
});
export type Envelope = z.infer<typeof envelopeSchema>;

export const alarmStateChangeDetailSchema = z.object({
  alarmName: z.string(),
  state: z.object({ value: z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']), reason: z.string().optional(), timestamp: z.string().optional() }),
  previousState: z.object({ value: z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']) }).optional(),
});

export const ec2StateChangeDetailSchema = z.object({
  'instance-id': z.string().regex(/^i-[0-9a-f]+$/),
  state: z.enum(['pending', 'running', 'stopping', 'stopped', 'shutting-down', 'terminated']),
});

/**
 * The payload EventBridge Scheduler delivers to the runtime meter at a group's predicted
 * exhaustion instant (a one-time `at(...)` schedule created by the meter itself).
 */
export const RUNTIME_EXHAUSTION_KIND = 'runtime-exhaustion' as const;
export const runtimeExhaustionPayloadSchema = z.object({
  kind: z.literal(RUNTIME_EXHAUSTION_KIND),
  accountId,
  group: z.string().min(1),
  month,
  exhaustsAt: isoTime,
});
export type RuntimeExhaustionPayload = z.infer<typeof runtimeExhaustionPayloadSchema>;

/**
 * Requests that make the evaluator look at an account again, besides the schedule and billing
 * alarms: the runtime meter sends one when an account's running costly instances change, either
 * as a hub-bus event (detail-type below, source EVENT_SOURCE, put by the hub account) or as a
 * direct invocation payload.
 */
export const EVALUATION_TRIGGER_TYPES = {
  runtimeLedgerChanged: 'Runtime Ledger Changed',
} as const;

export const runtimeLedgerChangedSchema = z.object({
  accountId,
  month: month.optional(),
  group: z.string().min(1).optional(),
  at: isoTime.optional(),
});
export type RuntimeLedgerChanged = z.infer<typeof runtimeLedgerChangedSchema>;

/** A direct invocation of the evaluator (no EventBridge envelope). */
export const evaluatorInvocationSchema = z.discriminatedUnion('trigger', [
  z.object({ trigger: z.literal('schedule') }),
  z.object({ trigger: z.literal('runtime-ledger'), accountId, month: month.optional(), group: z.string().min(1).optional() }),
]);
export type EvaluatorInvocation = z.infer<typeof evaluatorInvocationSchema>;

/**
 * A direct invocation of the enforcer: look at an account again with its stored state (a grace
 * period or postponement ended, an approval or exemption was made or ended). It asserts nothing;
 * the enforcer reads the state and the holds from the table.
 */
export const RECHECK_KIND = 'guardrail-recheck' as const;
export const recheckPayloadSchema = z.object({
  kind: z.literal(RECHECK_KIND),
  accountId,
  reason: z.enum(['grace', 'postponed', 'approved', 'exemption-start', 'exemption-end']),
});
export type RecheckPayload = z.infer<typeof recheckPayloadSchema>;

/**
 * The same request as a hub-bus event (source EVENT_SOURCE, put by the hub account), from the
 * approval endpoint and the operator CLI: a rule routes it to the enforcer.
 */
export const RECHECK_REQUESTED = 'Guardrail Recheck Requested' as const;
export const recheckRequestedSchema = recheckPayloadSchema.omit({ kind: true });
