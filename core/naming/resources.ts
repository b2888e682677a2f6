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
/** The HMAC_256 KMS key that signs approval links (GenerateMac/VerifyMac); functions address it by this alias. */
export const APPROVAL_KEY_ALIAS = 'alias/budget-guardrails-approvals';

/** The hub's Lambda functions; each has a role of the same name. */
export const FUNCTION_NAMES = ['evaluator', 'enforcer', 'notifier', 'runtime-meter', 'tag-policy', 'reset', 'approvals'] as const;
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
/**
 * Put on an Auto Scaling group the kill switch set to 0/0/0, valued with the saved size
 * ("2/6/3"); the enforcement role may restore any group carrying it, so a catalog edit that drops
 * the group from `scaleToZero` never strands its saved size.
 */
export const SAVED_SIZE_TAG_KEY = 'budget-guardrails:saved-size';
/** Prefix of the guardrail's own lockdown policy names; the role may always detach them. */
export const LOCKDOWN_POLICY_PREFIX = 'budget-guardrails-lockdown-';

export const functionName = (fn: FunctionName) => `${PROJECT}-${fn}`;
export const functionRoleName = (fn: FunctionName) => `${PROJECT}-${fn}`;
export const functionRoleArn = (org: OrgSettings, fn: FunctionName) =>
  `arn:aws:iam::${org.hubAccountId}:role/${functionRoleName(fn)}`;

export const hubBusArn = (org: OrgSettings) =>
  `arn:aws:events:${org.hubRegion}:${org.hubAccountId}:event-bus/${HUB_BUS_NAME}`;
export const tableArn = (org: OrgSettings) =>
  `arn:aws:dynamodb:${org.hubRegion}:${org.hubAccountId}:table/${TABLE_NAME}`;

/**
 * The one org-wide notifications topic: every owner notification as a short message, with the
 * account in message attributes (NOTIFICATION_ATTRIBUTES) so integrations subscribe with a filter
 * policy. Owners get their mail through SES; the hub adds no topic per account.
 */
export const NOTIFICATIONS_TOPIC_NAME = `${PROJECT}-notifications`;
export const notificationsTopicArn = (org: OrgSettings) =>
  `arn:aws:sns:${org.hubRegion}:${org.hubAccountId}:${NOTIFICATIONS_TOPIC_NAME}`;
/** Message attributes of every notification on the notifications topic (for subscription filter policies). */
export const NOTIFICATION_ATTRIBUTES = { accountId: 'accountId', accountName: 'accountName', detailType: 'detailType' } as const;
export const opsTopicArn = (org: OrgSettings) => `arn:aws:sns:${org.hubRegion}:${org.hubAccountId}:${OPS_TOPIC_NAME}`;

export const enforcementRoleArn = (accountId: string) => `arn:aws:iam::${accountId}:role/${ENFORCEMENT_ROLE_NAME}`;
/** Customer managed policies holding what the enforcement role's inline policy cannot (1, 2, ...). */
export const enforcementPolicyName = (n: number) => `${ENFORCEMENT_ROLE_NAME}-${n}`;
/** The enforcement role in any account: hub policies name it by convention and scope it with aws:ResourceOrgID. */
export const ANY_ENFORCEMENT_ROLE_ARN = `arn:aws:iam::*:role/${ENFORCEMENT_ROLE_NAME}`;
export const lockdownPolicyName = (state: EnforcedState) => `${PROJECT}-lockdown-${state}`;
export const lockdownPolicyArn = (accountId: string, state: EnforcedState) =>
  `arn:aws:iam::${accountId}:policy/${lockdownPolicyName(state)}`;
/**
 * Lockdown SCPs are shared by every account whose lockdown document at that state is the same
 * (the name carries a hash of the content), so the hub does not grow by a policy per account.
 */
export const lockdownScpName = (state: EnforcedState, contentHash: string) => `${PROJECT}-lockdown-${state}-${contentHash}`;
/** Tag on every lockdown SCP: the only SCPs the enforcer may attach or detach. */
export const LOCKDOWN_SCP_TAG = { key: 'budget-guardrails:lockdown-scp', value: 'true' } as const;
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
