/**
 * The enforcer's records in the hub table (core/storage/keys.ts): one item per account, month,
 * kind and target holding the intent (claimed with a conditional write before acting), the prior
 * values saved before the change, and the result; plus the last state acted on per month.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from './query-all';
import type { BudgetState } from '../../core/budget/state';
import type { AccountPolicy } from '../../core/catalog/types';
import type { Direction, PlannedAction, PostureKind, RecordedPosture } from '../../core/posture/types';
import {
  RECORDED_PK, accountPk, actionKey, actionSkPrefix, enforcedStateKey, enforcementLeaseKey, recordedAccountKey,
} from '../../core/storage/keys';
import { RUNTIME_ORIGIN } from './runtime-action-store';
import { isError } from './aws-errors';
import { TTL_ATTRIBUTE } from '../../core/storage/keys';

/** An intent older than this is abandoned (the Lambda that claimed it is gone) and may be claimed again. */
export const INTENT_LEASE_MS = 15 * 60 * 1000;

export type RecordStatus = 'intent' | 'done' | 'failed';

export interface ActionRecord {
  readonly kind: PostureKind;
  readonly target: string;
  readonly region?: string;
  readonly month: string;
  /** The posture the guardrail puts in place (apply) or is taking away (revert). */
  readonly posture: string;
  readonly direction: Direction;
  readonly status: RecordStatus;
  readonly state: BudgetState;
  readonly prior?: unknown;
  readonly outcome?: string;
  readonly error?: string;
  readonly updatedAt: string;
}

export interface Claim {
  readonly token: string;
  readonly state: BudgetState;
  readonly now: Date;
  /** The periodic reconcile: a record already done with the same posture may be claimed again. */
  readonly reassert?: boolean;
}

export interface ClaimResult {
  readonly claimed: boolean;
  /** The saved prior values (see priorOf). */
  readonly prior?: unknown;
  /** The error of the last attempt, when it failed: the same failure again is not news. */
  readonly lastError?: string;
}

/** The state the enforcer last acted on in a month, and the time of that state's event. */
export interface ActedState {
  readonly state: BudgetState;
  readonly at: string;
}

export interface ActionResultRecord {
  readonly outcome: 'applied' | 'unchanged' | 'owner-changed';
  readonly from?: unknown;
  readonly to?: unknown;
}

/** What the enforcer and reset need from the ledger; DynamoLedger below, an in-memory one in tests. */
export interface Ledger {
  records(accountId: string, month: string): Promise<ActionRecord[]>;
  /** Conditional intent: false when another run holds it or the same change is already done. Returns the saved prior values. */
  claim(accountId: string, action: PlannedAction, claim: Claim): Promise<ClaimResult>;
  remember(accountId: string, action: PlannedAction, token: string, prior: unknown): Promise<void>;
  complete(accountId: string, action: PlannedAction, token: string, result: ActionResultRecord, now: Date): Promise<void>;
  fail(accountId: string, action: PlannedAction, token: string, error: string, now: Date): Promise<void>;
  /** Records the state acted on; false when a newer event was already acted on this month. */
  advanceState(accountId: string, month: string, state: BudgetState, at: string, eventId: string): Promise<boolean>;
  /** The state last acted on in the month (what the periodic reconcile re-applies). */
  actedState(accountId: string, month: string): Promise<ActedState | undefined>;
  /**
   * One enforcement at a time per account: takes the account's lease when it is free, expired, or
   * already held by `holder`, until `now + ttlMs`. False when another run holds it.
   */
  acquireLease(accountId: string, holder: string, now: Date, ttlMs: number): Promise<boolean>;
  /** Gives the lease back if `holder` still holds it. */
  releaseLease(accountId: string, holder: string): Promise<void>;
  /**
   * Keeps the policy of an account the guardrail acted on, so the reset can still restore it after
   * the account's file is deleted from the catalog.
   */
  noteAccount(policy: AccountPolicy, now: Date): Promise<void>;
  /** The policies kept by noteAccount. */
  recordedAccounts(): Promise<AccountPolicy[]>;
  /** Drops an account's kept policy once nothing of it is left to restore. */
  forgetAccount(accountId: string): Promise<void>;
}

/** The target as stored in the key: regional targets carry their region. */
export const ledgerTarget = (a: { target: string; region?: string }) => (a.region ? `${a.target}@${a.region}` : a.target);

/** The posture an action's record holds: the new one for apply, the one being taken away for revert. */
export const recordPosture = (a: PlannedAction) => (a.direction === 'apply' ? a.to : a.from);

