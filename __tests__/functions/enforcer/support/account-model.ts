/**
 * An in-memory model of a member account (and the organization's SCPs) behind aws-sdk-client-mock:
 * every SDK command the actions send is answered from, and applied to, this model, and recorded
 * with its IAM action and region so tests can check permissions.
 */
import {
  AutoScalingClient, CreateOrUpdateTagsCommand, DeleteTagsCommand as DeleteGroupTagsCommand, DescribeAutoScalingGroupsCommand, UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  CreateTagsCommand, DeleteTagsCommand, DescribeInstancesCommand, EC2Client, StartInstancesCommand, StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  AttachGroupPolicyCommand, AttachRolePolicyCommand, AttachUserPolicyCommand, DetachGroupPolicyCommand,
  DetachRolePolicyCommand, DetachUserPolicyCommand, IAMClient, ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand, ListAttachedUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand, DetachPolicyCommand, ListPoliciesCommand, ListPoliciesForTargetCommand, OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient, StartDBClusterCommand, StartDBInstanceCommand,
  StopDBClusterCommand, StopDBInstanceCommand,
} from '@aws-sdk/client-rds';
import { DescribeClustersCommand, PauseClusterCommand, RedshiftClient, ResumeClusterCommand } from '@aws-sdk/client-redshift';
import { mockClient } from 'aws-sdk-client-mock';
import { CLIENT_DEFAULTS } from '../../../../functions/aws/clients';
import { memberClients } from '../../../../functions/aws/member-clients';
import type { ActionClients } from '../../../../functions/enforcer/actions';

export interface ModelInstance { id: string; region: string; state: string; tags: Record<string, string> }
export interface ModelGroup { region: string; name: string; min: number; max: number; desired: number; tags?: Record<string, string> }
export interface ModelDb { region: string; id: string; status: string }
export interface ModelPrincipal { type: 'user' | 'group' | 'role'; name: string; policies: string[] }
export interface ModelScp { id: string; name: string }

export interface AccountModel {
  instances: ModelInstance[];
  groups: ModelGroup[];
  rdsClusters: ModelDb[];
  rdsInstances: ModelDb[];
  redshiftClusters: ModelDb[];
  principals: ModelPrincipal[];
  scps: ModelScp[];
  /** Account id → attached SCP ids. */
  scpTargets: Record<string, string[]>;
  /** Injected failures: the next `times` calls of `action` whose input matches throw `error`. */
  faults?: ModelFault[];
  /** With a clock, stops are timed (EC2's StateTransitionReason) in `stopTimes`; without, untimed. */
  clock?: () => Date;
  /** Instance id → when it was last stopped (ISO). */
  stopTimes?: Record<string, string>;
}

export interface ModelFault {
  readonly action: string;
  readonly when: (input: Record<string, unknown>) => boolean;
  readonly error: Error;
  times: number;
}

function injectFault(model: AccountModel, action: string, input: Record<string, unknown>) {
  const fault = model.faults?.find((f) => f.action === action && f.times > 0 && f.when(input));
  if (fault) {
    fault.times -= 1;
    throw fault.error;
  }
}

export const emptyModel = (): AccountModel => ({
  instances: [], groups: [], rdsClusters: [], rdsInstances: [], redshiftClusters: [], principals: [], scps: [], scpTargets: {},
});

/** Deep copy of the resources (injected faults are not part of a snapshot). */
export const snapshot = (m: AccountModel): AccountModel =>
  JSON.parse(JSON.stringify({ ...m, faults: undefined, clock: undefined, stopTimes: undefined })) as AccountModel;

/** EC2's StateTransitionReason for a stop at `iso`. */
export const stopReason = (iso: string) => `User initiated (${iso.slice(0, 19).replace('T', ' ')} GMT)`;

export interface RecordedCall {
  /** IAM action, e.g. "ec2:StopInstances". */
  readonly action: string;
  readonly region: string;
  readonly input: Record<string, unknown>;
  /** Auto Scaling group name → its tags when the call was made (IAM evaluates resource tags then). */
  readonly groupTags?: Record<string, Record<string, string>>;
}

export const awsError = (name: string, message = name) => Object.assign(new Error(message), { name, $fault: 'client', $metadata: {} });

type Fake = (input: Record<string, unknown>, region: string) => unknown;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Cmd = new (input: any) => any;

export interface InstalledModel {
  readonly calls: RecordedCall[];
  restore(): void;
}

type ClientClass = Parameters<typeof mockClient>[0];
interface Service { readonly client: ClientClass; readonly prefix: string; readonly fakes: [Cmd, Fake][] }

