/**
 * Enforcement throughput: the enforcer's real `enforce()` (plan, ledger claims, actions, events)
 * for 100 accounts × 100 instances plus Auto Scaling groups and IAM attachments, driven from Under
 * to Over to Critical, every Critical event delivered twice (EventBridge is at-least-once). The
 * AWS clients are the real SDK v3 clients on a fake wire (bench/lib/fake-aws): tens of ms per
 * call and a share of calls answered with the service's throttling error, retried by the SDK's
 * standard strategy. Failed actions get the next reconcile (one more Critical event), as in
 * production. Proves: full Critical posture, no change lost, none repeated.
 */
import { STSClient } from '@aws-sdk/client-sts';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { performance } from 'node:perf_hooks';
import type { AccountInput } from '../core/catalog/define';
import type { AccountPolicy } from '../core/catalog/types';
import { validateCatalog } from '../core/catalog/validate';
import { formatIssue } from '../core/catalog/errors';
import type { ActionOutcome, BudgetStateChanged, GuardrailActionTaken } from '../core/events/schemas';
import { EXEMPT_TAG, UNAPPROVED_TAG, lockdownPolicyArn } from '../core/naming/resources';
import { monthOf } from '../core/storage/keys';
import { assumeEnforcementRole } from '../functions/aws/assume-role';
import { CLIENT_DEFAULTS, RoleCredentials } from '../functions/aws/clients';
import { memberClients } from '../functions/aws/member-clients';
import type { ActionClients } from '../functions/enforcer/actions';
import { EnforcerDeps, enforce } from '../functions/enforcer/enforce';
import { orgInput } from './lib/catalog-generator';
import { onFakeWire, realisticNetwork, WireStats } from './lib/fake-aws/transport';
import { FakeWorld } from './lib/fake-aws/world';
import { MemoryLedger } from './lib/memory-ledger';
import { seededRandom } from './lib/random';
import { median } from './lib/stats';

export const THROUGHPUT_GOAL_MS = 60_000;

export interface ThroughputOptions {
  readonly accounts?: number;
  readonly instancesPerAccount?: number;
  readonly regions?: readonly string[];
  readonly groupsPerRegion?: number;
  readonly exemptPerRegion?: number;
  readonly alreadyStoppedPerRegion?: number;
  readonly latencyMs?: readonly [number, number];
  readonly throttleShare?: number;
  readonly seed?: number;
}

export interface ThroughputResult {
  readonly accounts: number;
  readonly instances: number;
  readonly autoScalingGroups: number;
  readonly iamChanges: number;
  readonly latencyMs: readonly [number, number];
  readonly throttleShare: number;
  readonly wallMs: number;
  /** Per account: from the Over event to the end of its Critical deliveries (median and slowest). */
  readonly accountMedianMs: number;
  readonly accountMaxMs: number;
  readonly apiAttempts: number;
  readonly throttledAttempts: number;
  readonly ledgerCalls: number;
  readonly invocations: number;
  readonly outcomes: Record<string, number>;
  /** Actions that failed in the first delivery round (retries exhausted), redone by the reconcile. */
  readonly failedFirstRound: number;
  readonly reconcileInvocations: number;
  readonly expectedChanges: number;
  readonly lost: readonly string[];
  readonly repeated: readonly string[];
  readonly unexpected: readonly string[];
  readonly eventsPublished: number;
  readonly withinGoal: boolean;
}

const HUB = '111111111111';
const POWER_USER = 'arn:aws:iam::aws:policy/PowerUserAccess';
const DUMMY_CREDENTIALS = { accessKeyId: 'AKIABENCH', secretAccessKey: 'bench' };

function accountInputs(count: number, regions: readonly string[], groupsPerRegion: number): { name: string; input: AccountInput }[] {
  return Array.from({ length: count }, (_, i) => {
    const team = `team${i}`;
    return {
      name: `throughput-${String(i).padStart(3, '0')}`,
      input: {
        id: String(300_000_000_000 + i),
        owners: [`${team}@example.com`],
        mode: 'enforce',
        targetUsd: 1000,
        workloadRegions: [...regions],
        enforcement: {
          over: { tagUnapproved: [{ team }] },
          critical: {
            stopInstances: [{ team }],
            scaleToZero: Array.from({ length: groupsPerRegion }, (_, g) => `${team}-asg-${g}`),
            detachPolicies: [{ policy: POWER_USER, roles: ['developer'], users: ['ci-bot'] }],
            lockdown: ['ec2:RunInstances', 'ec2:StartInstances'],
          },
          lockdownOn: { via: 'principals', roles: ['developer'], groups: ['engineers'] },
        },
      },
    };
  });
}

