/** Production wiring of the runtime meter: SDK clients created once per container, member clients through the enforcement role. */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { PricingClient } from '@aws-sdk/client-pricing';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { BUDGET_STATES, BudgetState } from '../../core/budget/state';
import { SCHEDULE_GROUP_NAME } from '../../core/naming/resources';
import { stateKey } from '../../core/storage/keys';
import { DynamoLedger } from '../aws/action-ledger';
import { RoleCredentials, CLIENT_DEFAULTS } from '../aws/clients';
import { assumeEnforcementRole } from '../aws/assume-role';
import { GuardrailBus } from '../aws/bus';
import { CatalogStore } from '../aws/catalog-store';
import { RuntimeMetrics } from '../aws/cloudwatch-metrics';
import { PriceBook } from '../aws/pricing';
import { RuntimeActionStore } from '../aws/runtime-action-store';
import { RuntimeEc2 } from '../aws/runtime-ec2';
import { RuntimeIam } from '../aws/runtime-iam';
import { RuntimeLedgerStore } from '../aws/runtime-ledger-store';
import { OneTimeScheduler } from '../aws/scheduler';
import { readEnv } from '../shared/env';
import type { LogEntry, MeterDeps } from './deps';

/** The Pricing API is served from us-east-1 (and a few other regions), whatever the hub region. */
const PRICING_REGION = 'us-east-1';
const CREDENTIAL_MARGIN_MS = 60_000;

export function productionDeps(env: NodeJS.ProcessEnv = process.env): MeterDeps {
  const e = readEnv(['table', 'busName', 'hubRegion', 'schedulerRoleArn', 'runtimeMeterArn'], env);
  const region = e.hubRegion;
  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ ...CLIENT_DEFAULTS, region }), { marshallOptions: { removeUndefinedValues: true } });
  const clock = () => new Date();
  const log = (entry: LogEntry) => console.log(JSON.stringify({ function: 'runtime-meter', ...entry }));
  const credentials = new Map<string, Promise<RoleCredentials>>();
  const assumed = (accountId: string): Promise<RoleCredentials> => {
    const cached = credentials.get(accountId);
    return cached ?? refresh(accountId);
  };
  const refresh = (accountId: string) => {
    const p = assumeEnforcementRole(accountId, `runtime-meter-${accountId}`);
    credentials.set(accountId, p);
    p.then((c) => {
      const ttl = (c.expiration?.getTime() ?? Date.now() + 900_000) - Date.now() - CREDENTIAL_MARGIN_MS;
      setTimeout(() => credentials.delete(accountId), Math.max(0, ttl)).unref();
    }, () => credentials.delete(accountId));
    return p;
  };
  return {
    catalog: new CatalogStore(ddb, e.table),
    ledgers: new RuntimeLedgerStore(ddb, e.table),
    actions: new RuntimeActionStore(ddb, e.table),
    enforcerLedger: new DynamoLedger(ddb, e.table),
    scheduler: new OneTimeScheduler(new SchedulerClient({ ...CLIENT_DEFAULTS, region }), {
      groupName: SCHEDULE_GROUP_NAME, targetArn: e.runtimeMeterArn, roleArn: e.schedulerRoleArn,
    }),
    metrics: new RuntimeMetrics(new CloudWatchClient({ ...CLIENT_DEFAULTS, region })),
    bus: new GuardrailBus(new EventBridgeClient({ ...CLIENT_DEFAULTS, region }), e.busName),
    prices: new PriceBook(new PricingClient({ ...CLIENT_DEFAULTS, region: PRICING_REGION }), ddb, e.table, clock, log),
    member: {
      ec2: async (accountId, memberRegion) => new RuntimeEc2(new EC2Client({ ...CLIENT_DEFAULTS, region: memberRegion, credentials: await assumed(accountId) })),
      iam: async (accountId) => new RuntimeIam(new IAMClient({ ...CLIENT_DEFAULTS, region: 'us-east-1', credentials: await assumed(accountId) })),
    },
    budgetState: async (accountId, month): Promise<BudgetState> => {
      const out = await ddb.send(new GetCommand({ TableName: e.table, Key: stateKey(accountId, month) }));
      const state = out.Item?.state;
      return (BUDGET_STATES as readonly string[]).includes(state) ? (state as BudgetState) : 'unknown';
    },
    clock,
    sleep: (seconds) => new Promise((resolve) => setTimeout(resolve, Math.max(0, seconds) * 1000)),
    log,
  };
}