/** The records still in force (or in doubt) as the planner sees them. */
export function activePostures(records: readonly ActionRecord[]): RecordedPosture[] {
  const out: RecordedPosture[] = [];
  for (const r of records) {
    if (r.direction === 'revert' && r.status === 'done') continue;
    const base = { kind: r.kind, target: r.target, posture: r.posture, month: r.month };
    const pending = r.direction === 'revert' || r.status !== 'done';
    out.push(r.region ? { ...base, region: r.region, pending } : { ...base, pending });
  }
  return out;
}

/** Prior values survive everything but a completed revert (after which the target is back to its own values). */
export const priorOf = (old: Partial<ActionRecord> | undefined) =>
  (old && !(old.direction === 'revert' && old.status === 'done') ? old.prior : undefined);

/** What a successful claim tells the run: the saved values and the last attempt's error. */
export const claimResult = (old: Partial<ActionRecord> | undefined): ClaimResult => ({
  claimed: true,
  prior: priorOf(old),
  ...(old?.status === 'failed' && old.error ? { lastError: old.error } : {}),
});

/** The item's DynamoDB TTL outlives the lease itself: an expired lease is free by the condition, and the item is cleaned up later. */
const LEASE_TTL_GRACE_SECONDS = 86_400;

export const normalTime = (at: string) => new Date(at).toISOString();

export class DynamoLedger implements Ledger {
  constructor(private readonly ddb: DynamoDBDocumentClient, private readonly table: string) {}

