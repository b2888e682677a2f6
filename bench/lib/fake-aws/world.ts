/**
 * An in-memory model of member accounts (EC2 instances, Auto Scaling groups, IAM attachments) and
 * of the organization's SCPs, answering SDK commands by name with outputs shaped like AWS's. Every
 * change that takes effect is logged, so a benchmark can prove no change was lost or repeated.
 */
export interface FakeInstance {
  readonly id: string;
  readonly region: string;
  state: string;
  readonly tags: Map<string, string>;
}

export interface FakeAccount {
  readonly id: string;
  readonly instances: Map<string, FakeInstance>;
  /** `<region>/<name>` → size. */
  readonly groups: Map<string, { min: number; max: number; desired: number }>;
  /** `user/Name`, `group/Name`, `role/Name` → attached policy ARNs. */
  readonly principals: Map<string, Set<string>>;
}

/** A change that took effect: `op` on `target` in `account`. */
export interface Mutation {
  readonly account: string;
  readonly op: string;
  readonly target: string;
}

export class ServiceError extends Error {
  readonly $metadata = { httpStatusCode: 400 };
  readonly $fault = 'client';
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** Which account and region a client speaks for. */
export interface Caller {
  readonly account: string;
  readonly region: string;
}

type Input = Record<string, unknown>;

const metadata = () => ({ $metadata: { httpStatusCode: 200, attempts: 1, totalRetryDelay: 0 } });

export class FakeWorld {
  readonly accounts = new Map<string, FakeAccount>();
  /** SCPs of the organization (id → name) and their attachments (account → ids). */
  readonly scps = new Map<string, string>();
  readonly scpAttachments = new Map<string, Set<string>>();
  readonly mutations: Mutation[] = [];
  readonly calls = new Map<string, number>();

  account(id: string): FakeAccount {
    let a = this.accounts.get(id);
    if (!a) {
      a = { id, instances: new Map(), groups: new Map(), principals: new Map() };
      this.accounts.set(id, a);
    }
    return a;
  }

  private mutate(account: string, op: string, target: string): void {
    this.mutations.push({ account, op, target });
  }

  /** Answers one SDK command, or throws the service error AWS would. */
  handle(command: string, input: Input, caller: Caller): Record<string, unknown> {
    this.calls.set(command, (this.calls.get(command) ?? 0) + 1);
    const handler = this.handlers[command];
    if (!handler) throw new Error(`the fake AWS world does not implement ${command}; add it to bench/lib/fake-aws/world.ts`);
    return { ...metadata(), ...handler(input, caller) };
  }

