/**
 * Environment variables the hub sets on every guardrail function (modules/hub) and the functions
 * read (functions/shared/env.ts). One list, so the two sides cannot drift.
 */
export const FUNCTION_ENV = {
  table: 'GUARDRAILS_TABLE',
  busName: 'GUARDRAILS_BUS_NAME',
  busArn: 'GUARDRAILS_BUS_ARN',
  opsTopicArn: 'GUARDRAILS_OPS_TOPIC_ARN',
  hubAccountId: 'GUARDRAILS_HUB_ACCOUNT_ID',
  hubRegion: 'GUARDRAILS_HUB_REGION',
  organizationId: 'GUARDRAILS_ORGANIZATION_ID',
  senderEmail: 'GUARDRAILS_SENDER_EMAIL',
  sesConfigurationSet: 'GUARDRAILS_SES_CONFIGURATION_SET',
  scheduleGroup: 'GUARDRAILS_SCHEDULE_GROUP',
  schedulerRoleArn: 'GUARDRAILS_SCHEDULER_ROLE_ARN',
  runtimeMeterArn: 'GUARDRAILS_RUNTIME_METER_ARN',
  enforcerArn: 'GUARDRAILS_ENFORCER_ARN',
  approvalKeyId: 'GUARDRAILS_APPROVAL_KEY_ID',
} as const;

/** The approval endpoint's function URL: known only after apply, so the hub sets it on the notifier alone. */
export const APPROVAL_URL_ENV = 'GUARDRAILS_APPROVAL_URL';

export type FunctionEnvKey = keyof typeof FUNCTION_ENV;
