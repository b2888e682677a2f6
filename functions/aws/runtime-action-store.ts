/**
 * Records of what the runtime meter changed at a group's limit, at actionKey(account, month,
 * kind, target) like every other enforcement, so the monthly reset can put it back exactly.
 * Items carry `origin: "runtime-meter"` and the group, so other restorers can tell them apart.
 */
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from './query-all';
import { accountPk, actionKey, actionSkPrefix } from '../../core/storage/keys';

export const RUNTIME_ORIGIN = 'runtime-meter';

export interface RuntimeActionRecord {
  readonly kind: 'stop-instances' | 'detach-policy';
  readonly target: string;
  readonly group: string;
  readonly accountId: string;
  readonly month: string;
  /** stop-instances: { region, instanceIds } stopped; detach-policy: { principal, policyArn, attached } before the change. */
  readonly prior: Record<string, unknown>;
  readonly status: 'applied' | 'reverted';
  readonly appliedAt: string;
  readonly revertedAt?: string;
  /** The last failure to apply or revert (announced once; the next run retries without a new message). */
  readonly lastFailure?: string;
}

export class RuntimeActionStore {
  constructor(private readonly ddb: DynamoDBDocumentClient, private readonly table: string) {}

  async get(accountId: string, month: string, kind: RuntimeActionRecord['kind'], target: string): Promise<RuntimeActionRecord | undefined> {
    const out = await this.ddb.send(new GetCommand({ TableName: this.table, Key: actionKey(accountId, month, kind, target), ConsistentRead: true }));
    return out.Item as RuntimeActionRecord | undefined;
  }

  async put(record: RuntimeActionRecord): Promise<void> {
    await this.ddb.send(new PutCommand({
      TableName: this.table,
      Item: { ...actionKey(record.accountId, record.month, record.kind, record.target), ...record, origin: RUNTIME_ORIGIN },
    }));
  }

  /** The runtime meter's records of a month, of every group (also of groups since removed from the catalog). */
  async listAll(accountId: string, month: string): Promise<RuntimeActionRecord[]> {
    return await queryAll(this.ddb, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: 'origin = :origin',
      ExpressionAttributeValues: { ':pk': accountPk(accountId), ':prefix': actionSkPrefix(month), ':origin': RUNTIME_ORIGIN },
      ConsistentRead: true,
    }) as unknown as RuntimeActionRecord[];
  }

  /** The runtime meter's records of a month for one group. */
  async list(accountId: string, month: string, group: string): Promise<RuntimeActionRecord[]> {
    return await queryAll(this.ddb, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: 'origin = :origin AND #group = :group',
      ExpressionAttributeNames: { '#group': 'group' },
      ExpressionAttributeValues: { ':pk': accountPk(accountId), ':prefix': actionSkPrefix(month), ':origin': RUNTIME_ORIGIN, ':group': group },
    }) as unknown as RuntimeActionRecord[];
  }
}