async function throughputCatalog(count: number, regions: readonly string[], groupsPerRegion: number): Promise<AccountPolicy[]> {
  const files = accountInputs(count, regions, groupsPerRegion);
  const { catalog, issues } = await validateCatalog(
    { file: 'bench/org.ts', name: 'org', value: orgInput() },
    files.map((f) => ({ file: `bench/${f.name}.ts`, name: f.name, value: f.input })),
  );
  if (!catalog) throw new Error(`throughput catalog invalid:\n${issues.slice(0, 5).map(formatIssue).join('\n')}`);
  return [...catalog.accounts];
}

interface Expectation {
  readonly changes: Set<string>;
  readonly exemptIds: Set<string>;
}

/** Seeds the world: per account and region, instances (some exempt, some already stopped), groups, principals. */
function seedWorld(world: FakeWorld, accounts: readonly AccountPolicy[], o: Required<ThroughputOptions>): Expectation {
  const changes = new Set<string>();
  const exemptIds = new Set<string>();
  const perRegion = Math.floor(o.instancesPerAccount / o.regions.length);
  for (const policy of accounts) {
    const a = world.account(policy.id);
    const team = policy.enforcement.critical.stopInstances[0].team;
    o.regions.forEach((region, r) => {
      for (let n = 0; n < perRegion; n++) {
        const id = `i-${policy.id.slice(-4)}${r}${String(n).padStart(11, '0')}`;
        const exempt = n < o.exemptPerRegion;
        const stopped = !exempt && n < o.exemptPerRegion + o.alreadyStoppedPerRegion;
        const tags = new Map([['team', team], ['Name', `${team}-${n}`]]);
        if (exempt) {
          tags.set(EXEMPT_TAG.key, EXEMPT_TAG.value);
          exemptIds.add(id);
        }
        a.instances.set(id, { id, region, state: stopped ? 'stopped' : 'running', tags });
        if (!exempt) changes.add(`${policy.id} CreateTags ${UNAPPROVED_TAG.key} ${id}`);
        if (!exempt && !stopped) changes.add(`${policy.id} StopInstances ${id}`);
      }
      for (const name of policy.enforcement.critical.scaleToZero) {
        a.groups.set(`${region}/${name}`, { min: 2, max: 10, desired: 4 });
        changes.add(`${policy.id} UpdateAutoScalingGroup 0/0/0 ${region}/${name}`);
      }
    });
    a.principals.set('role/developer', new Set([POWER_USER]));
    a.principals.set('user/ci-bot', new Set([POWER_USER]));
    a.principals.set('group/engineers', new Set());
    const lockdown = lockdownPolicyArn(policy.id, 'critical');
    changes.add(`${policy.id} DetachPolicy role/developer:${POWER_USER}`);
    changes.add(`${policy.id} DetachPolicy user/ci-bot:${POWER_USER}`);
    changes.add(`${policy.id} AttachPolicy role/developer:${lockdown}`);
    changes.add(`${policy.id} AttachPolicy group/engineers:${lockdown}`);
  }
  return { changes, exemptIds };
}

function stateEvent(policy: AccountPolicy, previousState: BudgetStateChanged['previousState'], state: BudgetStateChanged['state'], at: Date): BudgetStateChanged {
  return {
    accountId: policy.id, accountName: policy.name, month: monthOf(at), previousState, state,
    actualUsd: state === 'critical' ? 1150 : 1010, forecastUsd: 1400, targetUsd: policy.targetUsd ?? 1000,
    reason: `benchmark: ${previousState} → ${state}`, dryRun: false, at: at.toISOString(),
  };
}