  private instancesOf(caller: Caller, ids?: unknown): FakeInstance[] {
    const account = this.account(caller.account);
    if (Array.isArray(ids)) {
      return ids.map((id) => {
        const i = account.instances.get(String(id));
        if (!i || i.region !== caller.region) throw new ServiceError('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);
        return i;
      });
    }
    return [...account.instances.values()].filter((i) => i.region === caller.region);
  }

  private principal(caller: Caller, type: string, name: unknown): Set<string> {
    const p = this.account(caller.account).principals.get(`${type}/${String(name)}`);
    if (!p) throw new ServiceError('NoSuchEntity', `The ${type} with name ${String(name)} cannot be found.`);
    return p;
  }

  private readonly handlers: Record<string, (input: Input, caller: Caller) => Record<string, unknown>> = {
    AssumeRoleCommand: () => ({
      Credentials: { AccessKeyId: 'ASIABENCH', SecretAccessKey: 'bench', SessionToken: 'bench', Expiration: new Date(Date.now() + 900_000) },
    }),
    DescribeInstancesCommand: (input, caller) => {
      const filters = (input.Filters as { Name: string; Values: string[] }[] | undefined) ?? [];
      const matches = this.instancesOf(caller, input.InstanceIds).filter((i) => filters.every((f) => {
        if (f.Name === 'instance-state-name') return f.Values.includes(i.state);
        if (f.Name.startsWith('tag:')) return f.Values.includes(i.tags.get(f.Name.slice(4)) ?? '\0');
        throw new Error(`fake DescribeInstances does not support filter ${f.Name}`);
      }));
      const start = Number(input.NextToken ?? 0);
      const page = matches.slice(start, start + 1000);
      return {
        Reservations: page.map((i) => ({
          Instances: [{ InstanceId: i.id, State: { Name: i.state }, Tags: [...i.tags].map(([Key, Value]) => ({ Key, Value })) }],
        })),
        NextToken: start + 1000 < matches.length ? String(start + 1000) : undefined,
      };
    },
    StopInstancesCommand: (input, caller) => {
      const found = this.instancesOf(caller, input.InstanceIds);
      for (const i of found) {
        if (i.state === 'running' || i.state === 'pending') this.mutate(caller.account, 'StopInstances', i.id);
        i.state = 'stopped';
      }
      return { StoppingInstances: found.map((i) => ({ InstanceId: i.id })) };
    },
    StartInstancesCommand: (input, caller) => {
      const found = this.instancesOf(caller, input.InstanceIds);
      for (const i of found) {
        if (i.state === 'stopped') this.mutate(caller.account, 'StartInstances', i.id);
        i.state = 'running';
      }
      return { StartingInstances: found.map((i) => ({ InstanceId: i.id })) };
    },
    CreateTagsCommand: (input, caller) => {
      const tags = input.Tags as { Key: string; Value: string }[];
      for (const i of this.instancesOf(caller, input.Resources)) {
        for (const t of tags) {
          if (i.tags.get(t.Key) !== t.Value) this.mutate(caller.account, `CreateTags ${t.Key}`, i.id);
          i.tags.set(t.Key, t.Value);
        }
      }
      return {};
    },
    DeleteTagsCommand: (input, caller) => {
      const tags = input.Tags as { Key: string; Value?: string }[];
      for (const i of this.instancesOf(caller, input.Resources)) {
        for (const t of tags) {
          if (i.tags.has(t.Key) && (t.Value === undefined || i.tags.get(t.Key) === t.Value)) {
            this.mutate(caller.account, `DeleteTags ${t.Key}`, i.id);
            i.tags.delete(t.Key);
          }
        }
      }
      return {};
    },
    DescribeAutoScalingGroupsCommand: (input, caller) => {
      const groups = this.account(caller.account).groups;
      const names = (input.AutoScalingGroupNames as string[] | undefined) ?? [];
      return {
        AutoScalingGroups: names.filter((n) => groups.has(`${caller.region}/${n}`)).map((n) => {
          const g = groups.get(`${caller.region}/${n}`)!;
          return { AutoScalingGroupName: n, MinSize: g.min, MaxSize: g.max, DesiredCapacity: g.desired };
        }),
      };
    },
    UpdateAutoScalingGroupCommand: (input, caller) => {
      const key = `${caller.region}/${String(input.AutoScalingGroupName)}`;
      const g = this.account(caller.account).groups.get(key);
      if (!g) throw new ServiceError('ValidationError', `AutoScalingGroup name not found - ${String(input.AutoScalingGroupName)}`);
      const next = { min: Number(input.MinSize ?? g.min), max: Number(input.MaxSize ?? g.max), desired: Number(input.DesiredCapacity ?? g.desired) };
      if (next.min !== g.min || next.max !== g.max || next.desired !== g.desired) this.mutate(caller.account, `UpdateAutoScalingGroup ${next.min}/${next.max}/${next.desired}`, key);
      Object.assign(g, next);
      return {};
    },
    ...Object.fromEntries((['User', 'Group', 'Role'] as const).flatMap((T) => {
      const type = T.toLowerCase();
      const nameOf = (input: Input) => input[`${T}Name`];
      return [
        [`ListAttached${T}PoliciesCommand`, (input: Input, caller: Caller) => ({
          AttachedPolicies: [...this.principal(caller, type, nameOf(input))].map((arn) => ({ PolicyArn: arn, PolicyName: arn.split('/').pop() })),
          IsTruncated: false,
        })],
        [`Attach${T}PolicyCommand`, (input: Input, caller: Caller) => {
          const attached = this.principal(caller, type, nameOf(input));
          const arn = String(input.PolicyArn);
          if (!attached.has(arn)) this.mutate(caller.account, 'AttachPolicy', `${type}/${String(nameOf(input))}:${arn}`);
          attached.add(arn);
          return {};
        }],
        [`Detach${T}PolicyCommand`, (input: Input, caller: Caller) => {
          const attached = this.principal(caller, type, nameOf(input));
          const arn = String(input.PolicyArn);
          if (!attached.has(arn)) throw new ServiceError('NoSuchEntity', `Policy ${arn} was not found.`);
          this.mutate(caller.account, 'DetachPolicy', `${type}/${String(nameOf(input))}:${arn}`);
          attached.delete(arn);
          return {};
        }],
      ];
    })),
    ListPoliciesCommand: () => ({ Policies: [...this.scps].map(([Id, Name]) => ({ Id, Name })) }),
    ListPoliciesForTargetCommand: (input) => ({ Policies: [...(this.scpAttachments.get(String(input.TargetId)) ?? [])].map((Id) => ({ Id, Name: this.scps.get(Id) })) }),
    AttachPolicyCommand: (input) => {
      const target = String(input.TargetId);
      const set = this.scpAttachments.get(target) ?? new Set<string>();
      if (set.has(String(input.PolicyId))) throw new ServiceError('DuplicatePolicyAttachmentException', 'already attached');
      set.add(String(input.PolicyId));
      this.scpAttachments.set(target, set);
      this.mutate(target, 'AttachScp', String(input.PolicyId));
      return {};
    },
    DetachPolicyCommand: (input) => {
      const set = this.scpAttachments.get(String(input.TargetId));
      if (!set?.delete(String(input.PolicyId))) throw new ServiceError('PolicyNotAttachedException', 'not attached');
      this.mutate(String(input.TargetId), 'DetachScp', String(input.PolicyId));
      return {};
    },
  };
}