/** Answers every modelled command from `model` through aws-sdk-client-mock; anything else is rejected so a test notices. */
export function installModel(model: AccountModel): InstalledModel {
  const calls: RecordedCall[] = [];
  const stubs = modelServices(model).map(({ client, prefix, fakes }) => {
    const stub = mockClient(client);
    stub.rejects(new Error(`${prefix}: command not modelled`));
    for (const [command, fake] of fakes) {
      stub.on(command).callsFake(async (input: Record<string, unknown>, getClient: () => unknown) => {
        const region = await (getClient() as { config: { region: () => Promise<string> } }).config.region();
        const action = `${prefix}:${command.name.replace(/Command$/, '')}`;
        const groupTags = Object.fromEntries(model.groups.filter((g) => g.region === region && g.tags).map((g) => [g.name, { ...g.tags }]));
        calls.push({ action, region, input, groupTags });
        injectFault(model, action, input);
        return fake(input, region);
      });
    }
    return stub;
  });
  return { calls, restore: () => stubs.forEach((s) => s.restore()) };
}

/**
 * Serves the model inside the SDK's own middleware stack (after retries and signing), so the
 * standard retry strategy of CLIENT_DEFAULTS really runs: the first `throttled` command is
 * answered with a ThrottlingException, the retry with the model's answer.
 */
export function throughSdkPipeline(model: AccountModel, throttled: string): { clients: ActionClients; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const services = modelServices(model);
  let throttledOnce = false;
  const serve = (client: { config: { region: () => Promise<string> }; middlewareStack: { add: (...args: never[]) => void } }) => {
    const service = services.find((s) => client instanceof (s.client as unknown as abstract new (...a: never[]) => unknown))!;
    const add = client.middlewareStack.add as unknown as (mw: unknown, options: unknown) => void;
    add((_next: unknown, context: { commandName: string }) => async (args: { input: Record<string, unknown> }) => {
      const name = context.commandName.replace(/Command$/, '');
      const region = await client.config.region();
      calls.push({ action: `${service.prefix}:${name}`, region, input: args.input });
      if (name === throttled && !throttledOnce) {
        throttledOnce = true;
        throw Object.assign(awsError('ThrottlingException', 'Rate exceeded'), { $metadata: { httpStatusCode: 400 } });
      }
      const fake = service.fakes.find(([command]) => command.name === context.commandName);
      if (!fake) throw new Error(`${service.prefix}:${name} not modelled`);
      return { output: { $metadata: {}, ...(await fake[1](args.input, region) as object) }, response: {} };
    }, { step: 'deserialize', name: 'accountModel', priority: 'high' });
    return client;
  };
  const member = memberClients(TEST_CREDENTIALS);
  const cache = new Map<unknown, unknown>();
  const served = <T>(c: T): T => {
    if (!cache.has(c)) cache.set(c, serve(c as never));
    return c;
  };
  const organizations = new OrganizationsClient({ ...CLIENT_DEFAULTS, region: 'us-east-1', credentials: TEST_CREDENTIALS });
  return {
    calls,
    clients: {
      ec2: (r) => served(member.ec2(r)),
      autoscaling: (r) => served(member.autoscaling(r)),
      rds: (r) => served(member.rds(r)),
      redshift: (r) => served(member.redshift(r)),
      iam: () => served(member.iam()),
      organizations: () => served(organizations),
    },
  };
}

