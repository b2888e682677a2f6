/**
 * Names of everything the guardrail creates, derived from the catalog alone, so a member stack
 * never needs hub state to plan and functions find resources without lookups.
 */
import type { EnforcedState, OrgSettings } from '../catalog/types';

export const PROJECT = 'budget-guardrails';
export const EVENT_SOURCE = 'budget-guardrails';
export const HUB_BUS_NAME = 'budget-guardrails';
export const TABLE_NAME = 'budget-guardrails';
export const ENFORCEMENT_ROLE_NAME = 'budget-guardrails-enforcement';
export const FORWARDER_ROLE_NAME = 'budget-guardrails-forwarder';
export const OPS_TOPIC_NAME = 'budget-guardrails-ops';
export const SCHEDULE_GROUP_NAME = 'budget-guardrails';
export const SCHEDULER_ROLE_NAME = 'budget-guardrails-scheduler';
export const METRIC_NAMESPACE = 'BudgetGuardrails';

/** The hub's Lambda functions; each has a role of the same name. */
export const FUNCTION_NAMES = ['evaluator', 'enforcer', 'notifier', 'runtime-meter', 'tag-policy', 'reset'] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** Hub functions that act inside member accounts through the enforcement role. */
export const MEMBER_ACTING_FUNCTIONS: readonly FunctionName[] = ['enforcer', 'reset', 'runtime-meter', 'tag-policy'];

/** Tags the guardrail reads or writes on member resources. */
export const GUARDRAIL_TAG_PREFIX = 'budget-guardrails:';
export const EXEMPT_TAG = { key: 'budget-guardrails:exempt', value: 'true' } as const;
/** Exactly as the enforcement role's IAM deny matches it (StringEquals), so code and IAM agree. */
export const isExemptTagged = (tags: Readonly<Record<string, string | undefined>>): boolean =>
  tags[EXEMPT_TAG.key] === EXEMPT_TAG.value;
export const UNAPPROVED_TAG = { key: 'budget-guardrails:status', value: 'unapproved' } as const;

export const functionName = (fn: FunctionName) => `${PROJECT}-${fn}`;
export const functionRoleName = (fn: FunctionName) => `${PROJECT}-${fn}`;
export const functionRoleArn = (org: OrgSettings, fn: FunctionName) =>
  `arn:aws:iam::${org.hubAccountId}:role/${functionRoleName(fn)}`;

export const hubBusArn = (org: OrgSettings) =>
  `arn:aws:events:${org.hubRegion}:${org.hubAccountId}:event-bus/${HUB_BUS_NAME}`;
export const tableArn = (org: OrgSettings) =>
  `arn:aws:dynamodb:${org.hubRegion}:${org.hubAccountId}:table/${TABLE_NAME}`;

export const accountTopicName = (account: string) => `${PROJECT}-${account}`;
export const accountTopicArn = (org: OrgSettings, account: string) =>
  `arn:aws:sns:${org.hubRegion}:${org.hubAccountId}:${accountTopicName(account)}`;
export const opsTopicArn = (org: OrgSettings) => `arn:aws:sns:${org.hubRegion}:${org.hubAccountId}:${OPS_TOPIC_NAME}`;

export const enforcementRoleArn = (accountId: string) => `arn:aws:iam::${accountId}:role/${ENFORCEMENT_ROLE_NAME}`;
export const lockdownPolicyName = (state: EnforcedState) => `${PROJECT}-lockdown-${state}`;
export const lockdownPolicyArn = (accountId: string, state: EnforcedState) =>
  `arn:aws:iam::${accountId}:policy/${lockdownPolicyName(state)}`;
export const lockdownScpName = (account: string, state: EnforcedState) => `${PROJECT}-lockdown-${account}-${state}`;
export const teamPolicyName = (team: string) => `${PROJECT}-team-${team}`;

/** A policy reference from the catalog (name or ARN) as an ARN in the member account. */
export const policyArn = (accountId: string, policy: string) =>
  policy.startsWith('arn:') ? policy : `arn:aws:iam::${accountId}:policy/${policy}`;

export const billingAlarmPrefix = (account: string) => `${PROJECT}-${account}-`;
export const actualAlarmName = (account: string, pct: number) => `${billingAlarmPrefix(account)}actual-${pct}pct`;
export const serviceAlarmName = (account: string, service: string) => `${billingAlarmPrefix(account)}service-${service}`;

/** The 1st-of-month rule: it triggers the reset function and the runtime meter's ledger reset. */
export const MONTHLY_RESET_RULE_NAME = `${PROJECT}-monthly-reset`;

export const hubStackName = 'hub';
export const memberStackName = (account: string) => `member-${account}`;
