/**
 * The catalog's shape: what `accounts/org.ts` and each `accounts/<name>.ts` may say.
 * Structural rules live here (types, required fields, name syntax); rules that span fields or
 * files live in validate.ts. Every message is "<what is wrong>; <how to fix>".
 */
import { z } from 'zod';
import {
  ACCOUNT_ID, ASG_NAME, DB_IDENTIFIER, IAM_POLICY_REF, IAM_PRINCIPAL_NAME, NameRule, ORGANIZATION_ID, SELECTOR_TAG_KEY,
  TAG_KEY, TAG_VALUE, VPC_ID, firstNonIamCharacter,
} from './names';
import { AWS_REGIONS } from './regions';
import { chatSchema } from './chat';

/** The longest grace period: a week, so an announced action never waits past most of a month. */
export const MAX_GRACE_MINUTES = 7 * 24 * 60;

/** Text that reaches IAM documents (tag keys and values in conditions) must be Latin-1; said before the syntax. */
const iamText = (schema: z.ZodString, rule: NameRule, what: string) => (!rule.inIamDocuments ? schema : schema.refine(
  (value) => firstNonIamCharacter(value) === undefined,
  {
    abort: true,
    error: (issue) => `${JSON.stringify(issue.input)} holds ${firstNonIamCharacter(String(issue.input))}, but this ${what} is written into IAM `
      + 'policies, which accept only tab, line breaks and U+0020–U+00FF (Latin-1); use Latin letters, digits and _.:/=+-@ (e.g. "team", "Équipe")',
  },
));

const named = (rule: NameRule, what: string) =>
  iamText(z.string({ error: `${what} must be a string; ${rule.fix}` }), rule, what)
    .regex(rule.pattern, { error: (issue) => `${JSON.stringify(issue.input)} is not a valid ${what}; ${rule.fix}` });

const percent = z.number({ error: 'must be a number (a percentage of the target, e.g. 80)' })
  .gt(0, { error: 'must be above 0; give a percentage of the target such as 80' })
  .max(1000, { error: 'must be at most 1000; give a percentage of the target such as 80' });

const usd = z.number({ error: 'must be a number of US dollars' })
  .min(0, { error: (issue) => `${String(issue.input)} is negative; give a monthly amount in USD of 0 or more, e.g. 5000` });

const email = z.email({ error: (issue) => `${JSON.stringify(issue.input)} is not a valid email address; use name@domain, e.g. "team@example.com"` });

export const regionSchema = z.string().refine((r) => AWS_REGIONS.includes(r), {
  error: (issue) => `${JSON.stringify(issue.input)} is not an AWS region; use a region code such as "us-east-1" or "eu-west-1"`,
});

export const tagSelectorSchema = z.record(named(SELECTOR_TAG_KEY, 'selector tag key'), named(TAG_VALUE, 'tag value'))
  .refine((tags) => Object.keys(tags).length > 0, { error: 'a tag selector needs at least one tag; e.g. { team: "data-science" }' });

export const modeSchema = z.enum(['skip', 'check', 'enforce'], {
  error: 'must be "skip" (nothing evaluated), "check" (evaluate and notify only) or "enforce"',
});

export const alertsSchema = z.strictObject({
  /** Percentages of the target for month-to-date actual spend; each becomes a billing alarm. */
  actual: z.array(percent).optional(),
  /** Percentages of the target for the forecast of the whole month; notified by the evaluator. */
  forecast: z.array(percent).optional(),
});

const actualForecast = z.strictObject({ actual: percent.optional(), forecast: percent.optional() });

export const stateThresholdsSchema = z.strictObject({
  unused: percent.optional(),
  under: percent.optional(),
  critical: actualForecast.optional(),
  shutdown: actualForecast.optional(),
  /** Complete days of usage before a forecast alone may raise the state to Critical or Shutdown. */
  forecastMinDays: z.number({ error: 'must be a whole number of days, e.g. 3' }).int({ error: 'must be a whole number of days, e.g. 3' })
    .min(0, { error: 'must be 0 (trust the forecast at once) to 28; the default is 3' })
    .max(28, { error: 'must be 0 to 28 (every month has 28 complete days); the default is 3' }).optional(),
});

