/**
 * A small stateful member fleet behind aws-sdk-client-mock: DescribeInstances answers from it
 * (paginated, per region), CreateTags / StopInstances / TerminateInstances change it, so a second
 * run sees the first run's work. Plus the hub side: catalog items, STS and the bus.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import {
  CreateTagsCommand, DescribeInstancesCommand, EC2Client, EC2ServiceException, Instance, StopInstancesCommand, TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { AccountPolicy } from '../../../core/catalog/types';
import { tagPolicyReportSchema, TagPolicyReport } from '../../../core/events/schemas';
import { CATALOG_PK } from '../../../core/storage/keys';

export interface FakeInstance {
  id: string;
  region: string;
  state: string;
  vpcId?: string;
  tags: Record<string, string>;
  launchedAt?: Date;
}

const notFound = (ids: string[]) => new EC2ServiceException({
  name: 'InvalidInstanceID.NotFound', $fault: 'client', $metadata: {}, message: `The instance IDs '${ids.join(', ')}' do not exist`,
});

export class FakeFleet {
  readonly instances: FakeInstance[] = [];
  /** Page size of DescribeInstances, small so pagination is exercised. */
  pageSize = 2;
  /** When false the fake ignores vpc-id and tag: filters, as if the server-side narrowing were absent. */
  honourScopeFilters = true;

  add(...instances: FakeInstance[]): this {
    this.instances.push(...instances);
    return this;
  }

  get(id: string): FakeInstance {
    const found = this.instances.find((i) => i.id === id);
    if (!found) throw new Error(`no fake instance ${id}`);
    return found;
  }

  existing(ids: string[]): FakeInstance[] {
    const found = this.instances.filter((i) => ids.includes(i.id) && i.state !== 'gone');
    if (found.length !== ids.length) throw notFound(ids);
    return found;
  }

  describe(input: { InstanceIds?: string[]; Filters?: { Name: string; Values: string[] }[]; NextToken?: string }, region: string) {
    let list = this.instances.filter((i) => i.region === region && i.state !== 'gone');
    if (input.InstanceIds) list = this.existing(input.InstanceIds).filter((i) => i.region === region);
    for (const filter of input.Filters ?? []) {
      if (filter.Name === 'instance-state-name') list = list.filter((i) => filter.Values.includes(i.state));
      else if (!this.honourScopeFilters) continue;
      else if (filter.Name === 'vpc-id') list = list.filter((i) => i.vpcId !== undefined && filter.Values.includes(i.vpcId));
      else if (filter.Name.startsWith('tag:')) list = list.filter((i) => filter.Values.includes(i.tags[filter.Name.slice(4)]));
      else throw new Error(`the fake does not know filter ${filter.Name}`);
    }
    const start = Number(input.NextToken ?? 0);
    const page = list.slice(start, start + this.pageSize);
    const instances: Instance[] = page.map((i) => ({
      InstanceId: i.id, State: { Name: i.state as never }, VpcId: i.vpcId, LaunchTime: i.launchedAt,
      Tags: Object.entries(i.tags).map(([Key, Value]) => ({ Key, Value })),
    }));
    return {
      Reservations: instances.length ? [{ Instances: instances }] : [],
      NextToken: start + this.pageSize < list.length ? String(start + this.pageSize) : undefined,
    };
  }
}

export const regionOf = async (getClient: () => { config: { region: unknown } }) => {
  const region = getClient().config.region;
  return typeof region === 'function' ? ((await region()) as string) : (region as string);
};

export function mockAws(fleet: FakeFleet, accounts: AccountPolicy[]) {
  const ec2 = mockClient(EC2Client);
  const cloudTrail = mockClient(CloudTrailClient);
  const sts = mockClient(STSClient);
  const events = mockClient(EventBridgeClient);
  const ddb = mockClient(DynamoDBDocumentClient);

  ec2.on(DescribeInstancesCommand).callsFake(async (input, getClient) => fleet.describe(input, await regionOf(getClient)));
  ec2.on(CreateTagsCommand).callsFake((input: { Resources: string[]; Tags: { Key: string; Value: string }[] }) => {
    for (const instance of fleet.existing(input.Resources)) for (const t of input.Tags) instance.tags[t.Key] = t.Value;
    return {};
  });
  ec2.on(StopInstancesCommand).callsFake((input: { InstanceIds: string[] }) => {
    for (const instance of fleet.existing(input.InstanceIds)) instance.state = 'stopped';
    return {};
  });
  ec2.on(TerminateInstancesCommand).callsFake((input: { InstanceIds: string[] }) => {
    for (const instance of fleet.existing(input.InstanceIds)) instance.state = 'terminated';
    return {};
  });
  cloudTrail.resolves({ Events: [] });

  sts.on(AssumeRoleCommand).callsFake((input: { RoleArn: string }) => ({
    Credentials: {
      AccessKeyId: `AKIA${input.RoleArn.split(':')[4]}`, SecretAccessKey: 'secret', SessionToken: 'token',
      Expiration: new Date('2030-01-01T00:00:00Z'),
    },
  }));
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });

  const item = (a: AccountPolicy) => ({ pk: CATALOG_PK, sk: `ACCOUNT#${a.id}`, policy: JSON.stringify(a) });
  ddb.on(QueryCommand).resolves({ Items: accounts.map(item) });
  ddb.on(GetCommand).callsFake((input: { Key: { sk: string } }) => {
    const account = accounts.find((a) => `ACCOUNT#${a.id}` === input.Key.sk);
    return { Item: account ? item(account) : undefined };
  });

  /** Reports published on the bus, parsed with the consumers' schema. */
  const reports = (): TagPolicyReport[] => events.commandCalls(PutEventsCommand).flatMap((call) =>
    (call.args[0].input.Entries ?? []).map((e) => tagPolicyReportSchema.parse(JSON.parse(e.Detail ?? '{}'))));

  const restore = () => [ec2, cloudTrail, sts, events, ddb].forEach((m) => m.restore());
  return { ec2, cloudTrail, sts, events, ddb, reports, restore };
}
