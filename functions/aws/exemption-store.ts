/**
 * Break-glass exemptions in the hub table (core/storage/keys.ts: EXEMPT#<kind>), one per account
 * and resource kind (or `all`). A new exemption of the same kind replaces the old one. The table's
 * TTL removes an item a week after its end; the enforcer never relies on that (DynamoDB deletes
 * expired items only within a few days) and checks `until` itself.
 */
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ExemptKind, Exemption } from '../../core/gate/types';
import { EXEMPTION_SK_PREFIX, TTL_ATTRIBUTE, accountPk, exemptionKey } from '../../core/storage/keys';
import { conditionally } from './conditional';
import { queryAll } from './query-all';

export const EXEMPTION_RETENTION_DAYS = 7;

export const exemptionExpiry = (until: string) => Math.floor(Date.parse(until) / 1000) + EXEMPTION_RETENTION_DAYS * 86_400;

export class ExemptionStore {
  constructor(private readonly ddb: DynamoDBDocumentClient, private readonly table: string) {}

  async list(accountId: string): Promise<Exemption[]> {
    const items = await queryAll(this.ddb, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': accountPk(accountId), ':prefix': EXEMPTION_SK_PREFIX },
      ConsistentRead: true,
    });
    return items.map(({ pk: _pk, sk: _sk, [TTL_ATTRIBUTE]: _ttl, ...rest }) => rest as unknown as Exemption);
  }

  /** Writes (or replaces) the exemption of its kind, not yet announced. */
  async put(e: Omit<Exemption, 'status' | 'announcedStart'>): Promise<Exemption> {
    const item: Exemption = { ...e, status: 'active', announcedStart: false };
    await this.ddb.send(new PutCommand({
      TableName: this.table,
      Item: { ...exemptionKey(e.accountId, e.kind), ...item, [TTL_ATTRIBUTE]: exemptionExpiry(e.until) },
    }));
    return item;
  }

  /** Marks it announced; false when it was replaced or ended meanwhile. */
  async markStarted(e: Pick<Exemption, 'accountId' | 'kind' | 'until' | 'createdAt'>): Promise<boolean> {
    return this.update(e, 'SET #announcedStart = :true', { '#announcedStart': 'announcedStart' }, { ':true': true });
  }

  /** Ends it once: false when someone else ended (or replaced) it first. */
  async end(e: Pick<Exemption, 'accountId' | 'kind' | 'until' | 'createdAt'>): Promise<boolean> {
    return this.update(e, 'SET #status = :ended', {}, { ':ended': 'ended' });
  }

  private update(e: Pick<Exemption, 'accountId' | 'kind' | 'until' | 'createdAt'>, expression: string, names: Record<string, string>, values: Record<string, unknown>) {
    return conditionally(() => this.ddb.send(new UpdateCommand({
      TableName: this.table,
      Key: exemptionKey(e.accountId, e.kind as ExemptKind),
      UpdateExpression: expression,
      ConditionExpression: '#status = :active AND #createdAt = :createdAt',
      ExpressionAttributeNames: { '#status': 'status', '#createdAt': 'createdAt', ...names },
      ExpressionAttributeValues: { ':active': 'active', ':createdAt': e.createdAt, ...values },
    })));
  }
}
