import type { OrgSettings } from '../../core/catalog/types';
import { FUNCTION_ENV, FunctionEnvKey } from '../../core/naming/env';
import {
  APPROVAL_KEY_ALIAS, HUB_BUS_NAME, SCHEDULE_GROUP_NAME, SCHEDULER_ROLE_NAME, TABLE_NAME, functionName, hubBusArn, opsTopicArn,
} from '../../core/naming/resources';
import { SES_CONFIGURATION_SET_NAME } from './email';

export const functionArn = (org: OrgSettings, name: string) =>
  `arn:aws:lambda:${org.hubRegion}:${org.hubAccountId}:function:${name}`;
export const schedulerRoleArn = (org: OrgSettings) => `arn:aws:iam::${org.hubAccountId}:role/${SCHEDULER_ROLE_NAME}`;

/** Every FUNCTION_ENV variable, derived from names so no function depends on another resource to get them. */
export function functionEnvironment(org: OrgSettings): Record<string, string> {
  const values: Record<FunctionEnvKey, string> = {
    table: TABLE_NAME,
    busName: HUB_BUS_NAME,
    busArn: hubBusArn(org),
    opsTopicArn: opsTopicArn(org),
    hubAccountId: org.hubAccountId,
    hubRegion: org.hubRegion,
    organizationId: org.organizationId,
    senderEmail: org.senderEmail,
    sesConfigurationSet: SES_CONFIGURATION_SET_NAME,
    scheduleGroup: SCHEDULE_GROUP_NAME,
    schedulerRoleArn: schedulerRoleArn(org),
    runtimeMeterArn: functionArn(org, functionName('runtime-meter')),
    enforcerArn: functionArn(org, functionName('enforcer')),
    approvalKeyId: APPROVAL_KEY_ALIAS,
  };
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [FUNCTION_ENV[key as FunctionEnvKey], value]));
}