/** Which Cost Explorer figures measure the account: the metric, and whether credits and refunds count. */
export const costBasisSchema = z.strictObject({
  metric: z.enum(['UnblendedCost', 'NetUnblendedCost', 'AmortizedCost'], {
    error: 'must be "UnblendedCost" (the default), "NetUnblendedCost" (after discounts) or "AmortizedCost" (upfront fees spread over the term)',
  }).optional(),
  includeCredits: z.boolean({ error: 'must be true or false (default false: credits do not lower the spend)' }).optional(),
});

export const principalsSchema = z.strictObject({
  users: z.array(named(IAM_PRINCIPAL_NAME, 'IAM user name')).optional(),
  groups: z.array(named(IAM_PRINCIPAL_NAME, 'IAM group name')).optional(),
  roles: z.array(named(IAM_PRINCIPAL_NAME, 'IAM role name')).optional(),
});

export const policyDetachmentSchema = principalsSchema.extend({
  /** Customer-managed policy name in the member account, or a full policy ARN. */
  policy: named(IAM_POLICY_REF, 'IAM policy name or ARN'),
});

export const stateActionsSchema = z.strictObject({
  /** Stop EC2 instances matching any of these tag selectors. */
  stopInstances: z.array(tagSelectorSchema).optional(),
  /** Auto Scaling groups set to 0/0/0 (kill switch); prior sizes are recorded and restored. */
  scaleToZero: z.array(named(ASG_NAME, 'Auto Scaling group name')).optional(),
  stopRdsClusters: z.array(named(DB_IDENTIFIER, 'RDS cluster identifier')).optional(),
  stopRdsInstances: z.array(named(DB_IDENTIFIER, 'RDS instance identifier')).optional(),
  pauseRedshiftClusters: z.array(named(DB_IDENTIFIER, 'Redshift cluster identifier')).optional(),
  /** Revoke access: detach these policies from these principals (only attachments that exist). */
  detachPolicies: z.array(policyDetachmentSchema).optional(),
  /** Restricted APIs denied at this state (cumulative upward), e.g. "ec2:RunInstances", "sagemaker:Create*". */
  lockdown: z.array(z.string({ error: 'must be an IAM action such as "ec2:RunInstances"' })).optional(),
  /** Tag EC2 instances matching these selectors `budget-guardrails:status=unapproved`. */
  tagUnapproved: z.array(tagSelectorSchema).optional(),
  /** People in the loop: announce this state's actions and run them this many minutes later, only if the state still holds. */
  graceMinutes: z.number({ error: `must be a number of minutes from 0 to ${MAX_GRACE_MINUTES}, e.g. 60` })
    .int({ error: `must be a whole number of minutes from 0 to ${MAX_GRACE_MINUTES}, e.g. 60` })
    .min(0, { error: `must be 0 (act at once) to ${MAX_GRACE_MINUTES} minutes (7 days), e.g. 60` })
    .max(MAX_GRACE_MINUTES, { error: `must be at most ${MAX_GRACE_MINUTES} minutes (7 days); for longer, use approval: "manual"` }).optional(),
  /** "manual": this state's actions are staged until someone approves them (email link or `guardrails approve`). */
  approval: z.enum(['auto', 'manual'], { error: 'must be "auto" (act without asking) or "manual" (stage the actions until approved)' }).optional(),
});

export const lockdownTargetSchema = principalsSchema.extend({
  /** "principals": attach the member's deny policy to the principals below; "scp": attach an SCP to the account from the hub. */
  via: z.enum(['principals', 'scp'], { error: 'must be "principals" or "scp"' }).optional(),
});

export const enforcementSchema = z.strictObject({
  over: stateActionsSchema.optional(),
  critical: stateActionsSchema.optional(),
  shutdown: stateActionsSchema.optional(),
  /** Who the lockdown lists apply to. */
  lockdownOn: lockdownTargetSchema.optional(),
  /** Start stopped EC2 instances again on restore (default: they stay stopped; owners start them). */
  restartInstancesOnRestore: z.boolean({ error: 'must be true or false' }).optional(),
});

export const serviceAlarmSchema = z.strictObject({
  /** The `ServiceName` dimension of AWS/Billing EstimatedCharges, e.g. "AmazonEC2", "AmazonRoute53". */
  service: z.string().regex(/^(Amazon|AWS)[A-Za-z0-9]+$/, {
    error: (issue) => `${JSON.stringify(issue.input)} is not a billing ServiceName; use the product code shown in AWS/Billing, e.g. "AmazonEC2", "AmazonRoute53", "AWSLambda"`,
  }),
  amountUsd: z.number({ error: 'must be a number of US dollars' })
    .gt(0, { error: 'must be above 0; give the USD amount that raises the alarm' }),
});

