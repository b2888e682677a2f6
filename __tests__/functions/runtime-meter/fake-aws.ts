/**
 * A stateful fake of everything the runtime meter touches, behind aws-sdk-client-mock: the hub
 * table (conditional puts honoured), a member GPU fleet per region, IAM attachments, Scheduler,
 * CloudWatch, the bus, Pricing and STS. The meter runs its real adapters against it with a
 * virtual clock.
 */
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeInstancesCommand, EC2Client, EC2ServiceException, StartInstancesCommand, StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  AttachUserPolicyCommand, DetachUserPolicyCommand, IAMClient, ListAttachedUserPoliciesCommand, NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import {
  ConflictException, CreateScheduleCommand, DeleteScheduleCommand, ResourceNotFoundException, SchedulerClient, UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { AccountPolicy, OrgSettings } from '../../../core/catalog/types';
import { AWS_DETAIL_TYPES, Envelope } from '../../../core/events/schemas';
import { SCHEDULE_GROUP_NAME } from '../../../core/naming/resources';
import { policyKey } from '../../../core/storage/keys';
import { DynamoLedger } from '../../../functions/aws/action-ledger';
import { GuardrailBus } from '../../../functions/aws/bus';
import { CatalogStore } from '../../../functions/aws/catalog-store';
import { RuntimeMetrics } from '../../../functions/aws/cloudwatch-metrics';
import { PriceBook } from '../../../functions/aws/pricing';
import { RuntimeActionStore } from '../../../functions/aws/runtime-action-store';
import { RuntimeEc2 } from '../../../functions/aws/runtime-ec2';
import { RuntimeIam } from '../../../functions/aws/runtime-iam';
import { RuntimeLedgerStore } from '../../../functions/aws/runtime-ledger-store';
import { OneTimeScheduler } from '../../../functions/aws/scheduler';
import type { LogEntry, MeterDeps } from '../../../functions/runtime-meter/deps';

export const METER_ARN = 'arn:aws:lambda:us-east-1:111111111111:function:budget-guardrails-runtime-meter';
export const SCHEDULER_ROLE = 'arn:aws:iam::111111111111:role/budget-guardrails-scheduler';
export const TABLE = 'budget-guardrails';

export interface FakeGpu {
  id: string;
  region: string;
  state: string;
  type: string;
  tags: Record<string, string>;
  launchTime?: number;
  stoppedAt?: number;
}

type Item = Record<string, unknown>;
const keyOf = (k: { pk: unknown; sk: unknown }) => `${String(k.pk)}|${String(k.sk)}`;

export class FakeWorld {
  /** Virtual clock, epoch seconds. */
  now: number;
  readonly table = new Map<string, Item>();
  readonly fleet: FakeGpu[] = [];
  /** `<principal type>/<name>|<policy arn>` */
  readonly attached = new Set<string>();
  /** Users (`user/<name>`) and policy ARNs that do not exist yet (member stack not applied): IAM answers NoSuchEntity. */
  readonly missing = new Set<string>();
  /** Every successful AttachUserPolicy, as `user/<name>|<policy arn>`. */
  readonly attachCalls: string[] = [];
  readonly schedules = new Map<string, { expression: string; input: unknown }>();
  readonly published: { detailType: string; detail: Record<string, unknown> }[] = [];
  readonly metrics: { name: string; value: number; dims: Record<string, string> }[] = [];
  readonly logs: LogEntry[] = [];
  readonly stopCalls: string[][] = [];
  readonly sleeps: number[] = [];
  /** Conditional puts on a ledger item to fail as if another writer got there first. */
  injectConflicts = 0;
  /** The next n AttachUserPolicy calls fail with IAM's ServiceFailure. */
  iamFailures = 0;
  /** The next n PutMetricData calls fail (a CloudWatch outage). */
  metricFailures = 0;
  /** The next n PutEvents calls fail. */
  busFailures = 0;
  /** The next n CreateSchedule/UpdateSchedule calls fail. */
  schedulerFailures = 0;
  /** Instance ids EC2 refuses to stop, with the error (a one-time Spot instance: UnsupportedOperation); the whole request fails. */
  readonly unstoppable = new Map<string, string>();

  constructor(startIso: string) {
    this.now = Date.parse(startIso) / 1000;
  }

  advance(seconds: number): this {
    this.now += seconds;
    return this;
  }

  gpu(id: string): FakeGpu {
    const g = this.fleet.find((i) => i.id === id);
    if (!g) throw new Error(`no fake instance ${id}`);
    return g;
  }

  /** Changes the instance's state now and returns the EC2 event EventBridge would forward. */
  transition(id: string, state: 'running' | 'stopping' | 'stopped' | 'terminated', accountId: string): Envelope {
    const g = this.gpu(id);
    g.state = state;
    if (state === 'running') {
      g.launchTime = this.now;
      g.stoppedAt = undefined;
    }
    if (state === 'stopping' || state === 'stopped') g.stoppedAt ??= this.now;
    return this.event(id, state, accountId, this.now);
  }

  event(id: string, state: string, accountId: string, atSeconds: number): Envelope {
    return {
      id: `evt-${id}-${state}-${atSeconds}`, 'detail-type': AWS_DETAIL_TYPES.ec2StateChange, source: 'aws.ec2', account: accountId,
      time: new Date(atSeconds * 1000).toISOString().replace('.000Z', 'Z'), region: this.gpu(id).region, resources: [],
      detail: { 'instance-id': id, state },
    };
  }

  item(pk: string, sk: string): Item | undefined {
    return this.table.get(`${pk}|${sk}`);
  }

  putCatalog(org: OrgSettings, accounts: readonly AccountPolicy[]) {
    this.table.set('ORG|SETTINGS', { pk: 'ORG', sk: 'SETTINGS', settings: JSON.stringify(org) });
    for (const a of accounts) this.table.set(keyOf(policyKey(a.id)), { ...policyKey(a.id), policy: JSON.stringify(a) });
  }

  alerts(): number[] {
    return this.published.filter((p) => p.detailType === 'Runtime Threshold Crossed').map((p) => p.detail.thresholdPct as number);
  }
}

const regionOf = async (getClient: () => { config: { region: unknown } }) => {
  const region = getClient().config.region;
  return typeof region === 'function' ? ((await region()) as string) : (region as string);
};

const conditionFailed = () => new ConditionalCheckFailedException({ $metadata: {}, message: 'The conditional request failed' });

/** Installs the mocks; call the returned function in afterEach. */
export function installFakeAws(world: FakeWorld): () => void {
  const stubs: { restore(): void }[] = [];
  const stub = <T extends { restore(): void }>(s: T) => {
    stubs.push(s);
    return s;
  };

  const ddb = stub(mockClient(DynamoDBDocumentClient));
  ddb.on(GetCommand).callsFake((input: { Key: { pk: string; sk: string } }) => {
    const item = world.table.get(keyOf(input.Key));
    return { Item: item ? structuredClone(item) : undefined };
  });
  ddb.on(PutCommand).callsFake((input: { Item: Item; ConditionExpression?: string; ExpressionAttributeValues?: Item }) => {
    const k = keyOf(input.Item as { pk: string; sk: string });
    const existing = world.table.get(k);
    if (input.ConditionExpression === 'attribute_not_exists(pk)' && existing) throw conditionFailed();
    if (input.ConditionExpression === '#v = :v') {
      if (!existing || existing.version !== input.ExpressionAttributeValues?.[':v']) throw conditionFailed();
      if (world.injectConflicts > 0) {
        world.injectConflicts--;
        throw conditionFailed();
      }
    } else if (input.ConditionExpression && input.ConditionExpression !== 'attribute_not_exists(pk)') {
      throw new Error(`the fake table does not know condition ${input.ConditionExpression}`);
    }
    world.table.set(k, structuredClone(input.Item));
    return {};
  });
  ddb.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: Item; FilterExpression?: string }) => {
    const v = input.ExpressionAttributeValues;
    const items = [...world.table.values()]
      .filter((i) => i.pk === v[':pk'] && (v[':prefix'] === undefined || String(i.sk).startsWith(String(v[':prefix']))))
      .filter((i) => v[':origin'] === undefined || (i.origin === v[':origin'] && (v[':group'] === undefined || i.group === v[':group'])));
    return { Items: structuredClone(items) };
  });

  const ec2 = stub(mockClient(EC2Client));
  ec2.on(DescribeInstancesCommand).callsFake(async (input: { InstanceIds?: string[]; Filters?: { Name: string; Values: string[] }[] }, getClient) => {
    const region = await regionOf(getClient as never);
    let list = world.fleet.filter((i) => i.region === region);
    if (input.InstanceIds) {
      list = list.filter((i) => input.InstanceIds?.includes(i.id));
      if (list.length === 0) {
        throw new EC2ServiceException({ name: 'InvalidInstanceID.NotFound', $fault: 'client', $metadata: {}, message: 'not found' });
      }
    }
    for (const f of input.Filters ?? []) {
      if (f.Name === 'instance-state-name') list = list.filter((i) => f.Values.includes(i.state));
      else if (f.Name.startsWith('tag:')) list = list.filter((i) => f.Values.includes(i.tags[f.Name.slice(4)]));
      else throw new Error(`the fake does not know filter ${f.Name}`);
    }
    return {
      Reservations: [{
        Instances: list.map((i) => ({
          InstanceId: i.id, InstanceType: i.type, State: { Name: i.state },
          Tags: Object.entries(i.tags).map(([Key, Value]) => ({ Key, Value })),
          LaunchTime: i.launchTime !== undefined ? new Date(i.launchTime * 1000) : undefined,
          StateTransitionReason: i.state === 'stopped' && i.stoppedAt !== undefined
            ? `User initiated (${new Date(i.stoppedAt * 1000).toISOString().slice(0, 19).replace('T', ' ')} GMT)` : '',
        })),
      }],
    };
  });
  ec2.on(StopInstancesCommand).callsFake((input: { InstanceIds: string[] }) => {
    world.stopCalls.push(input.InstanceIds);
    const refused = input.InstanceIds.find((id) => world.unstoppable.has(id));
    if (refused) throw new EC2ServiceException({ name: 'UnsupportedOperation', $fault: 'client', $metadata: {}, message: world.unstoppable.get(refused)! });
    for (const id of input.InstanceIds) {
      const g = world.gpu(id);
      g.state = 'stopping';
      g.stoppedAt = world.now;
    }
    return {};
  });
  ec2.on(StartInstancesCommand).callsFake((input: { InstanceIds: string[] }) => {
    for (const id of input.InstanceIds) world.transition(id, 'running', '000000000000');
    return {};
  });

  const iam = stub(mockClient(IAMClient));
  const mustExist = (...names: string[]) => {
    const absent = names.find((n) => world.missing.has(n));
    if (absent) throw new NoSuchEntityException({ $metadata: {}, message: `The ${absent} cannot be found.` });
  };
  iam.on(ListAttachedUserPoliciesCommand).callsFake((input: { UserName: string }) => {
    mustExist(`user/${input.UserName}`);
    return {
      AttachedPolicies: [...world.attached].filter((a) => a.startsWith(`user/${input.UserName}|`)).map((a) => ({ PolicyArn: a.split('|')[1] })),
      IsTruncated: false,
    };
  });
  iam.on(DetachUserPolicyCommand).callsFake((input: { UserName: string; PolicyArn: string }) => {
    world.attached.delete(`user/${input.UserName}|${input.PolicyArn}`);
    return {};
  });
  iam.on(AttachUserPolicyCommand).callsFake((input: { UserName: string; PolicyArn: string }) => {
    if (world.iamFailures > 0) {
      world.iamFailures--;
      throw Object.assign(new Error('Request processing has failed due to an unknown error'), { name: 'ServiceFailure', $fault: 'server', $metadata: {} });
    }
    mustExist(`user/${input.UserName}`, input.PolicyArn);
    world.attached.add(`user/${input.UserName}|${input.PolicyArn}`);
    world.attachCalls.push(`user/${input.UserName}|${input.PolicyArn}`);
    return {};
  });

  const scheduler = stub(mockClient(SchedulerClient));
  const schedulerDown = () => {
    if (world.schedulerFailures > 0) {
      world.schedulerFailures--;
      throw Object.assign(new Error('Internal failure'), { name: 'InternalServerException', $fault: 'server', $metadata: {} });
    }
  };
  scheduler.on(CreateScheduleCommand).callsFake((input: { Name: string; GroupName: string; ScheduleExpression: string; Target: { Input: string } }) => {
    schedulerDown();
    if (input.GroupName !== SCHEDULE_GROUP_NAME) throw new Error(`unexpected schedule group ${input.GroupName}`);
    if (world.schedules.has(input.Name)) throw new ConflictException({ $metadata: {}, message: 'exists', Message: 'exists' });
    world.schedules.set(input.Name, { expression: input.ScheduleExpression, input: JSON.parse(input.Target.Input) });
    return {};
  });
  scheduler.on(UpdateScheduleCommand).callsFake((input: { Name: string; ScheduleExpression: string; Target: { Input: string } }) => {
    schedulerDown();
    if (!world.schedules.has(input.Name)) throw new ResourceNotFoundException({ $metadata: {}, message: 'missing', Message: 'missing' });
    world.schedules.set(input.Name, { expression: input.ScheduleExpression, input: JSON.parse(input.Target.Input) });
    return {};
  });
  scheduler.on(DeleteScheduleCommand).callsFake((input: { Name: string }) => {
    if (!world.schedules.delete(input.Name)) throw new ResourceNotFoundException({ $metadata: {}, message: 'missing', Message: 'missing' });
    return {};
  });

  const cw = stub(mockClient(CloudWatchClient));
  cw.on(PutMetricDataCommand).callsFake((input: { MetricData: { MetricName: string; Value: number; Dimensions: { Name: string; Value: string }[] }[] }) => {
    if (world.metricFailures > 0) {
      world.metricFailures--;
      throw Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable', $fault: 'server', $metadata: {} });
    }
    for (const m of input.MetricData) {
      world.metrics.push({ name: m.MetricName, value: m.Value, dims: Object.fromEntries(m.Dimensions.map((d) => [d.Name, d.Value])) });
    }
    return {};
  });

  const events = stub(mockClient(EventBridgeClient));
  events.on(PutEventsCommand).callsFake((input: { Entries: { DetailType: string; Detail: string }[] }) => {
    if (world.busFailures > 0) {
      world.busFailures--;
      throw Object.assign(new Error('Internal failure'), { name: 'InternalException', $fault: 'server', $metadata: {} });
    }
    for (const e of input.Entries) world.published.push({ detailType: e.DetailType, detail: JSON.parse(e.Detail) });
    return { FailedEntryCount: 0, Entries: input.Entries.map(() => ({ EventId: 'x' })) };
  });

  const pricing = stub(mockClient(PricingClient));
  pricing.on(GetProductsCommand).rejects(new Error('Pricing API unreachable in tests unless a test says otherwise'));

  const sts = stub(mockClient(STSClient));
  sts.on(AssumeRoleCommand).resolves({
    Credentials: { AccessKeyId: 'AKIA', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(Date.now() + 3600_000) },
  });

  return () => stubs.forEach((s) => s.restore());
}

