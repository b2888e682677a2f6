/** Lambda entry of the approval endpoint (function URL, payload format 2.0); the work is in endpoint.ts. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KMSClient } from '@aws-sdk/client-kms';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { DETAIL_TYPES } from '../../core/events/schemas';
import { ApprovalMac } from '../aws/approval-mac';
import { AuditLog } from '../aws/audit-log';
import { GuardrailBus } from '../aws/bus';
import { CatalogStore } from '../aws/catalog-store';
import { CLIENT_DEFAULTS } from '../aws/clients';
import { HoldStore } from '../aws/hold-store';
import { StateStore } from '../aws/state-store';
import { UsedTokens } from '../aws/used-tokens';
import { readEnv } from '../shared/env';
import { EndpointDeps, HttpResult, handleRequest } from './endpoint';

export function buildEndpointDeps(env: NodeJS.ProcessEnv = process.env): EndpointDeps {
  const e = readEnv(['table', 'busName', 'approvalKeyId'], env);
  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient(CLIENT_DEFAULTS), { marshallOptions: { removeUndefinedValues: true } });
  const bus = new GuardrailBus(new EventBridgeClient(CLIENT_DEFAULTS), e.busName);
  const holds = new HoldStore(ddb, e.table);
  const states = new StateStore(ddb, e.table);
  const clock = () => new Date();
  return {
    mac: new ApprovalMac(new KMSClient(CLIENT_DEFAULTS), e.approvalKeyId),
    usedTokens: new UsedTokens(ddb, e.table),
    holds,
    catalog: new CatalogStore(ddb, e.table),
    decisions: {
      holds,
      announce: (detail) => bus.publish(DETAIL_TYPES.guardrailHoldChanged, detail),
      audit: new AuditLog(ddb, e.table),
      recheck: ({ accountId, reason }) => bus.requestRecheck({ accountId, reason }),
      currentState: async (accountId, month) => (await states.get(accountId, month))?.state,
      clock,
    },
    clock,
  };
}

let deps: EndpointDeps | undefined;

export async function handler(event: LambdaFunctionURLEvent): Promise<HttpResult> {
  deps ??= buildEndpointDeps();
  const result = await handleRequest(deps, event);
  console.log(JSON.stringify({ method: event.requestContext?.http?.method, status: result.statusCode }));
  return result;
}
