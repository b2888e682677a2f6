/** The SDK-backed dependencies of a tag policy run; the handler builds them once per container. */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { assumeEnforcementRole } from '../aws/assume-role';
import { GuardrailBus } from '../aws/bus';
import { CatalogStore } from '../aws/catalog-store';
import { CLIENT_DEFAULTS, RoleCredentials } from '../aws/clients';
import { TagEc2 } from '../aws/tag-ec2';
import type { RegionClients } from './engine';
import type { TagPolicyDeps } from './run';

export interface DepsConfig {
  readonly table: string;
  readonly busName: string;
}

export function regionClients(credentials: RoleCredentials, region: string): RegionClients {
  return {
    ec2: new TagEc2(new EC2Client({ ...CLIENT_DEFAULTS, region, credentials }), region),
    cloudTrail: new CloudTrailClient({ ...CLIENT_DEFAULTS, region, credentials }),
  };
}

export function createTagPolicyDeps(config: DepsConfig, clock: () => Date): TagPolicyDeps {
  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient(CLIENT_DEFAULTS));
  return {
    catalog: new CatalogStore(ddb, config.table),
    bus: new GuardrailBus(new EventBridgeClient(CLIENT_DEFAULTS), config.busName),
    assumeRole: (accountId) => assumeEnforcementRole(accountId, 'tag-policy'),
    regionClients,
    clock,
  };
}