/** The meter's dependencies: real adapters over the mocked clients, the world's virtual clock. */
export function fakeDeps(world: FakeWorld): MeterDeps {
  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
  const clock = () => new Date(world.now * 1000);
  const log = (entry: LogEntry) => world.logs.push(entry);
  const credentials = { accessKeyId: 'a', secretAccessKey: 'b', sessionToken: 'c' };
  return {
    catalog: new CatalogStore(ddb, TABLE),
    ledgers: new RuntimeLedgerStore(ddb, TABLE),
    actions: new RuntimeActionStore(ddb, TABLE),
    enforcerLedger: new DynamoLedger(ddb, TABLE),
    scheduler: new OneTimeScheduler(new SchedulerClient({ region: 'us-east-1' }), { groupName: SCHEDULE_GROUP_NAME, targetArn: METER_ARN, roleArn: SCHEDULER_ROLE }),
    metrics: new RuntimeMetrics(new CloudWatchClient({ region: 'us-east-1' })),
    bus: new GuardrailBus(new EventBridgeClient({ region: 'us-east-1' }), 'budget-guardrails'),
    prices: new PriceBook(new PricingClient({ region: 'us-east-1' }), ddb, TABLE, clock, log),
    member: {
      ec2: async (_account, region) => new RuntimeEc2(new EC2Client({ region, credentials })),
      iam: async () => new RuntimeIam(new IAMClient({ region: 'us-east-1', credentials })),
    },
    budgetState: async () => 'under',
    clock,
    sleep: async (seconds) => {
      world.sleeps.push(seconds);
      world.advance(seconds);
    },
    log,
  };
}