export async function runEnforcementThroughput(options: ThroughputOptions = {}): Promise<ThroughputResult> {
  const o: Required<ThroughputOptions> = {
    accounts: 100, instancesPerAccount: 100, regions: ['us-east-1', 'us-west-2'], groupsPerRegion: 3,
    exemptPerRegion: 2, alreadyStoppedPerRegion: 3, latencyMs: [20, 60], throttleShare: 0.1, seed: 7, ...options,
  };
  const rng = seededRandom(o.seed);
  const network = realisticNetwork(rng, o.latencyMs[0], o.latencyMs[1], o.throttleShare);
  const stats: WireStats = { attempts: 0, throttled: 0 };
  const world = new FakeWorld();
  const accounts = await throughputCatalog(o.accounts, o.regions, o.groupsPerRegion);
  const expectation = seedWorld(world, accounts, o);
  const ledger = new MemoryLedger(() => 5 + rng.next() * 10);
  const published: GuardrailActionTaken[] = [];
  const policies = new Map(accounts.map((a) => [a.id, a]));
  const hubCaller = { account: HUB, region: 'us-east-1' };
  const organizations = onFakeWire(new OrganizationsClient({ ...CLIENT_DEFAULTS, region: 'us-east-1', credentials: DUMMY_CREDENTIALS }), world, hubCaller, network, stats, 'Organizations');

  // Mirrors functions/enforcer/clients.ts actionClientsFor(), with each client on the fake wire.
  const clientsFor = (accountId: string, session: string): ActionClients => {
    const sts = onFakeWire(new STSClient({ ...CLIENT_DEFAULTS, region: 'us-east-1', credentials: DUMMY_CREDENTIALS }), world, hubCaller, network, stats, 'STS');
    let credentials: Promise<RoleCredentials> | undefined;
    const member = memberClients(() => (credentials ??= assumeEnforcementRole(accountId, session, sts)));
    const wire = <T extends object>(client: T, region: string, service: string) =>
      onFakeWire(client, world, { account: accountId, region }, network, stats, service);
    return {
      ec2: (region) => wire(member.ec2(region), region, 'EC2'),
      autoscaling: (region) => wire(member.autoscaling(region), region, 'AutoScaling'),
      rds: (region) => wire(member.rds(region), region, 'RDS'),
      redshift: (region) => wire(member.redshift(region), region, 'Redshift'),
      iam: () => wire(member.iam(), 'us-east-1', 'IAM'),
      organizations: () => organizations,
    };
  };
  const deps: EnforcerDeps = {
    catalog: { account: async (id) => { await new Promise((r) => setTimeout(r, 5)); return policies.get(id); } },
    ledger,
    publish: async (detail) => { await new Promise((r) => setTimeout(r, network.latencyMs())); published.push(detail); },
    clientsFor,
    clock: () => new Date(),
  };

  const outcomes: Record<string, number> = {};
  let invocations = 0;
  let failedFirstRound = 0;
  const count = (actions: readonly ActionOutcome[]) => {
    for (const a of actions) outcomes[a.outcome] = (outcomes[a.outcome] ?? 0) + 1;
    return actions.filter((a) => a.outcome === 'failed').length;
  };
  const deliver = async (event: BudgetStateChanged, id: string) => {
    invocations++;
    const result = await enforce(deps, event, id);
    return result.status === 'done' ? count(result.actions) : 0;
  };

  const started = performance.now();
  const base = Date.now();
  const needsReconcile: AccountPolicy[] = [];
  const perAccountMs: number[] = [];
  await Promise.all(accounts.map(async (policy) => {
    const accountStart = performance.now();
    const failedOver = await deliver(stateEvent(policy, 'on-target', 'over', new Date(base - 2000)), `${policy.id}-over`);
    const critical = stateEvent(policy, 'over', 'critical', new Date(base - 1000));
    const failed = (await Promise.all([deliver(critical, `${policy.id}-critical`), deliver(critical, `${policy.id}-critical`)])).reduce((s, n) => s + n, 0);
    failedFirstRound += failedOver + failed;
    perAccountMs.push(performance.now() - accountStart);
    if (failed > 0) needsReconcile.push(policy);
  }));
  // The next scheduled evaluation re-sends the state; the enforcer acts on what is still missing.
  let reconcileInvocations = 0;
  for (let round = 0; round < 3 && needsReconcile.length > 0; round++) {
    const batch = needsReconcile.splice(0);
    await Promise.all(batch.map(async (policy) => {
      reconcileInvocations++;
      const failed = await deliver(stateEvent(policy, 'critical', 'critical', new Date()), `${policy.id}-reconcile-${round}`);
      if (failed > 0) needsReconcile.push(policy);
    }));
  }
  const wallMs = performance.now() - started;

  const seen = new Map<string, number>();
  for (const m of world.mutations) {
    const key = `${m.account} ${m.op} ${m.target}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const lost = [...expectation.changes].filter((c) => !seen.has(c));
  const repeated = [...seen].filter(([, n]) => n > 1).map(([k, n]) => `${k} ×${n}`);
  const unexpected = [...seen.keys()].filter((k) => !expectation.changes.has(k));
  const exemptTouched = world.mutations.filter((m) => expectation.exemptIds.has(m.target)).map((m) => `${m.account} ${m.op} ${m.target} (exempt)`);
  const instances = accounts.length * Math.floor(o.instancesPerAccount / o.regions.length) * o.regions.length;
  return {
    accounts: accounts.length,
    instances,
    autoScalingGroups: accounts.length * o.groupsPerRegion * o.regions.length,
    iamChanges: accounts.length * 4,
    latencyMs: o.latencyMs,
    throttleShare: o.throttleShare,
    wallMs,
    accountMedianMs: median(perAccountMs),
    accountMaxMs: Math.max(...perAccountMs),
    apiAttempts: stats.attempts,
    throttledAttempts: stats.throttled,
    ledgerCalls: ledger.calls,
    invocations,
    outcomes,
    failedFirstRound,
    reconcileInvocations,
    expectedChanges: expectation.changes.size,
    lost,
    repeated,
    unexpected: [...unexpected, ...exemptTouched],
    eventsPublished: published.length,
    withinGoal: wallMs < THROUGHPUT_GOAL_MS && lost.length === 0 && repeated.length === 0 && unexpected.length === 0 && exemptTouched.length === 0,
  };
}
