/**
 * Fault injection over one simulated month boundary (fast-check): the enforcer, its periodic
 * reconcile and the reset run on a model of a member account (every SDK command answered as AWS
 * would) while
 *   - state events arrive duplicated, out of order and two at a time (concurrently),
 *   - any AWS call or ledger write may fail, and failed runs are retried as Lambda would,
 *   - the owners resize their group, start and stop their instances, re-attach their access policy
 *     and detach the lockdown by hand, at random moments,
 *   - the catalog is edited (the kill switch dropped or brought back).
 * Invariant: once the 1 December reset has completed (retried, with the reconcile every 15
 * minutes), every resource is exactly as its owners last left it, and nothing outside the catalog
 * was touched.
 */
import fc from 'fast-check';
import type { BudgetState } from '../../core/budget/state';
import type { AccountPolicy } from '../../core/catalog/types';
import { EMPTY_STATE_ACTIONS } from '../../core/catalog/resolve';
import { policyArn } from '../../core/naming/resources';
import type { Ledger } from '../../functions/aws/action-ledger';
import { enforce, reconcileAccounts } from '../../functions/enforcer/enforce';
import { resetAccounts } from '../../functions/reset/reset';
import { MemoryLedger } from '../../bench/lib/memory-ledger';
import { accountOf, shippedCatalog } from '../support/catalog';
import { AccountModel, InstalledModel, awsError, emptyModel, installModel, testClients } from '../functions/enforcer/support/account-model';
import { stateEvent } from '../functions/enforcer/support/harness';

const R = 'us-east-1';
const GROUP = 'web';
const TEAM = { team: 'ml' };
const ID = '222222222222';
const GPU = policyArn(ID, 'AllowGPUAccess');

let account: AccountPolicy;
beforeAll(async () => {
  const shipped = accountOf(await shippedCatalog(), 'data-science');
  account = {
    ...shipped, id: ID, mode: 'enforce', workloadRegions: [R],
    enforcement: {
      over: EMPTY_STATE_ACTIONS,
      critical: { ...EMPTY_STATE_ACTIONS, stopInstances: [TEAM], detachPolicies: [{ policy: 'AllowGPUAccess', users: ['U'], groups: [], roles: [] }], lockdown: ['ec2:RunInstances'] },
      shutdown: { ...EMPTY_STATE_ACTIONS, scaleToZero: [GROUP] },
      lockdownOn: { via: 'principals', users: [], groups: [], roles: ['R'] },
      restartInstancesOnRestore: true,
    },
  };
});

function world(): AccountModel {
  const m = emptyModel();
  m.groups = [{ region: R, name: GROUP, min: 2, max: 6, desired: 3 }, { region: R, name: 'other', min: 1, max: 2, desired: 1 }];
  m.instances = [
    { id: 'i-1', region: R, state: 'running', tags: { ...TEAM } },
    { id: 'i-2', region: R, state: 'running', tags: { ...TEAM } },
    { id: 'i-3', region: R, state: 'stopped', tags: { ...TEAM } },
    { id: 'i-4', region: R, state: 'running', tags: { team: 'web' } },
  ];
  m.principals = [{ type: 'user', name: 'U', policies: [GPU] }, { type: 'role', name: 'R', policies: [] }];
  return m;
}

type Step =
  | { kind: 'event'; state: BudgetState; hour: number; twice: boolean; together: BudgetState | null }
  | { kind: 'reconcile' }
  | { kind: 'resize'; min: number; max: number }
  | { kind: 'toggle'; instance: 1 | 2 | 3 }
  | { kind: 'reattach' }
  | { kind: 'unlock' }
  | { kind: 'fault'; action: string; times: number }
  | { kind: 'ledgerFault'; call: number }
  | { kind: 'edit'; killSwitch: boolean };

const STATES: BudgetState[] = ['under', 'on-target', 'over', 'critical', 'shutdown'];
const FAULTABLE = [
  'autoscaling:DescribeAutoScalingGroups', 'autoscaling:UpdateAutoScalingGroup', 'autoscaling:CreateOrUpdateTags', 'autoscaling:DeleteTags',
  'ec2:DescribeInstances', 'ec2:StopInstances', 'ec2:StartInstances',
  'iam:ListAttachedUserPolicies', 'iam:DetachUserPolicy', 'iam:AttachUserPolicy', 'iam:ListAttachedRolePolicies', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy',
];

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('event' as const), state: fc.constantFrom(...STATES), hour: fc.nat(23), twice: fc.boolean(), together: fc.option(fc.constantFrom(...STATES), { nil: null }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reconcile' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('resize' as const), min: fc.integer({ min: 1, max: 4 }), max: fc.integer({ min: 4, max: 12 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('toggle' as const), instance: fc.constantFrom(1 as const, 2 as const, 3 as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reattach' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unlock' as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('fault' as const), action: fc.constantFrom(...FAULTABLE), times: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('ledgerFault' as const), call: fc.integer({ min: 1, max: 12 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('edit' as const), killSwitch: fc.boolean() }) },
);

/** A ledger whose n-th write from now fails, as DynamoDB throttling or a crash between calls would. */
class FaultyLedger extends MemoryLedger {
  failIn = 0;
  private check(): void {
    if (this.failIn > 0 && --this.failIn === 0) throw awsError('ProvisionedThroughputExceededException', 'injected');
  }
  override async claim(...a: Parameters<Ledger['claim']>) { this.check(); return super.claim(...a); }
  override async remember(...a: Parameters<Ledger['remember']>) { this.check(); return super.remember(...a); }
  override async complete(...a: Parameters<Ledger['complete']>) { this.check(); return super.complete(...a); }
  override async fail(...a: Parameters<Ledger['fail']>) { this.check(); return super.fail(...a); }
  override async advanceState(...a: Parameters<Ledger['advanceState']>) { this.check(); return super.advanceState(...a); }
  override async releaseLease(...a: Parameters<Ledger['releaseLease']>) { this.check(); return super.releaseLease(...a); }
}

