/**
 * Held actions in the hub table (core/storage/keys.ts: HOLD#<month>#<state>), one item per account,
 * month and gated state. Every change is a conditional write on the hold's id and status, so an
 * approval racing with a state change (which cancels the hold) has exactly one winner, and a hold
 * is created once however many enforcer runs see the state at the same time.
 */
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { EnforcedState } from '../../core/catalog/types';
import type { Hold, HoldStatus } from '../../core/gate/types';
import { TTL_ATTRIBUTE, holdKey, holdSkPrefix } from '../../core/storage/keys';
import { conditionally } from './conditional';
import { queryAll } from './query-all';

/** Holds expire (TTL) this long after the end of their month; they mean nothing once it is over. */
export const HOLD_RETENTION_DAYS = 35;

const KEY_FIELDS = ['pk', 'sk', TTL_ATTRIBUTE] as const;

export function holdExpiry(month: string): number {
  const [y, m] = month.split('-').map(Number);
  return Math.floor(Date.UTC(y, m, 1) / 1000) + HOLD_RETENTION_DAYS * 86_400;
}

const toHold = (item: Record<string, unknown>): Hold => {
  const out = { ...item };
  for (const k of KEY_FIELDS) delete out[k];
  return out as unknown as Hold;
};

type Settable = Pick<Hold, 'status' | 'holdId' | 'postponedUntil' | 'decidedBy' | 'decidedAt' | 'announced' | 'scheduledFor' | 'createdAt'>;
/** The fields a transition sets; null removes the attribute. */
export type HoldChange = { readonly [K in keyof Settable]?: Settable[K] | null };

export class HoldStore {
  constructor(private readonly ddb: DynamoDBDocumentClient, private readonly table: string) {}

  async list(accountId: string, month: string): Promise<Hold[]> {
    const items = await queryAll(this.ddb, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': holdKey(accountId, month, '').pk, ':prefix': holdSkPrefix(month) },
      ConsistentRead: true,
    });
    return items.map(toHold);
  }

  async get(accountId: string, month: string, state: EnforcedState): Promise<Hold | undefined> {
    const out = await this.ddb.send(new GetCommand({ TableName: this.table, Key: holdKey(accountId, month, state), ConsistentRead: true }));
    return out.Item ? toHold(out.Item) : undefined;
  }

  /** Creates the hold; false when a live one (anything but cancelled) exists for that month and state. */
  async create(hold: Hold): Promise<boolean> {
    return conditionally(() => this.ddb.send(new PutCommand({
      TableName: this.table,
      Item: { ...holdKey(hold.accountId, hold.month, hold.state), ...hold, [TTL_ATTRIBUTE]: holdExpiry(hold.month) },
      ConditionExpression: 'attribute_not_exists(pk) OR #status = :cancelled',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':cancelled': 'cancelled' },
    })));
  }

  /**
   * Changes the hold named by `holdId` if its status is one of `from`; false when the hold was
   * replaced, or its status moved on (another decision, or a cancellation, won).
   */
  async transition(h: Pick<Hold, 'accountId' | 'month' | 'state' | 'holdId'>, from: readonly HoldStatus[], change: HoldChange): Promise<boolean> {
    const entries = Object.entries(change).filter(([, v]) => v !== undefined);
    const names: Record<string, string> = { '#holdId': 'holdId', '#status': 'status' };
    const values: Record<string, unknown> = { ':expectedHoldId': h.holdId };
    for (const [k] of entries) names[`#${k}`] = k;
    const sets = entries.filter(([, v]) => v !== null).map(([k, v]) => {
      values[`:${k}`] = v;
      return `#${k} = :${k}`;
    });
    const removes = entries.filter(([, v]) => v === null).map(([k]) => `#${k}`);
    const statuses = from.map((s, i) => {
      values[`:from${i}`] = s;
      return `:from${i}`;
    });
    return conditionally(() => this.ddb.send(new UpdateCommand({
      TableName: this.table,
      Key: holdKey(h.accountId, h.month, h.state),
      UpdateExpression: [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''].join(' ').trim(),
      ConditionExpression: `#holdId = :expectedHoldId AND #status IN (${statuses.join(', ')})`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    })));
  }
}
