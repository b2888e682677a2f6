/**
 * Reads the hourly price of an account's costly instances running now, from the runtime ledger
 * items the runtime meter keeps at (ACCOUNT#<id>, RUNTIME#<yyyy-mm>#<group>).
 *
 * Expected attribute (docs/notifications.md): `running`, the instances running now, either a list
 * of `{ instanceId, hourlyUsd? }` or a map instanceId → `{ hourlyUsd? }`. An instance without a
 * price adds nothing; a malformed item fails loudly so the caller keeps the last state.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll } from './query-all';
import { accountPk } from '../../core/storage/keys';

export const RUNNING_ATTRIBUTE = 'running';

export interface RunningPrice {
  readonly instanceId: string;
  readonly hourlyUsd: number | null;
}

function pricesOf(raw: unknown, where: string): RunningPrice[] {
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== 'object') throw new Error(`${where}: attribute "${RUNNING_ATTRIBUTE}" must be a list or a map`);
  const entries: [string, unknown][] = Array.isArray(raw)
    ? raw.map((r, i) => [String((r as { instanceId?: unknown })?.instanceId ?? `#${i}`), r])
    : Object.entries(raw as Record<string, unknown>);
  return entries.map(([instanceId, value]) => {
    const price = (value as { hourlyUsd?: unknown } | null)?.hourlyUsd;
    if (price === undefined || price === null) return { instanceId, hourlyUsd: null };
    const usd = Number(price);
    if (!Number.isFinite(usd) || usd < 0) throw new Error(`${where}: ${instanceId}.hourlyUsd "${String(price)}" is not a price in USD`);
    return { instanceId, hourlyUsd: usd };
  });
}

export class RunningInstancesReader {
  constructor(private readonly ddb: DynamoDBDocumentClient, private readonly table: string) {}

  async running(accountId: string, month: string): Promise<RunningPrice[]> {
    const items = await queryAll(this.ddb, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': accountPk(accountId), ':prefix': `RUNTIME#${month}#` },
      ConsistentRead: true,
    });
    const prices = items.flatMap((item) => pricesOf(item[RUNNING_ATTRIBUTE], `${String(item.pk)}/${String(item.sk)}`));
    return prices;
  }

  async hourlyUsd(accountId: string, month: string): Promise<number> {
    return (await this.running(accountId, month)).reduce((sum, p) => sum + (p.hourlyUsd ?? 0), 0);
  }
}