/** What the owners last did, which is what every resource must look like in the end. */
interface Owners { size: string; running: Record<string, boolean> }

async function simulateMonth(steps: readonly Step[]): Promise<void> {
  const model = world();
  const installed: InstalledModel = installModel(model);
  try {
    const ledger = new FaultyLedger();
    let now = new Date('2026-11-10T00:00:00Z');
    model.clock = () => now;
    const catalog = [account];
    const clients = testClients();
    const deps = {
      catalog: { account: async (id: string) => catalog.find((a) => a.id === id), accounts: async () => [...catalog] },
      ledger, publish: async () => undefined, clientsFor: () => clients, clock: () => now,
      sleep: async (ms: number) => { now = new Date(now.getTime() + ms); },
      monthState: async (): Promise<BudgetState> => 'unknown',
    };
    const owners: Owners = { size: '2/6/3', running: { 'i-1': true, 'i-2': true, 'i-3': false } };
    const retried = async (work: () => Promise<unknown>) => {
      // Lambda's asynchronous invocation: the first attempt and two retries.
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          const out = await work() as { status?: string; actions?: { outcome: string }[] } | undefined;
          if (!out?.actions?.some((a) => a.outcome === 'failed')) return;
        } catch { /* retried */ }
      }
    };
    let minute = 0;
    for (const step of steps) {
      minute += 20;
      now = new Date(Date.UTC(2026, 10, 10, 0, minute));
      switch (step.kind) {
        case 'event': {
          const at = (s: BudgetState, h: number) => stateEvent(catalog[0], s, new Date(Date.UTC(2026, 10, 10, h)));
          const events = [at(step.state, step.hour), ...(step.twice ? [at(step.state, step.hour)] : []), ...(step.together ? [at(step.together, (step.hour + 7) % 24)] : [])];
          await Promise.all(events.map((e, i) => retried(() => enforce(deps, e, `e-${minute}-${i}`))));
          break;
        }
        case 'reconcile': await reconcileAccounts(deps); break;
        case 'resize': {
          const g = model.groups[0];
          Object.assign(g, { min: step.min, max: step.max, desired: step.min });
          owners.size = `${step.min}/${step.max}/${step.min}`;
          break;
        }
        case 'toggle': {
          const i = model.instances.find((x) => x.id === `i-${step.instance}`)!;
          if (i.state === 'running') {
            i.state = 'stopped';
            (model.stopTimes ??= {})[i.id] = now.toISOString();
            owners.running[i.id] = false;
          } else {
            i.state = 'running';
            owners.running[i.id] = true;
          }
          break;
        }
        case 'reattach': {
          const u = model.principals[0];
          if (!u.policies.includes(GPU)) u.policies.push(GPU);
          break;
        }
        case 'unlock': model.principals[1].policies = []; break;
        case 'fault': (model.faults ??= []).push({ action: step.action, when: () => true, error: awsError('ServiceUnavailable', 'injected'), times: step.times }); break;
        case 'ledgerFault': ledger.failIn = step.call; break;
        case 'edit':
          catalog[0] = step.killSwitch ? account : { ...account, enforcement: { ...account.enforcement, shutdown: EMPTY_STATE_ACTIONS } };
          break;
      }
    }
    // 1 December: the reset, retried, and the reconcile every 15 minutes until nothing is left.
    model.faults = [];
    ledger.failIn = 0;
    now = new Date('2026-12-01T00:05:00Z');
    await retried(() => resetAccounts(deps).then((r) => ({ actions: r.flatMap((x) => [...x.actions, ...(x.error ? [{ outcome: 'failed' }] : [])]) })));
    for (let round = 0; round < 6; round++) {
      now = new Date(now.getTime() + 15 * 60_000);
      await reconcileAccounts(deps);
    }

    const g = model.groups[0];
    expect(`${g.min}/${g.max}/${g.desired}`).toBe(owners.size);
    expect(g.tags).toBeUndefined();
    for (const id of ['i-1', 'i-2', 'i-3']) {
      expect({ id, running: model.instances.find((i) => i.id === id)!.state === 'running' }).toEqual({ id, running: owners.running[id] });
    }
    expect(model.principals[0].policies).toEqual([GPU]);
    expect(model.principals[1].policies).toEqual([]);
    // Outside the catalog: the other team's instance and the other group were never touched.
    expect(model.instances[3].state).toBe('running');
    expect(model.groups[1]).toEqual({ region: R, name: 'other', min: 1, max: 2, desired: 1 });
    const touched = installed.calls.filter((c) => !/:(Describe|List)/.test(c.action))
      .flatMap((c) => [c.input.InstanceIds, c.input.AutoScalingGroupName, c.input.UserName, c.input.RoleName, ...((c.input.Tags as { ResourceId?: string }[] | undefined) ?? []).map((t) => t.ResourceId)].flat())
      .filter((x): x is string => typeof x === 'string');
    expect(touched.filter((t) => !['i-1', 'i-2', 'i-3', GROUP, 'U', 'R'].includes(t))).toEqual([]);
  } finally {
    installed.restore();
  }
}

describe('one month boundary under faults, owners and catalog edits', () => {
  it('leaves every resource as its owners last left it, and nothing outside the catalog touched (500 cases)', async () => {
    await fc.assert(fc.asyncProperty(fc.array(stepArb, { minLength: 3, maxLength: 14 }), simulateMonth), { numRuns: 500 });
  });
});