export const teamAccessSchema = z.strictObject({
  /** Policy name suffix: budget-guardrails-team-<name>. */
  name: z.string().regex(/^[A-Za-z0-9+=,.@_-]{1,100}$/, { error: 'must be 1-100 characters from letters, digits and +=,.@_-' }),
  /** IAM group the policy is attached to. */
  group: named(IAM_PRINCIPAL_NAME, 'IAM group name'),
  /** IAM service prefixes the team may use, e.g. ["ec2", "autoscaling"]. */
  services: z.array(z.string().regex(/^[a-z0-9-]+$/, { error: 'must be an IAM service prefix such as "ec2"' })).min(1, { error: 'list at least one service prefix, e.g. ["ec2"]' }),
  /** Resources must carry this tag (aws:ResourceTag) for the team's actions to be allowed. */
  resourceTag: z.strictObject({ key: named(TAG_KEY, 'tag key'), value: named(TAG_VALUE, 'tag value') }),
  /** The member stack creates the IAM group (default false: the group must exist before the first apply). */
  createGroup: z.boolean({ error: 'must be true or false' }).optional(),
});

export const accessPolicySchema = principalsSchema.extend({
  /** Name of the customer-managed policy the member stack creates (e.g. AllowGPUAccess). */
  name: named(IAM_PRINCIPAL_NAME, 'IAM policy name'),
  /** IAM actions the policy allows. */
  actions: z.array(z.string()).min(1, { error: 'list at least one IAM action' }),
  /** Limit the allowed actions to resources carrying these tags. */
  resourceTags: tagSelectorSchema.optional(),
});

export const runtimeBudgetSchema = z.strictObject({
  /** Group name, unique within the account (e.g. "gpu-training"). */
  name: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, { error: 'must be lower-case letters, digits and hyphens, starting with a letter' }),
  minutesPerMonth: z.number({ error: 'must be a number of instance-minutes' }).int({ error: 'must be a whole number of minutes' })
    .positive({ error: 'must be above 0; give the monthly allowance in instance-minutes, e.g. 1000' }),
  /** Instances in the group: those carrying all these tags. */
  instanceTags: tagSelectorSchema,
  /** Percentages of the allowance that raise `Runtime Threshold Crossed`. */
  alerts: z.array(percent).optional(),
  /** What happens when the allowance is used up. */
  atLimit: z.strictObject({
    stopInstances: z.boolean({ error: 'must be true or false' }).optional(),
    detachPolicies: z.array(policyDetachmentSchema).optional(),
  }).optional(),
});

export const tagRuleSchema = z.discriminatedUnion('action', [
  z.strictObject({
    key: named(TAG_KEY, 'tag key'),
    required: z.boolean().optional(),
    action: z.literal('update'),
    default: named(TAG_VALUE, 'tag value'),
  }),
  z.strictObject({
    key: named(TAG_KEY, 'tag key'),
    required: z.boolean().optional(),
    action: z.literal('userLookup'),
  }),
  z.strictObject({
    key: named(TAG_KEY, 'tag key'),
    required: z.boolean().optional(),
    action: z.literal('function'),
    function: z.string().regex(/^today\(\)(?:\+\d{1,4}d)?$/, { error: 'must be "today()" or "today()+Nd" (N days from today)' }),
  }),
], { error: 'each rule needs action "update" (with default), "userLookup" or "function" (with function)' });

export const tagPolicySchema = z.strictObject({
  rules: z.array(tagRuleSchema).min(1, { error: 'list at least one rule, or remove tagPolicy' }),
  /** Only instances in these VPCs and/or carrying these tags are checked (default: all). */
  scope: z.strictObject({
    vpcIds: z.array(named(VPC_ID, 'VPC id')).optional(),
    tags: tagSelectorSchema.optional(),
  }).optional(),
  /** What to do with an instance that has no tags at all. */
  untagged: z.enum(['stop', 'terminate', 'ignore'], { error: 'must be "stop", "terminate" or "ignore"' }).optional(),
  /** How far back CloudTrail is searched for userLookup, in days (CloudTrail keeps 90). */
  lookbackDays: z.number({ error: 'must be a number of days from 1 to 90' }).int({ error: 'must be a whole number of days from 1 to 90' })
    .min(1, { error: 'must be 1-90 (CloudTrail event history keeps 90 days)' })
    .max(90, { error: 'must be 1-90 (CloudTrail event history keeps 90 days)' }).optional(),
});

