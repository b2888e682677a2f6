import { AWS_DETAIL_TYPES, DETAIL_TYPES, EVALUATION_TRIGGER_TYPES, EVENT_SOURCE, RECHECK_REQUESTED } from '../../core/events/schemas';
import type { OrgSettings } from '../../core/catalog/types';
import { FunctionName, HUB_BUS_NAME, MONTHLY_RESET_RULE_NAME, PROJECT } from '../../core/naming/resources';

/** Member alarms the evaluator reacts to (core/naming: `budget-guardrails-<account>-...`). */
export const ALARM_NAME_PREFIX = `${PROJECT}-`;
export const RUNTIME_RECONCILE_SCHEDULE = 'rate(5 minutes)';
/** 00:05 UTC on the 1st: after the month has turned everywhere Cost Explorer reports. */
export const MONTHLY_RESET_SCHEDULE = 'cron(5 0 1 * ? *)';

/** One EventBridge rule: an event pattern on the hub bus, or a schedule on the default bus. */
export interface Route {
  readonly id: string;
  readonly description: string;
  readonly targets: readonly FunctionName[];
  /** Event pattern on the hub bus. */
  readonly pattern?: Record<string, unknown>;
  /** Schedule expression; scheduled rules only run on the default bus. */
  readonly schedule?: string;
}

export const ruleName = (route: Route) => `${PROJECT}-${route.id}`;

export const ruleArn = (org: OrgSettings, route: Route) => route.schedule
  ? `arn:aws:events:${org.hubRegion}:${org.hubAccountId}:rule/${ruleName(route)}`
  : `arn:aws:events:${org.hubRegion}:${org.hubAccountId}:rule/${HUB_BUS_NAME}/${ruleName(route)}`;

const ec2StateChange = { source: ['aws.ec2'], 'detail-type': [AWS_DETAIL_TYPES.ec2StateChange] };

/** The data flow of docs/architecture.md, as rules. */
export function hubRoutes(org: OrgSettings): Route[] {
  return [
    {
      id: 'alarm-state-change',
      description: 'Member billing alarms changed state: re-evaluate the account.',
      targets: ['evaluator'],
      pattern: {
        source: ['aws.cloudwatch'],
        'detail-type': [AWS_DETAIL_TYPES.alarmStateChange],
        detail: { alarmName: [{ prefix: ALARM_NAME_PREFIX }] },
      },
    },
    {
      id: 'runtime-ledger-changed',
      description: 'Running costly instances changed: re-forecast the account.',
      targets: ['evaluator'],
      pattern: { source: [EVENT_SOURCE], 'detail-type': [EVALUATION_TRIGGER_TYPES.runtimeLedgerChanged], account: [org.hubAccountId] },
    },
    { id: 'evaluation-schedule', description: 'Evaluate every account on a schedule.', targets: ['evaluator'], schedule: org.evaluationSchedule },
    {
      id: 'budget-state-changed',
      description: 'A budget state changed: enforce it and tell the owners.',
      targets: ['enforcer', 'notifier'],
      pattern: { source: [EVENT_SOURCE], 'detail-type': [DETAIL_TYPES.budgetStateChanged] },
    },
    {
      id: 'guardrail-reports',
      description: 'Actions, budget and runtime thresholds and tag reports: tell the owners.',
      targets: ['notifier'],
      pattern: {
        source: [EVENT_SOURCE],
        'detail-type': [DETAIL_TYPES.guardrailActionTaken, DETAIL_TYPES.runtimeThresholdCrossed, DETAIL_TYPES.tagPolicyReport, DETAIL_TYPES.budgetThresholdCrossed],
      },
    },
    {
      id: 'people-in-the-loop',
      description: 'Held actions announced, decided or cancelled; exemptions started or ended: tell the owners.',
      targets: ['notifier'],
      pattern: {
        source: [EVENT_SOURCE],
        'detail-type': [DETAIL_TYPES.guardrailHoldChanged, DETAIL_TYPES.guardrailExemptionChanged],
        account: [org.hubAccountId],
      },
    },
    {
      id: 'recheck-requested',
      description: 'An approval or an exemption changed what may be enforced: look at the account again.',
      targets: ['enforcer'],
      pattern: { source: [EVENT_SOURCE], 'detail-type': [RECHECK_REQUESTED], account: [org.hubAccountId] },
    },
    {
      id: 'ec2-state-change',
      description: 'Instances started or stopped in a member account: meter runtime.',
      targets: ['runtime-meter'],
      pattern: ec2StateChange,
    },
    {
      id: 'ec2-running',
      description: 'An instance started in a member account: check its tags.',
      targets: ['tag-policy'],
      pattern: { ...ec2StateChange, detail: { state: ['running'] } },
    },
    { id: 'tag-policy-schedule', description: 'Scan and fix tags on a schedule.', targets: ['tag-policy'], schedule: org.tagPolicySchedule },
    {
      id: 'enforcement-reconcile',
      description: 'Re-apply each account\'s current posture (drift correction) and retry unfinished restores.',
      targets: ['enforcer'],
      schedule: org.enforcementReconcileSchedule,
    },
    { id: 'runtime-reconcile', description: 'Reconcile runtime ledgers with running instances.', targets: ['runtime-meter'], schedule: RUNTIME_RECONCILE_SCHEDULE },
    {
      id: MONTHLY_RESET_RULE_NAME.slice(`${PROJECT}-`.length),
      description: 'Restore everything the guardrail changed at the start of the month; start new runtime ledgers.',
      targets: ['reset', 'runtime-meter'],
      schedule: MONTHLY_RESET_SCHEDULE,
    },
  ];
}
