/** Evaluator Lambda entry: clients are built once per container; the work is in evaluate.ts. */
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GuardrailBus, GuardrailDetailType } from '../aws/bus';
import { CatalogStore } from '../aws/catalog-store';
import { CLIENT_DEFAULTS } from '../aws/clients';
import { OrgCostReader } from '../aws/cost-explorer';
import { RunningInstancesReader } from '../aws/running-instances';
import { OpsReporter, TopicPublisher } from '../aws/sns';
import { StateStore } from '../aws/state-store';
import { readEnv } from '../shared/env';
import { EvaluationResult, EvaluatorDeps, handleEvaluatorEvent } from './evaluate';

/** Cost Explorer's API endpoint lives in us-east-1 whatever the hub region. */
export const COST_EXPLORER_REGION = 'us-east-1';

export function buildEvaluatorDeps(env: NodeJS.ProcessEnv = process.env): EvaluatorDeps {
  const { table, busName, opsTopicArn, hubAccountId, hubRegion } = readEnv(['table', 'busName', 'opsTopicArn', 'hubAccountId', 'hubRegion'], env);
  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ ...CLIENT_DEFAULTS, region: hubRegion }), { marshallOptions: { removeUndefinedValues: true } });
  const catalog = new CatalogStore(ddb, table);
  const bus = new GuardrailBus(new EventBridgeClient({ ...CLIENT_DEFAULTS, region: hubRegion }), busName);
  return {
    accounts: () => catalog.accounts(),
    costs: new OrgCostReader(new CostExplorerClient({ ...CLIENT_DEFAULTS, region: COST_EXPLORER_REGION })),
    running: new RunningInstancesReader(ddb, table),
    states: new StateStore(ddb, table),
    bus: { publish: (type: GuardrailDetailType, detail: unknown) => bus.publish(type, detail) },
    ops: new OpsReporter(new TopicPublisher(new SNSClient({ ...CLIENT_DEFAULTS, region: hubRegion })), opsTopicArn),
    now: () => new Date(),
    hubAccountId,
  };
}

let deps: EvaluatorDeps | undefined;

export async function handler(event: unknown): Promise<EvaluationResult> {
  deps ??= buildEvaluatorDeps();
  const result = await handleEvaluatorEvent(event, deps);
  console.log(JSON.stringify({ evaluator: result }));
  return result;
}
