/**
 * The enforcer's ledger, the state store, the runtime ledger, the runtime action records and the
 * audit trail against a real DynamoDB API (dynalite on loopback): condition expressions, unused
 * expression values, paginated queries (1 MB pages), TTL attributes and concurrent writers behave
 * as DynamoDB's do. Then the in-memory ledger the benchmarks use is proven to agree with
 * DynamoLedger on random operation sequences.
 */
import fc from 'fast-check';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { BudgetState } from '../../core/budget/state';
import type { BudgetStateChanged } from '../../core/events/schemas';
import type { PlannedAction } from '../../core/posture/types';
import { emptyLedger } from '../../core/runtime/ledger';
import { TTL_ATTRIBUTE, auditKey, enforcementLeaseKey } from '../../core/storage/keys';
import { DynamoLedger, Ledger, activePostures } from '../../functions/aws/action-ledger';
import { AUDIT_RETENTION_DAYS, AuditLog } from '../../functions/aws/audit-log';
import { RuntimeActionStore } from '../../functions/aws/runtime-action-store';
import { LedgerConflictError, RuntimeLedgerStore } from '../../functions/aws/runtime-ledger-store';
import { StateStore, StateWrite } from '../../functions/aws/state-store';
import { MemoryLedger } from '../../bench/lib/memory-ledger';
import { startDynalite, type Dynalite } from '../support/dynalite';

