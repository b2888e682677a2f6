/** The items grace periods, approvals and exemptions write, against dynalite (DynamoDB's API and condition semantics). */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Hold } from '../../core/gate/types';
import { TTL_ATTRIBUTE, holdKey, usedTokenKey } from '../../core/storage/keys';
import { ExemptionStore } from '../../functions/aws/exemption-store';
import { HoldStore, holdExpiry } from '../../functions/aws/hold-store';
import { UsedTokens } from '../../functions/aws/used-tokens';
import { Dynalite, startDynalite } from '../support/dynalite';

let db: Dynalite;
let table: string;
beforeAll(async () => { db = await startDynalite(); });
beforeEach(async () => { table = await db.createHubTable(); });
afterAll(async () => db.stop());

const hold = (over: Partial<Hold> = {}): Hold => ({
  accountId: '333333333333', month: '2026-11', state: 'shutdown', holdId: 'h1', status: 'pending', createdAt: '2026-11-10T12:00:00.000Z',
  graceUntil: '2026-11-10T13:00:00.000Z', approval: true, announced: false,
  actions: [{ kind: 'scale-to-zero', target: 'web', region: 'us-east-1', from: 'recorded size', to: '0/0/0' }], ...over,
});

describe('holds', () => {
  it('are created once per account, month and state; a cancelled one can be replaced', async () => {
    const store = new HoldStore(db.doc, table);
    const [a, b] = await Promise.all([store.create(hold()), store.create(hold({ holdId: 'h2' }))]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    const winner = (await store.get('333333333333', '2026-11', 'shutdown'))!;
    expect(await store.transition(winner, ['pending'], { status: 'cancelled' })).toBe(true);
    expect(await store.create(hold({ holdId: 'h3' }))).toBe(true);
    expect(await store.get('333333333333', '2026-11', 'shutdown')).toMatchObject({ holdId: 'h3', status: 'pending' });
    expect(await store.list('333333333333', '2026-11')).toHaveLength(1);
    expect(await store.list('333333333333', '2026-12')).toEqual([]);
  });

  it('expire (TTL) 35 days after the end of their month', async () => {
    const store = new HoldStore(db.doc, table);
    await store.create(hold());
    const { Item } = await db.doc.send(new GetCommand({ TableName: table, Key: holdKey('333333333333', '2026-11', 'shutdown') }));
    expect(Item?.[TTL_ATTRIBUTE]).toBe(Date.UTC(2026, 11, 1) / 1000 + 35 * 86_400);
    expect(holdExpiry('2026-12')).toBe(Date.UTC(2027, 0, 1) / 1000 + 35 * 86_400);
  });

  it('change only when the hold id and status match, so one of two racing decisions wins; null removes an attribute', async () => {
    const store = new HoldStore(db.doc, table);
    await store.create(hold({ postponedUntil: '2026-11-11T12:00:00.000Z', status: 'postponed' }));
    const results = await Promise.all([
      store.transition(hold(), ['pending', 'postponed'], { status: 'approved', decidedBy: 'a' }),
      store.transition(hold(), ['pending', 'postponed'], { status: 'cancelled' }),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.transition(hold({ holdId: 'other' }), ['approved', 'cancelled'], { status: 'pending' })).toBe(false);
    const current = (await store.get('333333333333', '2026-11', 'shutdown'))!;
    expect(await store.transition(current, [current.status], { status: 'pending', postponedUntil: null })).toBe(true);
    const after = await store.get('333333333333', '2026-11', 'shutdown');
    expect(after).toMatchObject({ status: 'pending' });
    expect(after).not.toHaveProperty('postponedUntil');
  });
});

describe('exemptions', () => {
  const base = { accountId: '333333333333', kind: 'scale-to-zero' as const, until: '2026-11-10T14:00:00.000Z', reason: 'launch', by: 'ops', createdAt: '2026-11-10T12:00:00.000Z' };

  it('end once, even when two runs end them at the same time', async () => {
    const store = new ExemptionStore(db.doc, table);
    const e = await store.put(base);
    const ends = await Promise.all([store.end(e), store.end(e)]);
    expect(ends.filter(Boolean)).toHaveLength(1);
    expect(await store.markStarted(e)).toBe(false);
  });

  it('a new exemption of the same kind replaces the old; the old one can no longer be ended or announced', async () => {
    const store = new ExemptionStore(db.doc, table);
    const old = await store.put(base);
    await store.put({ ...base, until: '2026-11-12T00:00:00.000Z', createdAt: '2026-11-10T13:00:00.000Z' });
    expect(await store.end(old)).toBe(false);
    expect(await store.list('333333333333')).toEqual([expect.objectContaining({ until: '2026-11-12T00:00:00.000Z', status: 'active', announcedStart: false })]);
  });
});

describe('approval links', () => {
  it('are single use: the second use of a nonce fails its conditional write; the item expires with the link', async () => {
    const used = new UsedTokens(db.doc, table);
    const use = { at: '2026-11-10T12:00:00.000Z', expiresAtEpoch: 1_795_000_000, decision: 'approve', accountId: '333333333333' };
    const results = await Promise.all([used.consume('n-1', use), used.consume('n-1', use), used.consume('n-1', use)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await used.consume('n-2', use)).toBe(true);
    const { Item } = await db.doc.send(new GetCommand({ TableName: table, Key: usedTokenKey('n-1') }));
    expect(Item).toMatchObject({ decision: 'approve', [TTL_ATTRIBUTE]: 1_795_000_000 });
  });
});
