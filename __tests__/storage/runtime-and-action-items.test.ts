/**
 * Item and key sizes against a real DynamoDB API (dynalite enforces the 400 KB item and 1,024-byte
 * sort key limits as DynamoDB does): the runtime ledger item stays bounded whatever the month's
 * churn, and action records with targets too long for a sort key are stored under a hash with the
 * full text kept.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { PlannedAction } from '../../core/posture/types';
import { FINISHED_FOLD_AFTER_SECONDS, RuntimeLedger, applyTransition, emptyLedger, usedSeconds } from '../../core/runtime/ledger';
import { monthStart } from '../../core/runtime/month';
import { MAX_SORT_KEY_BYTES, actionKey, runtimeKey } from '../../core/storage/keys';
import { DynamoLedger } from '../../functions/aws/action-ledger';
import { RuntimeActionStore } from '../../functions/aws/runtime-action-store';
import { RuntimeLedgerStore, StoredLedger } from '../../functions/aws/runtime-ledger-store';
import { RunningInstancesReader } from '../../functions/aws/running-instances';
import { startDynalite, type Dynalite } from '../support/dynalite';

const ACCOUNT = '222222222222';
const MONTH = '2026-11';
const START = monthStart(MONTH);
const ITEM_LIMIT = 400 * 1024;

let db: Dynalite;
let table: string;
beforeAll(async () => { db = await startDynalite(); table = await db.createHubTable(); });
afterAll(async () => db.stop());

/** DynamoDB's item size: attribute names plus values (strings and numbers as their UTF-8 text, roughly). */
const itemBytes = (item: Record<string, unknown>) => Buffer.byteLength(JSON.stringify(item), 'utf8');
const instanceId = (n: number) => `i-${n.toString(16).padStart(17, '0')}`;

async function meterMonth(group: string, launches: { at: number; runSeconds: number }[], writeEvery: number) {
  const store = new RuntimeLedgerStore(db.doc, table);
  let stored: StoredLedger = { ledger: emptyLedger(ACCOUNT, MONTH, group, 10_000_000 * 60), version: 0, scheduledAt: null, enforcedAt: null };
  const events = launches.flatMap((l, n) => [
    { at: l.at, transition: 'run' as const, n }, { at: l.at + l.runSeconds, transition: 'stop' as const, n },
  ]).sort((a, b) => a.at - b.at);
  let largest = 0;
  let nextWrite = START + writeEvery;
  const write = async (now: number) => {
    stored = await store.put(stored, now);
    const { Item } = await db.doc.send(new GetCommand({ TableName: table, Key: runtimeKey(ACCOUNT, MONTH, group) }));
    largest = Math.max(largest, itemBytes(Item!));
  };
  for (const e of events) {
    // Like the meter, a write at `now` follows every event up to `now`.
    while (e.at > nextWrite) {
      await write(nextWrite);
      nextWrite += writeEvery;
    }
    const applied = applyTransition(stored.ledger, {
      instanceId: instanceId(e.n), at: e.at, transition: e.transition, source: 'event', region: 'us-east-1', instanceType: 'g5.xlarge', hourlyUsd: 1.006,
    });
    stored = { ...stored, ledger: applied.ledger };
  }
  // Written again once the last instance has been stopped longer than the fold delay.
  await write(events[events.length - 1].at + FINISHED_FOLD_AFTER_SECONDS + 1);
  return { stored, largest };
}