  async records(accountId: string, month: string): Promise<ActionRecord[]> {
    const items = await queryAll(this.ddb, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': accountPk(accountId), ':prefix': actionSkPrefix(month) },
      ConsistentRead: true,
    });
    // The runtime meter keeps its own records in the same key space and restores them itself.
    const out = items.filter((item) => item.origin !== RUNTIME_ORIGIN) as unknown as ActionRecord[];
    return out;
  }

  async claim(accountId: string, action: PlannedAction, claim: Claim): Promise<ClaimResult> {
    const reasserting = claim.reassert === true && action.direction === 'apply';
    try {
      const out = await this.ddb.send(new UpdateCommand({
        TableName: this.table,
        Key: this.key(accountId, action),
        UpdateExpression: 'SET #kind = :kind, #target = :target, #region = :region, #month = :month, #posture = :posture, '
          + '#direction = :direction, #status = :intent, #state = :state, #token = :token, #updatedAt = :now REMOVE #error',
        // A held intent is never taken over before it is stale; the same change already done is
        // not redone, except by the reconcile re-applying an apply (the resource may have drifted).
        ConditionExpression: reasserting
          ? 'attribute_not_exists(pk) OR #status <> :intent OR #updatedAt < :stale'
          : 'attribute_not_exists(pk) OR ((#status <> :intent OR #updatedAt < :stale) '
            + 'AND NOT (#direction = :direction AND #posture = :posture AND #status = :done))',
        ExpressionAttributeNames: {
          '#kind': 'kind', '#target': 'target', '#region': 'region', '#month': 'month', '#posture': 'posture',
          '#direction': 'direction', '#status': 'status', '#state': 'state', '#token': 'token', '#updatedAt': 'updatedAt', '#error': 'error',
        },
        ExpressionAttributeValues: {
          ':kind': action.kind, ':target': action.target, ':region': action.region ?? null, ':month': action.month,
          ':posture': recordPosture(action), ':direction': action.direction, ':intent': 'intent',
          ...(reasserting ? {} : { ':done': 'done' }), ':state': claim.state, ':token': claim.token, ':now': claim.now.toISOString(),
          ':stale': new Date(claim.now.getTime() - INTENT_LEASE_MS).toISOString(),
        },
        ReturnValues: 'ALL_OLD',
      }));
      return claimResult(out.Attributes as Partial<ActionRecord> | undefined);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || isError(error, 'ConditionalCheckFailedException')) return { claimed: false };
      throw error;
    }
  }

  async remember(accountId: string, action: PlannedAction, token: string, prior: unknown): Promise<void> {
    await this.ddb.send(new UpdateCommand({
      TableName: this.table,
      Key: this.key(accountId, action),
      UpdateExpression: 'SET #prior = :prior',
      ConditionExpression: '#token = :token',
      ExpressionAttributeNames: { '#prior': 'prior', '#token': 'token' },
      ExpressionAttributeValues: { ':prior': prior, ':token': token },
    }));
  }

  async complete(accountId: string, action: PlannedAction, token: string, result: ActionResultRecord, now: Date): Promise<void> {
    await this.ddb.send(new UpdateCommand({
      TableName: this.table,
      Key: this.key(accountId, action),
      UpdateExpression: `SET #status = :done, #outcome = :outcome, #from = :from, #to = :to, #updatedAt = :now${action.direction === 'revert' ? ' REMOVE #prior' : ''}`,
      ConditionExpression: '#token = :token',
      ExpressionAttributeNames: {
        '#status': 'status', '#outcome': 'outcome', '#from': 'from', '#to': 'to', '#updatedAt': 'updatedAt', '#token': 'token',
        ...(action.direction === 'revert' ? { '#prior': 'prior' } : {}),
      },
      ExpressionAttributeValues: {
        ':done': 'done', ':outcome': result.outcome, ':from': result.from ?? null, ':to': result.to ?? null,
        ':now': now.toISOString(), ':token': token,
      },
    }));
  }

  async fail(accountId: string, action: PlannedAction, token: string, error: string, now: Date): Promise<void> {
    await this.ddb.send(new UpdateCommand({
      TableName: this.table,
      Key: this.key(accountId, action),
      UpdateExpression: 'SET #status = :failed, #error = :error, #updatedAt = :now',
      ConditionExpression: '#token = :token',
      ExpressionAttributeNames: { '#status': 'status', '#error': 'error', '#updatedAt': 'updatedAt', '#token': 'token' },
      ExpressionAttributeValues: { ':failed': 'failed', ':error': error, ':now': now.toISOString(), ':token': token },
    }));
  }

  async advanceState(accountId: string, month: string, state: BudgetState, at: string, eventId: string): Promise<boolean> {
    try {
      await this.ddb.send(new PutCommand({
        TableName: this.table,
        Item: { ...enforcedStateKey(accountId, month), state, at: normalTime(at), eventId },
        ConditionExpression: 'attribute_not_exists(pk) OR #at <= :at',
        ExpressionAttributeNames: { '#at': 'at' },
        ExpressionAttributeValues: { ':at': normalTime(at) },
      }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || isError(error, 'ConditionalCheckFailedException')) return false;
      throw error;
    }
  }

  async actedState(accountId: string, month: string): Promise<ActedState | undefined> {
    const out = await this.ddb.send(new GetCommand({ TableName: this.table, Key: enforcedStateKey(accountId, month), ConsistentRead: true }));
    return out.Item ? { state: out.Item.state as BudgetState, at: out.Item.at as string } : undefined;
  }

  async acquireLease(accountId: string, holder: string, now: Date, ttlMs: number): Promise<boolean> {
    try {
      await this.ddb.send(new PutCommand({
        TableName: this.table,
        Item: { ...enforcementLeaseKey(accountId), holder, expiresAtMs: now.getTime() + ttlMs, [TTL_ATTRIBUTE]: Math.ceil((now.getTime() + ttlMs) / 1000) + LEASE_TTL_GRACE_SECONDS },
        ConditionExpression: 'attribute_not_exists(pk) OR #expires < :now OR #holder = :holder',
        ExpressionAttributeNames: { '#expires': 'expiresAtMs', '#holder': 'holder' },
        ExpressionAttributeValues: { ':now': now.getTime(), ':holder': holder },
      }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || isError(error, 'ConditionalCheckFailedException')) return false;
      throw error;
    }
  }

  async releaseLease(accountId: string, holder: string): Promise<void> {
    try {
      await this.ddb.send(new DeleteCommand({
        TableName: this.table,
        Key: enforcementLeaseKey(accountId),
        ConditionExpression: '#holder = :holder',
        ExpressionAttributeNames: { '#holder': 'holder' },
        ExpressionAttributeValues: { ':holder': holder },
      }));
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException || isError(error, 'ConditionalCheckFailedException'))) throw error;
    }
  }

  async noteAccount(policy: AccountPolicy, now: Date): Promise<void> {
    await this.ddb.send(new PutCommand({
      TableName: this.table,
      Item: { ...recordedAccountKey(policy.id), policy: JSON.stringify(policy), updatedAt: now.toISOString() },
    }));
  }

  async recordedAccounts(): Promise<AccountPolicy[]> {
    const items = await queryAll(this.ddb, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': RECORDED_PK },
      ConsistentRead: true,
    });
    return items.map((i) => JSON.parse(i.policy as string) as AccountPolicy);
  }

  async forgetAccount(accountId: string): Promise<void> {
    await this.ddb.send(new DeleteCommand({ TableName: this.table, Key: recordedAccountKey(accountId) }));
  }

  private key(accountId: string, action: PlannedAction) {
    return actionKey(accountId, action.month, action.kind, ledgerTarget(action));
  }
}