export const accountSchema = z.strictObject({
  id: named(ACCOUNT_ID, 'account id'),
  owners: z.array(email).min(1, { error: 'list at least one owner email; owners receive every notification' }),
  mode: modeSchema.optional(),
  targetUsd: usd.optional(),
  alerts: alertsSchema.optional(),
  serviceAlarms: z.array(serviceAlarmSchema).optional(),
  states: stateThresholdsSchema.optional(),
  costs: costBasisSchema.optional(),
  workloadRegions: z.array(regionSchema).optional(),
  enforcement: enforcementSchema.optional(),
  teamAccess: z.array(teamAccessSchema).optional(),
  accessPolicies: z.array(accessPolicySchema).optional(),
  runtimeBudgets: z.array(runtimeBudgetSchema).optional(),
  tagPolicy: tagPolicySchema.optional(),
});

export const backendSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('local') }),
  z.strictObject({
    type: z.literal('s3'),
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'must be an S3 bucket name (3-63 lower-case letters, digits, dots and hyphens)' }),
    region: regionSchema.optional(),
    keyPrefix: z.string().regex(/^[A-Za-z0-9!_.*'()/-]*$/, { error: 'must be an S3 key prefix such as "budget-guardrails/"' }).optional(),
  }),
  z.strictObject({
    type: z.literal('cloud'),
    organization: z.string().min(1, { error: 'name the Terraform Cloud organization' }),
    workspacePrefix: z.string().regex(/^[A-Za-z0-9_-]*$/, { error: 'must be letters, digits, _ and -' }).optional(),
    hostname: z.string().optional(),
  }),
], { error: 'must be { type: "local" }, { type: "s3", bucket: "..." } or { type: "cloud", organization: "..." }' });

/** The retentions CloudWatch Logs (and the AWS provider's retention_in_days) accept, never-expire (0) aside. */
export const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

export const orgSchema = z.strictObject({
  hubAccountId: named(ACCOUNT_ID, 'account id'),
  hubRegion: regionSchema,
  organizationId: named(ORGANIZATION_ID, 'organization id'),
  senderEmail: email,
  opsEmails: z.array(email).optional(),
  memberRoleName: named(IAM_PRINCIPAL_NAME, 'IAM role name').optional(),
  busAccess: z.enum(['organization', 'catalog'], { error: 'must be "organization" (any account of the org) or "catalog" (only catalog accounts)' }).optional(),
  evaluationSchedule: z.string().regex(/^(rate|cron)\(.+\)$/, { error: 'must be an EventBridge schedule expression, e.g. "rate(4 hours)"' }).optional(),
  tagPolicySchedule: z.string().regex(/^(rate|cron)\(.+\)$/, { error: 'must be an EventBridge schedule expression, e.g. "rate(1 hour)"' }).optional(),
  enforcementReconcileSchedule: z.string().regex(/^(rate|cron)\(.+\)$/, { error: 'must be an EventBridge schedule expression, e.g. "rate(15 minutes)"' }).optional(),
  logRetentionDays: z.number({ error: 'must be a number of days, e.g. 30' }).refine((n) => LOG_RETENTION_DAYS.includes(n), {
    error: (issue) => `${String(issue.input)} is not a CloudWatch Logs retention; use one of ${LOG_RETENTION_DAYS.join(', ')}`,
  }).optional(),
  backend: backendSchema.optional(),
  chat: chatSchema.optional(),
  defaults: z.strictObject({
    mode: modeSchema.optional(),
    alerts: alertsSchema.optional(),
    states: stateThresholdsSchema.optional(),
    costs: costBasisSchema.optional(),
    workloadRegions: z.array(regionSchema).optional(),
  }).optional(),
});

export type AccountInput = z.input<typeof accountSchema>;
export type OrgInput = z.input<typeof orgSchema>;
export type TagRule = z.output<typeof tagRuleSchema>;
export type TagSelector = Record<string, string>;