const ACCOUNT = '222222222222';
const NOW = new Date('2026-11-10T12:00:00Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);

let db: Dynalite;
let table: string;
beforeAll(async () => { db = await startDynalite(); });
beforeEach(async () => { table = await db.createHubTable(); });
afterAll(async () => db.stop());

const scale: PlannedAction = { kind: 'scale-to-zero', target: 'web', region: 'us-east-1', from: 'recorded size', to: '0/0/0', direction: 'apply', month: '2026-11' };
const revertOf = (a: PlannedAction): PlannedAction => ({ ...a, direction: 'revert', from: a.to, to: a.from });
const claim = (token: string, now = NOW, reassert = false) => ({ token, state: 'shutdown' as BudgetState, now, reassert });

describe('DynamoLedger on dynalite', () => {
  it('lets exactly one of many concurrent runs claim a record, and only that run writes prior values and the result', async () => {
    const ledger = new DynamoLedger(db.doc, table);
    const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => ledger.claim(ACCOUNT, scale, claim(`t${i}`))));
    expect(claims.filter((c) => c.claimed)).toHaveLength(1);
    const winner = `t${claims.findIndex((c) => c.claimed)}`;
    const loser = winner === 't0' ? 't1' : 't0';
    await expect(ledger.remember(ACCOUNT, scale, loser, { min: 9, max: 9, desired: 9 })).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    await ledger.remember(ACCOUNT, scale, winner, { min: 2, max: 6, desired: 3 });
    await ledger.complete(ACCOUNT, scale, winner, { outcome: 'applied', from: '2/6/3', to: '0/0/0' }, NOW);
    // Done: the same change is not claimed again, except by the reconcile, which sees the prior values.
    expect(await ledger.claim(ACCOUNT, scale, claim('again'))).toEqual({ claimed: false });
    expect(await ledger.claim(ACCOUNT, scale, claim('reconcile', later(1000), true))).toEqual({ claimed: true, prior: { min: 2, max: 6, desired: 3 } });
  });

  it('takes over an intent only once it is 15 minutes old, and hands the last error to the next run', async () => {
    const ledger = new DynamoLedger(db.doc, table);
    expect((await ledger.claim(ACCOUNT, scale, claim('a'))).claimed).toBe(true);
    expect((await ledger.claim(ACCOUNT, scale, claim('b', later(14 * 60_000)))).claimed).toBe(false);
    expect((await ledger.claim(ACCOUNT, scale, claim('b', later(16 * 60_000)))).claimed).toBe(true);
    await ledger.fail(ACCOUNT, scale, 'b', 'AccessDenied: no', later(16 * 60_000));
    expect(await ledger.claim(ACCOUNT, scale, claim('c', later(17 * 60_000)))).toEqual({ claimed: true, prior: undefined, lastError: 'AccessDenied: no' });
  });

  it('reads a month of records page by page (1 MB pages) and forgets prior values after a completed revert', async () => {
    const ledger = new DynamoLedger(db.doc, table);
    const big = 'x'.repeat(300 * 1024);
    for (let i = 0; i < 5; i++) {
      const a = { ...scale, target: `web-${i}` };
      await ledger.claim(ACCOUNT, a, claim(`t${i}`));
      await ledger.remember(ACCOUNT, a, `t${i}`, { min: i, max: 6, desired: 3, note: big });
      await ledger.complete(ACCOUNT, a, `t${i}`, { outcome: 'applied' }, NOW);
    }
    const records = await ledger.records(ACCOUNT, '2026-11');
    expect(records.map((r) => r.target).sort()).toEqual(['web-0', 'web-1', 'web-2', 'web-3', 'web-4']);
    const r0 = { ...scale, target: 'web-0' };
    await ledger.claim(ACCOUNT, revertOf(r0), claim('r'));
    await ledger.complete(ACCOUNT, revertOf(r0), 'r', { outcome: 'applied' }, NOW);
    expect(activePostures(await ledger.records(ACCOUNT, '2026-11'))).toHaveLength(4);
    expect(await ledger.claim(ACCOUNT, r0, claim('fresh'))).toEqual({ claimed: true, prior: undefined });
  });

  it('orders state events by time, and remembers the state acted on', async () => {
    const ledger = new DynamoLedger(db.doc, table);
    expect(await ledger.advanceState(ACCOUNT, '2026-11', 'critical', '2026-11-10T10:00:00Z', 'e1')).toBe(true);
    expect(await ledger.advanceState(ACCOUNT, '2026-11', 'over', '2026-11-10T09:00:00+00:00', 'e0')).toBe(false);
    expect(await ledger.advanceState(ACCOUNT, '2026-11', 'shutdown', '2026-11-10T11:00:00Z', 'e2')).toBe(true);
    expect(await ledger.actedState(ACCOUNT, '2026-11')).toEqual({ state: 'shutdown', at: '2026-11-10T11:00:00.000Z' });
  });

  it('grants the account lease to one holder at a time, until it expires or is released; the item carries a TTL', async () => {
    const ledger = new DynamoLedger(db.doc, table);
    const results = await Promise.all(['a', 'b', 'c'].map((h) => ledger.acquireLease(ACCOUNT, h, NOW, 60_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const holder = ['a', 'b', 'c'][results.indexOf(true)];
    const other = holder === 'a' ? 'b' : 'a';
    expect(await ledger.acquireLease(ACCOUNT, holder, later(1000), 60_000)).toBe(true); // renewal
    await ledger.releaseLease(ACCOUNT, other); // not the holder: no effect
    expect(await ledger.acquireLease(ACCOUNT, other, later(2000), 60_000)).toBe(false);
    const { Item } = await db.doc.send(new GetCommand({ TableName: table, Key: enforcementLeaseKey(ACCOUNT) }));
    expect(Item?.[TTL_ATTRIBUTE]).toBeGreaterThan(NOW.getTime() / 1000);
    expect(await ledger.acquireLease(ACCOUNT, other, later(62_000), 60_000)).toBe(true); // expired
    await ledger.releaseLease(ACCOUNT, other);
    expect(await ledger.acquireLease(ACCOUNT, holder, later(63_000), 60_000)).toBe(true);
  });

  it('keeps the policy of an account it acted on until told to forget it', async () => {
    const ledger = new DynamoLedger(db.doc, table);
    const policy = { id: ACCOUNT, name: 'data-science' } as never;
    await ledger.noteAccount(policy, NOW);
    expect(await ledger.recordedAccounts()).toEqual([policy]);
    await ledger.forgetAccount(ACCOUNT);
    expect(await ledger.recordedAccounts()).toEqual([]);
  });
});

describe('StateStore, runtime stores and the audit trail on dynalite', () => {
  const write = (state: BudgetState): StateWrite => ({
    state, floor: 'under', actualUsd: 10, forecastUsd: 20, targetUsd: 100, reason: 'test', evaluatedAt: NOW.toISOString(), changedAt: NOW.toISOString(),
    event: { accountId: ACCOUNT, state } as unknown as BudgetStateChanged, published: false,
  });

  it('state: the first write and every later one are conditional on the version read; one of two racing writers wins', async () => {
    const states = new StateStore(db.doc, table);
    expect(await states.save(ACCOUNT, '2026-11', write('under'), undefined)).toEqual({ saved: true, version: 1 });
    expect((await states.save(ACCOUNT, '2026-11', write('over'), undefined)).saved).toBe(false);
    const race = await Promise.all([states.save(ACCOUNT, '2026-11', write('over'), 1), states.save(ACCOUNT, '2026-11', write('critical'), 1)]);
    expect(race.filter((r) => r.saved)).toHaveLength(1);
    await states.markPublished(ACCOUNT, '2026-11', 1); // an older version: no effect, no error
    await states.markPublished(ACCOUNT, '2026-11', 2);
    expect(await states.get(ACCOUNT, '2026-11')).toMatchObject({ version: 2, published: true, event: { accountId: ACCOUNT } });
  });

  it('runtime ledger: optimistic versioning refuses a stale writer', async () => {
    const store = new RuntimeLedgerStore(db.doc, table);
    const first = await store.put({ ledger: emptyLedger(ACCOUNT, '2026-11', 'gpu', 60_000), version: 0, scheduledAt: null, enforcedAt: null, forecastFor: 'i-1' }, NOW.getTime() / 1000);
    await expect(store.put({ ledger: emptyLedger(ACCOUNT, '2026-11', 'gpu', 60_000), version: 0, scheduledAt: null, enforcedAt: null }, NOW.getTime() / 1000))
      .rejects.toBeInstanceOf(LedgerConflictError);
    await store.put(first, NOW.getTime() / 1000 + 60);
    await expect(store.put(first, NOW.getTime() / 1000 + 120)).rejects.toBeInstanceOf(LedgerConflictError);
    expect(await store.get(ACCOUNT, '2026-11', 'gpu')).toMatchObject({ version: 2, forecastFor: 'i-1' });
  });

  it('runtime action records: every group\'s records of a month, filtered from the enforcer\'s in the same key space', async () => {
    const actions = new RuntimeActionStore(db.doc, table);
    const ledger = new DynamoLedger(db.doc, table);
    await ledger.claim(ACCOUNT, scale, claim('t'));
    for (const group of ['gpu', 'removed-group']) {
      await actions.put({ kind: 'detach-policy', target: `runtime:${group}:user/U:arn`, group, accountId: ACCOUNT, month: '2026-11', prior: { attached: true }, status: 'applied', appliedAt: NOW.toISOString() });
    }
    expect((await actions.listAll(ACCOUNT, '2026-11')).map((r) => r.group).sort()).toEqual(['gpu', 'removed-group']);
    expect((await ledger.records(ACCOUNT, '2026-11')).map((r) => r.kind)).toEqual(['scale-to-zero']);
  });

  it('audit: one item per event id (a redelivery overwrites it), expiring through the table TTL', async () => {
    const audit = new AuditLog(db.doc, table);
    const entry = { accountId: ACCOUNT, eventId: 'ev-1', at: NOW.toISOString(), detailType: 'Guardrail Action Taken', detail: { a: 1 } };
    await audit.record(entry);
    await audit.record(entry);
    const { Item } = await db.doc.send(new GetCommand({ TableName: table, Key: auditKey(ACCOUNT, NOW.toISOString(), 'ev-1') }));
    expect(Item?.[TTL_ATTRIBUTE]).toBe(NOW.getTime() / 1000 + AUDIT_RETENTION_DAYS * 86_400);
  });
});

/** One ledger operation, applied the same way to both implementations. */
type Op =
  | { op: 'claim'; target: number; direction: 'apply' | 'revert'; posture: number; token: number; minutes: number; reassert: boolean }
  | { op: 'remember'; target: number; direction: 'apply' | 'revert'; posture: number; token: number; value: number }
  | { op: 'complete' | 'fail'; target: number; direction: 'apply' | 'revert'; posture: number; token: number; minutes: number }
  | { op: 'advance'; state: BudgetState; minutes: number }
  | { op: 'lease' | 'release'; holder: number; minutes: number };

const POSTURES = ['0/0/0', 'budget-guardrails-lockdown-critical', 'budget-guardrails-lockdown-shutdown'];
const actionOf = (o: { target: number; direction: 'apply' | 'revert'; posture: number }): PlannedAction => {
  const to = POSTURES[o.posture];
  return o.direction === 'apply'
    ? { kind: 'attach-lockdown', target: `role/R${o.target}`, from: 'none', to, direction: 'apply', month: '2026-11' }
    : { kind: 'attach-lockdown', target: `role/R${o.target}`, from: to, to: 'none', direction: 'revert', month: '2026-11' };
};

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('claim' as const), target: fc.nat(2), direction: fc.constantFrom('apply' as const, 'revert' as const), posture: fc.nat(2), token: fc.nat(3), minutes: fc.nat(40), reassert: fc.boolean() }),
  fc.record({ op: fc.constant('remember' as const), target: fc.nat(2), direction: fc.constantFrom('apply' as const, 'revert' as const), posture: fc.nat(2), token: fc.nat(3), value: fc.nat(9) }),
  fc.record({ op: fc.constantFrom('complete' as const, 'fail' as const), target: fc.nat(2), direction: fc.constantFrom('apply' as const, 'revert' as const), posture: fc.nat(2), token: fc.nat(3), minutes: fc.nat(40) }),
  fc.record({ op: fc.constant('advance' as const), state: fc.constantFrom<BudgetState>('over', 'critical', 'shutdown'), minutes: fc.nat(40) }),
  fc.record({ op: fc.constantFrom('lease' as const, 'release' as const), holder: fc.nat(2), minutes: fc.nat(40) }),
);

