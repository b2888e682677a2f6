import { lockdownScpNameFor } from '../../core/lockdown/document';
/** Posture planning: cumulative, reconciling against records, idempotent (property tests with fast-check). */
import fc from 'fast-check';
import { BUDGET_STATES, BudgetState, severity } from '../../core/budget/state';
import type { AccountPolicy, StateActions } from '../../core/catalog/types';
import {
  RecordedPosture, planPosture, postureKey, recordAfter, requiredPostures, simulatePosture,
} from '../../core/posture';
import { accountOf, shippedCatalog } from '../support/catalog';

let base: AccountPolicy;
beforeAll(async () => {
  base = accountOf(await shippedCatalog(), 'data-science');
});

const sub = <T>(pool: readonly T[]) => fc.subarray([...pool]);
const stateActions: fc.Arbitrary<StateActions> = fc.record({
  stopInstances: sub([{ team: 'a' }, { team: 'b' }]),
  scaleToZero: sub(['g1', 'g2']),
  stopRdsClusters: sub(['c1']),
  stopRdsInstances: sub(['d1']),
  pauseRedshiftClusters: sub(['w1']),
  detachPolicies: sub([
    { policy: 'P1', users: ['u1'], groups: [], roles: [] },
    { policy: 'P2', users: [], groups: ['g'], roles: ['r1'] },
  ]),
  lockdown: sub(['ec2:RunInstances', 'rds:StartDB*']),
  tagUnapproved: sub([{ team: 'a' }]),
});
const policyArb = fc.record({
  over: stateActions, critical: stateActions, shutdown: stateActions,
  via: fc.constantFrom('principals' as const, 'scp' as const),
  regions: fc.subarray(['us-east-1', 'us-west-2'], { minLength: 1 }),
}).map(({ over, critical, shutdown, via, regions }): AccountPolicy => ({
  ...base,
  workloadRegions: regions,
  enforcement: {
    over, critical, shutdown, restartInstancesOnRestore: false,
    lockdownOn: { via, users: ['u1'], groups: [], roles: ['r1', 'r2'] },
  },
}));
const stateArb = fc.constantFrom(...BUDGET_STATES);
const MONTH = '2026-11';

const asRecorded = (policy: AccountPolicy, state: BudgetState, month: string): RecordedPosture[] =>
  recordAfter([], planPosture({ policy, state, month, recorded: [] }));
const keyed = (xs: readonly { kind: string; target: string; region?: string; posture?: string; to?: string }[]) =>
  xs.map((x) => `${postureKey(x)}=${x.posture ?? x.to}`).sort();

describe('requiredPostures', () => {
  it('is empty below Over and cumulative upward (Shutdown includes Critical includes Over)', () => {
    fc.assert(fc.property(policyArb, (policy) => {
      for (const s of ['unknown', 'unused', 'under', 'on-target'] as const) expect(requiredPostures(policy, s)).toEqual([]);
      const keys = (s: BudgetState) => new Set(requiredPostures(policy, s).map(postureKey));
      for (const k of keys('over')) expect(keys('critical').has(k)).toBe(true);
      for (const k of keys('critical')) expect(keys('shutdown').has(k)).toBe(true);
    }));
  });

  it('attaches only the current state\'s lockdown policy, to every lockdown principal or as the SCP', () => {
    const critical = requiredPostures(base, 'critical').filter((p) => p.kind === 'attach-lockdown');
    expect(critical).toEqual([{ kind: 'attach-lockdown', target: 'role/DataScientist', posture: 'budget-guardrails-lockdown-critical', since: 'critical' }]);
    const scp: AccountPolicy = { ...base, enforcement: { ...base.enforcement, lockdownOn: { via: 'scp', users: [], groups: [], roles: [] } } };
    expect(requiredPostures(scp, 'shutdown').filter((p) => p.kind === 'attach-scp'))
      .toEqual([{ kind: 'attach-scp', target: base.id, posture: lockdownScpNameFor(scp, 'shutdown'), since: 'critical' }]);
  });
});

describe('planPosture', () => {
  it('after any sequence of states, the records equal what the last state requires and replanning is empty', () => {
    fc.assert(fc.property(policyArb, fc.array(stateArb, { minLength: 1, maxLength: 6 }), (policy, states) => {
      let recorded: RecordedPosture[] = [];
      for (const state of states) {
        const plan = planPosture({ policy, state, month: MONTH, recorded });
        recorded = recordAfter(recorded, plan);
        expect(keyed(recorded)).toEqual(keyed(requiredPostures(policy, state)));
        // Applying twice equals applying once.
        expect(planPosture({ policy, state, month: MONTH, recorded })).toEqual([]);
      }
    }));
  });

  it('from a higher to a lower state, reverts exactly what is no longer required', () => {
    fc.assert(fc.property(policyArb, stateArb, stateArb, (policy, x, y) => {
      const [high, low] = severity(x) >= severity(y) ? [x, y] : [y, x];
      const recorded = asRecorded(policy, high, MONTH);
      const plan = planPosture({ policy, state: low, month: MONTH, recorded });
      const lowKeys = new Set(requiredPostures(policy, low).map(postureKey));
      const expectedReverts = requiredPostures(policy, high).filter((p) => !lowKeys.has(postureKey(p))).map(postureKey).sort();
      expect(plan.filter((a) => a.direction === 'revert').map(postureKey).sort()).toEqual(expectedReverts);
      // Only a posture change (the lockdown policy of the lower state) is applied on the way down.
      for (const a of plan.filter((p) => p.direction === 'apply')) {
        expect(['attach-lockdown', 'attach-scp']).toContain(a.kind);
        expect(a.from).not.toBe(a.to);
      }
    }));
  });

  it('in a new month, reverts everything of the earlier month', () => {
    fc.assert(fc.property(policyArb, stateArb, stateArb, (policy, last, now) => {
      const recorded = asRecorded(policy, last, '2026-10');
      const plan = planPosture({ policy, state: now, month: MONTH, recorded });
      const reverts = plan.filter((a) => a.direction === 'revert');
      expect(reverts.map(postureKey).sort()).toEqual(recorded.map(postureKey).sort());
      expect(reverts.every((a) => a.month === '2026-10')).toBe(true);
      expect(plan.filter((a) => a.direction === 'apply').map(postureKey).sort())
        .toEqual(requiredPostures(policy, now).map(postureKey).sort());
      // Reverts come first, so a target required again is restored before it is enforced anew.
      expect(plan.slice(0, reverts.length)).toEqual(reverts);
    }));
  });

  it('plans a pending (unfinished or failed) record again', () => {
    const recorded = asRecorded(base, 'critical', MONTH).map((r, i) => (i === 0 ? { ...r, pending: true } : r));
    const plan = planPosture({ policy: base, state: 'critical', month: MONTH, recorded });
    expect(plan).toEqual([expect.objectContaining({ kind: recorded[0].kind, target: recorded[0].target, direction: 'apply' })]);
  });
});

describe('simulatePosture', () => {
  it('lists the actions a state takes on an untouched account', () => {
    expect(simulatePosture(base, 'under')).toEqual([]);
    expect(simulatePosture(base, 'critical')).toEqual([
      { kind: 'attach-lockdown', target: 'role/DataScientist', from: 'none', to: 'budget-guardrails-lockdown-critical' },
      { kind: 'stop-instances', target: 'team=data-science', region: 'us-east-1', from: 'running', to: 'stopped' },
      { kind: 'stop-instances', target: 'team=data-science', region: 'us-west-2', from: 'running', to: 'stopped' },
    ]);
  });
});
