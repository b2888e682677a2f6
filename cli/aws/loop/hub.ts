/**
 * The hub table and bus as the operator's credentials reach them (region and names from the
 * catalog). The SDK's usual configuration applies: AWS_PROFILE, and AWS_ENDPOINT_URL_DYNAMODB /
 * AWS_ENDPOINT_URL_EVENTBRIDGE for a local endpoint.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OrgSettings } from '../../../core/catalog/types';
import { HUB_BUS_NAME, TABLE_NAME } from '../../../core/naming/resources';
import { GuardrailBus } from '../../../functions/aws/bus';
import { CLIENT_DEFAULTS } from '../../../functions/aws/clients';

export interface HubAccess {
  readonly doc: DynamoDBDocumentClient;
  readonly table: string;
  readonly bus: Pick<GuardrailBus, 'publish' | 'requestRecheck'>;
  /** The operator's AWS identity (ARN), recorded as who exempted or decided. */
  readonly whoAmI: () => Promise<string>;
  readonly clock: () => Date;
}

export function hubAccess(org: OrgSettings): HubAccess {
  const region = org.hubRegion;
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ ...CLIENT_DEFAULTS, region }), { marshallOptions: { removeUndefinedValues: true } });
  const sts = new STSClient({ ...CLIENT_DEFAULTS, region });
  return {
    doc,
    table: TABLE_NAME,
    bus: new GuardrailBus(new EventBridgeClient({ ...CLIENT_DEFAULTS, region }), HUB_BUS_NAME),
    whoAmI: async () => (await sts.send(new GetCallerIdentityCommand({}))).Arn ?? 'unknown caller',
    clock: () => new Date(),
  };
}