function modelServices(model: AccountModel): Service[] {
  const instance = (region: string, id: string) => {
    const i = model.instances.find((x) => x.id === id && x.region === region);
    if (!i) throw awsError('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);
    return i;
  };
  const describeInstances: Fake = (input, region) => {
    const ids = input.InstanceIds as string[] | undefined;
    const filters = (input.Filters as { Name: string; Values: string[] }[] | undefined) ?? [];
    let found = model.instances.filter((i) => i.region === region);
    if (ids) found = ids.map((id) => instance(region, id));
    for (const f of filters) {
      if (f.Name === 'instance-state-name') found = found.filter((i) => f.Values.includes(i.state));
      else if (f.Name.startsWith('tag:')) found = found.filter((i) => f.Values.includes(i.tags[f.Name.slice(4)]));
    }
    return {
      Reservations: found.map((i) => ({
        Instances: [{
          InstanceId: i.id, State: { Name: i.state }, Tags: Object.entries(i.tags).map(([Key, Value]) => ({ Key, Value })),
          StateTransitionReason: i.state === 'stopped' && model.stopTimes?.[i.id] ? stopReason(model.stopTimes[i.id]) : '',
        }],
      })),
    };
  };
  const setState = (to: string, from: string[]): Fake => (input, region) => {
    const targets = (input.InstanceIds as string[]).map((id) => instance(region, id));
    for (const i of targets) {
      if (!from.includes(i.state)) continue;
      i.state = to;
      if (to === 'stopped' && model.clock) (model.stopTimes ??= {})[i.id] = model.clock().toISOString();
    }
    return {};
  };
  const services: Service[] = [];
  const serve = (client: ClientClass, prefix: string, fakes: [Cmd, Fake][]) => { services.push({ client, prefix, fakes }); };
  serve(EC2Client, 'ec2', [
    [DescribeInstancesCommand, describeInstances],
    [StopInstancesCommand, setState('stopped', ['running', 'pending'])],
    [StartInstancesCommand, setState('running', ['stopped'])],
    [CreateTagsCommand, (input, region) => {
      const tags = input.Tags as { Key: string; Value: string }[];
      for (const id of input.Resources as string[]) for (const t of tags) instance(region, id).tags[t.Key] = t.Value;
      return {};
    }],
    [DeleteTagsCommand, (input, region) => {
      const tags = input.Tags as { Key: string; Value?: string }[];
      for (const id of input.Resources as string[]) {
        const i = instance(region, id);
        for (const t of tags) if (t.Value === undefined || i.tags[t.Key] === t.Value) delete i.tags[t.Key];
      }
      return {};
    }],
  ]);

  const group = (region: string, name: string) => model.groups.find((g) => g.region === region && g.name === name);
  serve(AutoScalingClient, 'autoscaling', [
    [DescribeAutoScalingGroupsCommand, (input, region) => ({
      AutoScalingGroups: (input.AutoScalingGroupNames as string[]).map((n) => group(region, n)).filter((g) => g)
        .map((g) => ({
          AutoScalingGroupName: g!.name, MinSize: g!.min, MaxSize: g!.max, DesiredCapacity: g!.desired,
          Tags: Object.entries(g!.tags ?? {}).map(([Key, Value]) => ({ Key, Value, ResourceId: g!.name, ResourceType: 'auto-scaling-group' })),
        })),
    })],
    [UpdateAutoScalingGroupCommand, (input, region) => {
      const g = group(region, input.AutoScalingGroupName as string);
      if (!g) throw awsError('ValidationError', 'AutoScalingGroup name not found');
      g.min = input.MinSize as number; g.max = input.MaxSize as number; g.desired = input.DesiredCapacity as number;
      return {};
    }],
    [CreateOrUpdateTagsCommand, (input, region) => {
      for (const t of input.Tags as { ResourceId: string; Key: string; Value: string }[]) {
        const g = group(region, t.ResourceId);
        if (!g) throw awsError('ValidationError', 'AutoScalingGroup name not found');
        (g.tags ??= {})[t.Key] = t.Value;
      }
      return {};
    }],
    [DeleteGroupTagsCommand, (input, region) => {
      for (const t of input.Tags as { ResourceId: string; Key: string }[]) {
        const g = group(region, t.ResourceId);
        if (!g?.tags) continue;
        delete g.tags[t.Key];
        if (Object.keys(g.tags).length === 0) delete g.tags;
      }
      return {};
    }],
  ]);

  const db = (list: ModelDb[], region: string, id: string, missing: string) => {
    const d = list.find((x) => x.region === region && x.id === id);
    if (!d) throw awsError(missing);
    return d;
  };
  const transition = (list: () => ModelDb[], key: string, missing: string, from: string, to: string, invalid: string): Fake => (input, region) => {
    const d = db(list(), region, input[key] as string, missing);
    if (d.status !== from) throw awsError(invalid, `${d.id} is ${d.status}`);
    d.status = to;
    return {};
  };
  serve(RDSClient, 'rds', [
    [DescribeDBClustersCommand, (input, region) => {
      const d = db(model.rdsClusters, region, input.DBClusterIdentifier as string, 'DBClusterNotFoundFault');
      return { DBClusters: [{ DBClusterIdentifier: d.id, Status: d.status }] };
    }],
    [StopDBClusterCommand, transition(() => model.rdsClusters, 'DBClusterIdentifier', 'DBClusterNotFoundFault', 'available', 'stopped', 'InvalidDBClusterStateFault')],
    [StartDBClusterCommand, transition(() => model.rdsClusters, 'DBClusterIdentifier', 'DBClusterNotFoundFault', 'stopped', 'available', 'InvalidDBClusterStateFault')],
    [DescribeDBInstancesCommand, (input, region) => {
      const d = db(model.rdsInstances, region, input.DBInstanceIdentifier as string, 'DBInstanceNotFoundFault');
      return { DBInstances: [{ DBInstanceIdentifier: d.id, DBInstanceStatus: d.status }] };
    }],
    [StopDBInstanceCommand, transition(() => model.rdsInstances, 'DBInstanceIdentifier', 'DBInstanceNotFoundFault', 'available', 'stopped', 'InvalidDBInstanceStateFault')],
    [StartDBInstanceCommand, transition(() => model.rdsInstances, 'DBInstanceIdentifier', 'DBInstanceNotFoundFault', 'stopped', 'available', 'InvalidDBInstanceStateFault')],
  ]);

  serve(RedshiftClient, 'redshift', [
    [DescribeClustersCommand, (input, region) => {
      const d = db(model.redshiftClusters, region, input.ClusterIdentifier as string, 'ClusterNotFoundFault');
      return { Clusters: [{ ClusterIdentifier: d.id, ClusterStatus: d.status }] };
    }],
    [PauseClusterCommand, transition(() => model.redshiftClusters, 'ClusterIdentifier', 'ClusterNotFoundFault', 'available', 'paused', 'InvalidClusterStateFault')],
    [ResumeClusterCommand, transition(() => model.redshiftClusters, 'ClusterIdentifier', 'ClusterNotFoundFault', 'paused', 'available', 'InvalidClusterStateFault')],
  ]);

  const principal = (type: ModelPrincipal['type'], name: string) => {
    const p = model.principals.find((x) => x.type === type && x.name === name);
    if (!p) throw awsError('NoSuchEntityException', `The ${type} with name ${name} cannot be found.`);
    return p;
  };
  const list = (type: ModelPrincipal['type'], key: string): Fake => (input) => ({
    AttachedPolicies: principal(type, input[key] as string).policies.map((PolicyArn) => ({ PolicyArn, PolicyName: PolicyArn.split('/').pop() })),
    IsTruncated: false,
  });
  const attach = (type: ModelPrincipal['type'], key: string): Fake => (input) => {
    const p = principal(type, input[key] as string);
    if (!p.policies.includes(input.PolicyArn as string)) p.policies.push(input.PolicyArn as string);
    return {};
  };
  const detach = (type: ModelPrincipal['type'], key: string): Fake => (input) => {
    const p = principal(type, input[key] as string);
    if (!p.policies.includes(input.PolicyArn as string)) throw awsError('NoSuchEntityException', 'Policy is not attached');
    p.policies = p.policies.filter((arn) => arn !== input.PolicyArn);
    return {};
  };
  serve(IAMClient, 'iam', [
    [ListAttachedUserPoliciesCommand, list('user', 'UserName')],
    [ListAttachedGroupPoliciesCommand, list('group', 'GroupName')],
    [ListAttachedRolePoliciesCommand, list('role', 'RoleName')],
    [AttachUserPolicyCommand, attach('user', 'UserName')],
    [AttachGroupPolicyCommand, attach('group', 'GroupName')],
    [AttachRolePolicyCommand, attach('role', 'RoleName')],
    [DetachUserPolicyCommand, detach('user', 'UserName')],
    [DetachGroupPolicyCommand, detach('group', 'GroupName')],
    [DetachRolePolicyCommand, detach('role', 'RoleName')],
  ]);

  serve(OrganizationsClient, 'organizations', [
    [ListPoliciesCommand, () => ({ Policies: model.scps.map((p) => ({ Id: p.id, Name: p.name })) })],
    [ListPoliciesForTargetCommand, (input) => ({ Policies: (model.scpTargets[input.TargetId as string] ?? []).map((Id) => ({ Id })) })],
    [AttachPolicyCommand, (input) => {
      const on = (model.scpTargets[input.TargetId as string] ??= []);
      if (on.includes(input.PolicyId as string)) throw awsError('DuplicatePolicyAttachmentException');
      on.push(input.PolicyId as string);
      return {};
    }],
    [DetachPolicyCommand, (input) => {
      const on = model.scpTargets[input.TargetId as string] ?? [];
      if (!on.includes(input.PolicyId as string)) throw awsError('PolicyNotAttachedException');
      model.scpTargets[input.TargetId as string] = on.filter((id) => id !== input.PolicyId);
      return {};
    }],
  ]);

  return services;
}

const TEST_CREDENTIALS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret', sessionToken: 'token' };

/** Real SDK clients (their `send` is stubbed by installModel), as the enforcer builds them. */
export function testClients(): ActionClients {
  const organizations = new OrganizationsClient({ region: 'us-east-1', credentials: TEST_CREDENTIALS });
  return { ...memberClients(TEST_CREDENTIALS), organizations: () => organizations };
}
