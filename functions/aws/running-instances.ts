/**
 * Reads the hourly price of an account's costly instances running now, from the runtime ledger
 * items the runtime meter keeps at (ACCOUNT#<id>, RUNTIME#<yyyy-mm>#<group>).
 *
 * Expected attribute (docs/notifications.md): `running`, the instances running now, either a list
 * of `{ instanceId, hourlyUsd? }` or a map instanceId → `{ hourlyUsd? }`. An instance without a
 * price adds nothing; a malformed item fails loudly so the caller keeps the last state.
 * With `allowanceSeconds`, `usedSeconds` and `asOf` the group's remaining allowance caps what its
 * running instances can add to the forecast (core/forecast `runningTerms`). `dailyUsd` (UTC day →
 * USD, written by the runtime meter) is the group's runtime-bound spend, taken out of each day's
 * usage before the run-rate.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll } from './query-all';
import type { RunningGroup } from '../../core/forecast';
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

/** The group's runtime-bound spend per UTC day; a malformed entry fails loudly (the caller keeps the last state). */
function dailyOf(raw: unknown, where: string): Record<string, number> | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${where}: attribute "dailyUsd" must be a map of yyyy-mm-dd to USD`);
  return Object.fromEntries(Object.entries(raw as Record<string, unknown>).map(([day, value]) => {
    const usd = Number(value);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || typeof value !== 'number' || !Number.isFinite(usd) || usd < 0) {
      throw new Error(`${where}: dailyUsd "${day}": ${String(value)} must be a yyyy-mm-dd day mapped to USD 0 or more`);
    }
    return [day, usd];
  }));
}

/** Instance-seconds the group's allowance still permits at `now`: every running instance, priced or not, uses it. */
function remainingSeconds(item: Record<string, unknown>, running: number, now: Date, where: string): number | null {
  const allowance = item.allowanceSeconds;
  if (typeof allowance !== 'number') return null;
  const used = typeof item.usedSeconds === 'number' ? item.usedSeconds : 0;
  const asOf = typeof item.asOf === 'string' ? Date.parse(item.asOf) : NaN;
  if (item.asOf !== undefined && Number.isNaN(asOf)) throw new Error(`${where}: asOf "${String(item.asOf)}" is not an ISO time`);
  const since = Number.isNaN(asOf) ? 0 : Math.max(0, (now.getTime() - asOf) / 1000);
  return Math.max(0, allowance - used - since * running);
}

export class RunningInstancesReader {
  constructor(private readonly ddb: DynamoDBDocumentClient, private readonly table: string) {}

  private async items(accountId: string, month: string) {
    return queryAll(this.ddb, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': accountPk(accountId), ':prefix': `RUNTIME#${month}#` },
      ConsistentRead: true,
    });
  }

  async running(accountId: string, month: string): Promise<RunningPrice[]> {
    return (await this.items(accountId, month)).flatMap((item) => pricesOf(item[RUNNING_ATTRIBUTE], `${String(item.pk)}/${String(item.sk)}`));
  }

  /** Each runtime group with instances running now or spend this month: running prices, the allowance left, spend per day. */
  async groups(accountId: string, month: string, now: Date): Promise<RunningGroup[]> {
    return (await this.items(accountId, month)).flatMap((item) => {
      const where = `${String(item.pk)}/${String(item.sk)}`;
      const prices = pricesOf(item[RUNNING_ATTRIBUTE], where);
      const dailyUsd = dailyOf(item.dailyUsd, where);
      if (prices.length === 0 && !dailyUsd) return [];
      const name = typeof item.group === 'string' ? item.group : String(item.sk).split('#').slice(2).join('#');
      return [{
        name,
        pricesUsd: prices.flatMap((p) => (p.hourlyUsd === null ? [] : [p.hourlyUsd])),
        remainingSeconds: remainingSeconds(item, prices.length, now, where),
        ...(dailyUsd ? { dailyUsd } : {}),
      }];
    });
  }
}