async function run(ledger: Ledger, op: Op): Promise<unknown> {
  const at = (m: number) => later(m * 60_000);
  try {
    switch (op.op) {
      case 'claim': return await ledger.claim(ACCOUNT, actionOf(op), { token: `t${op.token}`, state: 'critical', now: at(op.minutes), reassert: op.reassert });
      case 'remember': return await ledger.remember(ACCOUNT, actionOf(op), `t${op.token}`, { v: op.value });
      case 'complete': return await ledger.complete(ACCOUNT, actionOf(op), `t${op.token}`, { outcome: 'applied' }, at(op.minutes));
      case 'fail': return await ledger.fail(ACCOUNT, actionOf(op), `t${op.token}`, 'boom', at(op.minutes));
      case 'advance': return await ledger.advanceState(ACCOUNT, '2026-11', op.state, at(op.minutes).toISOString(), 'e');
      case 'lease': return await ledger.acquireLease(ACCOUNT, `h${op.holder}`, at(op.minutes), 10 * 60_000);
      case 'release': return await ledger.releaseLease(ACCOUNT, `h${op.holder}`);
    }
  } catch (error) {
    return { error: (error as Error).name };
  }
}

/** The records as the planner and the reset see them, in a stable order. */
const view = async (ledger: Ledger) => (await ledger.records(ACCOUNT, '2026-11'))
  .map(({ kind, target, month, posture, direction, status, prior, outcome, error }) => ({ kind, target, month, posture, direction, status, prior, outcome, error }))
  .sort((a, b) => a.target.localeCompare(b.target));

describe('the in-memory ledger (benchmarks) agrees with DynamoLedger on dynalite', () => {
  it('gives the same answers and leaves the same records for random operation sequences', async () => {
    await fc.assert(fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
      const dynamo = new DynamoLedger(db.doc, await db.createHubTable());
      const memory = new MemoryLedger();
      for (const op of ops) {
        expect({ op, result: await run(memory, op) }).toEqual({ op, result: await run(dynamo, op) });
      }
      expect(await view(memory)).toEqual(await view(dynamo));
      expect(await memory.actedState(ACCOUNT, '2026-11')).toEqual(await dynamo.actedState(ACCOUNT, '2026-11'));
    }), { numRuns: 60 });
  });
});
