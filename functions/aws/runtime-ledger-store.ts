/**
 * The runtime ledger item at runtimeKey(account, month, group), with optimistic versioning: every
 * write is conditional on the version read, so concurrent invocations never lose an update.
 * Besides the ledger itself the item carries what the evaluator reads (see docs/runtime-budgets.md):
 * usedSeconds/asOf, `running` (instance → since, type, region, hourlyUsd), runningHourlyUsd and
 * `dailyUsd` (UTC day → runtime-bound USD this month, at most 31 entries, kept through folding).
 * Every write stores boundedLedger(): finished instances folded into the group totals, so the
 * item stays far below DynamoDB's 400 KB whatever the month's churn.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { RuntimeLedger, boundedLedger, dailySpendUsd, runningAt, runningHourlyUsd, usedSeconds } from '../../core/runtime/ledger';
import { isoOfSeconds } from '../../core/runtime/month';
import { runtimeKey } from '../../core/storage/keys';

export interface StoredLedger {
  readonly ledger: RuntimeLedger;
  /** 0 for an item not written yet. */
  readonly version: number;
  /** The exhaustion instant the stop schedule is set for, or null when none is set. */
  readonly scheduledAt: number | null;
  /** When the at-limit enforcement last completed this month. */
  readonly enforcedAt: number | null;
  /**
   * The running set (sorted instance ids, comma-joined) the evaluator was last asked to re-forecast
   * for; a request lost to a failure is re-sent by the next invocation, which sees it differ.
   */
  readonly forecastFor?: string | null;
}

export class LedgerConflictError extends Error {}

export class RuntimeLedgerStore {
  constructor(private readonly ddb: DynamoDBDocumentClient, private readonly table: string) {}

  async get(accountId: string, month: string, group: string): Promise<StoredLedger | undefined> {
    const out = await this.ddb.send(new GetCommand({ TableName: this.table, Key: runtimeKey(accountId, month, group), ConsistentRead: true }));
    const item = out.Item;
    if (!item) return undefined;
    return {
      ledger: JSON.parse(item.ledger as string) as RuntimeLedger,
      version: Number(item.version),
      scheduledAt: typeof item.scheduledAtEpoch === 'number' ? item.scheduledAtEpoch : null,
      enforcedAt: typeof item.enforcedAtEpoch === 'number' ? item.enforcedAtEpoch : null,
      forecastFor: typeof item.forecastFor === 'string' ? item.forecastFor : null,
    };
  }

  /** Writes version+1 if the stored version is still `stored.version`; throws LedgerConflictError otherwise. */
  async put(stored: StoredLedger, now: number): Promise<StoredLedger> {
    const ledger = boundedLedger(stored.ledger, now);
    const next = { ...stored, ledger, version: stored.version + 1 };
    const running = Object.fromEntries(runningAt(ledger, now).map((r) => [r.instanceId, {
      since: isoOfSeconds(r.since), region: r.region, instanceType: r.instanceType ?? null, hourlyUsd: r.hourlyUsd ?? null,
    }]));
    try {
      await this.ddb.send(new PutCommand({
        TableName: this.table,
        Item: {
          ...runtimeKey(ledger.accountId, ledger.month, ledger.group),
          accountId: ledger.accountId,
          month: ledger.month,
          group: ledger.group,
          version: next.version,
          allowanceSeconds: ledger.allowanceSeconds,
          usedSeconds: usedSeconds(ledger, now),
          asOf: isoOfSeconds(now),
          running,
          runningHourlyUsd: Math.round(runningHourlyUsd(ledger, now) * 10000) / 10000,
          dailyUsd: dailySpendUsd(ledger, now),
          crossedPct: ledger.crossedPct,
          limitReachedAt: ledger.limitReachedAt === null ? null : isoOfSeconds(ledger.limitReachedAt),
          scheduledAtEpoch: next.scheduledAt,
          enforcedAtEpoch: next.enforcedAt,
          forecastFor: next.forecastFor ?? null,
          ledger: JSON.stringify(ledger),
        },
        ConditionExpression: stored.version === 0 ? 'attribute_not_exists(pk)' : '#v = :v',
        ...(stored.version === 0 ? {} : { ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':v': stored.version } }),
      }));
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException || (err as Error).name === 'ConditionalCheckFailedException') {
        throw new LedgerConflictError(`runtime ledger ${ledger.accountId}/${ledger.month}/${ledger.group} changed concurrently (version ${stored.version})`);
      }
      throw err;
    }
    return next;
  }
}