describe('the runtime ledger item', () => {
  it('stays bounded through a month of 30,000 ten-minute instances, every write accepted, no second lost', async () => {
    const launches = Array.from({ length: 30_000 }, (_, n) => ({ at: START + Math.floor((n * 29 * 86_400) / 30_000), runSeconds: 600 }));
    const { stored, largest } = await meterMonth('churn', launches, 3_600);
    expect(usedSeconds(stored.ledger, START + 30 * 86_400)).toBe(30_000 * 600);
    expect(stored.ledger.finished?.instances).toBe(30_000);
    expect(Object.keys(stored.ledger.instances)).toHaveLength(0);
    expect(largest).toBeLessThan(50 * 1024);
    // The runtime-bound spend per UTC day survives every fold: one entry a day, no cent lost, read back by the evaluator's reader.
    const { Item } = await db.doc.send(new GetCommand({ TableName: table, Key: runtimeKey(ACCOUNT, MONTH, 'churn') }));
    const expected: Record<string, number> = {};
    for (const l of launches) {
      const day = new Date(l.at * 1000).toISOString().slice(0, 10);
      const end = new Date((l.at + l.runSeconds) * 1000).toISOString().slice(0, 10);
      const split = day === end ? l.runSeconds : Date.parse(`${end}T00:00:00Z`) / 1000 - l.at;
      expected[day] = (expected[day] ?? 0) + (split / 3600) * 1.006;
      if (day !== end) expected[end] = (expected[end] ?? 0) + ((l.runSeconds - split) / 3600) * 1.006;
    }
    expect(Object.keys(Item!.dailyUsd).sort()).toEqual(Object.keys(expected).sort());
    expect(Object.keys(Item!.dailyUsd).length).toBeLessThanOrEqual(31);
    for (const [day, usd] of Object.entries(expected)) expect(Item!.dailyUsd[day]).toBeCloseTo(usd, 1);
    const [group] = await new RunningInstancesReader(db.doc, table).groups(ACCOUNT, MONTH, new Date((START + 30 * 86_400) * 1000));
    expect(group).toMatchObject({ name: 'churn', pricesUsd: [], dailyUsd: Item!.dailyUsd });
  });

  it('a malformed dailyUsd fails loudly when the evaluator reads it (the last state is kept), naming the item and the day', async () => {
    const key = runtimeKey(ACCOUNT, '2026-10', 'bad-daily');
    await db.doc.send(new PutCommand({ TableName: table, Item: { ...key, group: 'bad-daily', dailyUsd: { '2026-10-03': '12' } } }));
    await expect(new RunningInstancesReader(db.doc, table).groups(ACCOUNT, '2026-10', new Date('2026-10-04T00:00:00Z')))
      .rejects.toThrow(/RUNTIME#2026-10#bad-daily: dailyUsd "2026-10-03": 12 must be a yyyy-mm-dd day mapped to USD 0 or more/);
  });

  it('stays under 400 KB through a burst of 6,000 five-minute instances within one hour (folded early, by size)', async () => {
    const launches = Array.from({ length: 6_000 }, (_, n) => ({ at: START + 86_400 + Math.floor(n / 2), runSeconds: 300 }));
    const { stored, largest } = await meterMonth('burst', launches, 300);
    expect(usedSeconds(stored.ledger, START + 2 * 86_400)).toBe(6_000 * 300);
    expect(largest).toBeLessThan(ITEM_LIMIT);
  });

  it('would not fit without folding: DynamoDB refuses the month\'s instances kept one by one', async () => {
    const instances: RuntimeLedger['instances'] = Object.fromEntries(Array.from({ length: 30_000 }, (_, n) => [instanceId(n), {
      region: 'us-east-1', instanceType: 'g5.xlarge', hourlyUsd: 1.006, base: { until: START, closedSeconds: 0, runningSince: null },
      events: [{ at: START + n, transition: 'run', source: 'event' }, { at: START + n + 600, transition: 'stop', source: 'event' }],
    }]));
    const ledger: RuntimeLedger = { ...emptyLedger(ACCOUNT, MONTH, 'unfolded', 60), instances };
    await expect(db.doc.send(new PutCommand({ TableName: table, Item: { ...runtimeKey(ACCOUNT, MONTH, 'unfolded'), ledger: JSON.stringify(ledger) } })))
      .rejects.toMatchObject({ name: 'ValidationException' });
  });
});

describe('action records with long targets', () => {
  // A stop selector of ten tags at IAM's longest key (128) and value (256): far over 1,024 bytes.
  const selector = Array.from({ length: 10 }, (_, i) => `${'k'.repeat(126)}${String(i).padStart(2, '0')}=${'v'.repeat(256)}`).join(',');

  it('are keyed by a hash within 1,024 bytes and keep the full target as an attribute (enforcer ledger)', async () => {
    const ledger = new DynamoLedger(db.doc, table);
    const action: PlannedAction = { kind: 'stop-instances', target: selector, region: 'eu-west-1', from: 'running', to: 'stopped', direction: 'apply', month: MONTH };
    expect(Buffer.byteLength(`ACTION#${MONTH}#stop-instances#${selector}`)).toBeGreaterThan(MAX_SORT_KEY_BYTES);
    expect(await ledger.claim(ACCOUNT, action, { token: 't1', state: 'critical', now: new Date('2026-11-20T10:00:00Z') })).toMatchObject({ claimed: true });
    const records = await ledger.records(ACCOUNT, MONTH);
    expect(records.map((r) => [r.target, r.region])).toEqual([[selector, 'eu-west-1']]);
    const key = actionKey(ACCOUNT, MONTH, 'stop-instances', `${selector}@eu-west-1`);
    expect(key.sk).toMatch(/^ACTION#2026-11#stop-instances#sha256:[0-9a-f]{64}$/);
    // The same action claims the same record again: the hash is stable.
    expect(await ledger.claim(ACCOUNT, action, { token: 't2', state: 'critical', now: new Date('2026-11-20T10:00:01Z') })).toEqual({ claimed: false });
  });

  it('are keyed by a hash for the runtime meter too, and read back by target', async () => {
    const store = new RuntimeActionStore(db.doc, table);
    const target = `runtime:gpu:role/TrainingRole:arn:aws:iam::${ACCOUNT}:policy/${'team-path/'.repeat(100)}AllowGpu`;
    await store.put({ kind: 'detach-policy', target, group: 'gpu', accountId: ACCOUNT, month: MONTH, status: 'applied', appliedAt: '2026-11-20T10:00:00Z', prior: { attached: true } });
    expect((await store.get(ACCOUNT, MONTH, 'detach-policy', target))?.target).toBe(target);
    expect((await store.list(ACCOUNT, MONTH, 'gpu')).map((r) => r.target)).toEqual([target]);
  });

  it('keep short targets readable in the key', () => {
    expect(actionKey(ACCOUNT, MONTH, 'scale-to-zero', 'web@us-east-1').sk).toBe('ACTION#2026-11#scale-to-zero#web@us-east-1');
  });
});
