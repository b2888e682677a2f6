/**
 * The budget state of an account for one month, at (ACCOUNT#<id>, STATE#<yyyy-mm>). Every write is
 * conditional on the version read, so two evaluations racing on the same input cannot both
 * record (and announce) the same change. The announced event is stored with the state and marked
 * published once it is on the bus, so a crash in between is repaired by the next run. Alert
 * thresholds announced this month (`alerted`) and their `Budget Threshold Crossed` details
 * (`alertEvents`, `alertsPublished`) ride on the same versioned item in the same way.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BudgetState, StateEvidence } from '../../core/budget/state';
import type { BudgetStateChanged, BudgetThresholdCrossed } from '../../core/events/schemas';
import { stateKey } from '../../core/storage/keys';

export interface StoredState {
  readonly state: BudgetState;
  /** The lowest state billing alarms proved for this month (actual spend only grows). */
  readonly floor: BudgetState;
  readonly actualUsd: number | null;
  readonly forecastUsd: number | null;
  readonly targetUsd: number;
  readonly reason: string;
  /** Which evidence decided the state (absent on items written before it was recorded). */
  readonly decidedBy?: StateEvidence;
  readonly evaluatedAt: string;
  readonly changedAt: string;
  readonly version: number;
  /** The `Budget State Changed` detail of the last change, and whether it reached the bus. */
  readonly event?: BudgetStateChanged;
  readonly published: boolean;
  /** Alert thresholds announced this month against `targetUsd` (`actual:80`, `forecast:100`). */
  readonly alerted?: readonly string[];
  /** The `Budget Threshold Crossed` details of the last announcement, and whether they reached the bus. */
  readonly alerts?: readonly BudgetThresholdCrossed[];
  readonly alertsPublished?: boolean;
}

export type StateWrite = Omit<StoredState, 'version'>;

export class StateStore {
  constructor(private readonly ddb: DynamoDBDocumentClient, private readonly table: string) {}

  async get(accountId: string, month: string): Promise<StoredState | undefined> {
    const out = await this.ddb.send(new GetCommand({ TableName: this.table, Key: stateKey(accountId, month), ConsistentRead: true }));
    if (!out.Item) return undefined;
    const { event, alertEvents, ...rest } = out.Item as Record<string, unknown>;
    return {
      ...(rest as unknown as StoredState),
      event: typeof event === 'string' ? (JSON.parse(event) as BudgetStateChanged) : undefined,
      alerts: typeof alertEvents === 'string' ? (JSON.parse(alertEvents) as BudgetThresholdCrossed[]) : undefined,
    };
  }

  /** Writes version `expected + 1`; false when someone else wrote first (re-read and decide again). */
  async save(accountId: string, month: string, next: StateWrite, expectedVersion: number | undefined): Promise<{ saved: boolean; version: number }> {
    const version = (expectedVersion ?? 0) + 1;
    const { event, alerts, ...rest } = next;
    try {
      await this.ddb.send(new PutCommand({
        TableName: this.table,
        Item: {
          ...stateKey(accountId, month), ...rest,
          ...(event ? { event: JSON.stringify(event) } : {}),
          ...(alerts && alerts.length > 0 ? { alertEvents: JSON.stringify(alerts) } : {}),
          version,
        },
        ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(pk)' : '#version = :expected',
        ...(expectedVersion === undefined ? {} : {
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      }));
      return { saved: true, version };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || (error as Error).name === 'ConditionalCheckFailedException') return { saved: false, version };
      throw error;
    }
  }

  /** Marks the stored event as on the bus; a newer version (a newer change) makes this a no-op. */
  async markPublished(accountId: string, month: string, version: number): Promise<void> {
    await this.markTrue(accountId, month, version, 'published');
  }

  /** Marks the stored threshold alerts as on the bus; a newer version makes this a no-op. */
  async markAlertsPublished(accountId: string, month: string, version: number): Promise<void> {
    await this.markTrue(accountId, month, version, 'alertsPublished');
  }

  private async markTrue(accountId: string, month: string, version: number, attribute: 'published' | 'alertsPublished'): Promise<void> {
    try {
      await this.ddb.send(new UpdateCommand({
        TableName: this.table,
        Key: stateKey(accountId, month),
        UpdateExpression: `SET ${attribute} = :true`,
        ConditionExpression: '#version = :version',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':true': true, ':version': version },
      }));
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }
}
