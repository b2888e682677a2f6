/**
 * The enforcer's Ledger kept in memory, with the same conditional semantics as DynamoLedger's
 * condition expressions (functions/aws/action-ledger.ts), and an optional DynamoDB-like delay per call.
 * Used by the enforcement-throughput benchmark and the enforcer/reset tests.
 */
import type { BudgetState } from '../../core/budget/state';
import type { AccountPolicy } from '../../core/catalog/types';
import type { PlannedAction } from '../../core/posture/types';
import {
  ActedState, ActionRecord, ActionResultRecord, Claim, ClaimResult, INTENT_LEASE_MS, Ledger, claimResult, ledgerTarget, normalTime, recordPosture,
} from '../../functions/aws/action-ledger';

type Row = ActionRecord & { token?: string };

export class ConditionFailed extends Error {
  constructor() {
    super('The conditional request failed');
    this.name = 'ConditionalCheckFailedException';
  }
}

export class MemoryLedger implements Ledger {
  readonly rows = new Map<string, Row>();
  private readonly states = new Map<string, ActedState>();
  private readonly leases = new Map<string, { holder: string; expiresAtMs: number }>();
  private readonly noted = new Map<string, string>();
  calls = 0;

  constructor(private readonly delayMs: () => number = () => 0) {}

  private async wait(): Promise<void> {
    this.calls++;
    const ms = this.delayMs();
    if (ms > 0) await new Promise<void>((resolve) => setTimeout(resolve, ms));
  }

  private key(accountId: string, a: { month: string; kind: string; target: string; region?: string }) {
    return `${accountId}|${a.month}|${a.kind}|${ledgerTarget(a)}`;
  }

  async records(accountId: string, month: string): Promise<ActionRecord[]> {
    await this.wait();
    return [...this.rows.entries()].filter(([k]) => k.startsWith(`${accountId}|${month}|`)).map(([, r]) => structuredClone(r));
  }

  async claim(accountId: string, action: PlannedAction, claim: Claim): Promise<ClaimResult> {
    await this.wait();
    const key = this.key(accountId, action);
    const old = this.rows.get(key);
    const stale = new Date(claim.now.getTime() - INTENT_LEASE_MS).toISOString();
    const posture = recordPosture(action);
    if (old) {
      const free = old.status !== 'intent' || old.updatedAt < stale;
      const reasserting = claim.reassert === true && action.direction === 'apply';
      const sameDone = old.direction === action.direction && old.posture === posture && old.status === 'done';
      if (!free || (sameDone && !reasserting)) return { claimed: false };
    }
    const kept: Partial<Row> = { ...old, error: undefined };
    this.rows.set(key, {
      ...kept, kind: action.kind, target: action.target, region: action.region, month: action.month, posture,
      direction: action.direction, status: 'intent', state: claim.state, token: claim.token, updatedAt: claim.now.toISOString(),
    } as Row);
    return claimResult(old);
  }

  private owned(accountId: string, action: PlannedAction, token: string): Row {
    const row = this.rows.get(this.key(accountId, action));
    if (!row || row.token !== token) throw new ConditionFailed();
    return row;
  }

  async remember(accountId: string, action: PlannedAction, token: string, prior: unknown): Promise<void> {
    await this.wait();
    const row = this.owned(accountId, action, token);
    this.rows.set(this.key(accountId, action), { ...row, prior: structuredClone(prior) });
  }

  async complete(accountId: string, action: PlannedAction, token: string, result: ActionResultRecord, now: Date): Promise<void> {
    await this.wait();
    const row = this.owned(accountId, action, token);
    const next: Row = { ...row, status: 'done', outcome: result.outcome, updatedAt: now.toISOString() };
    if (action.direction === 'revert') delete (next as { prior?: unknown }).prior;
    this.rows.set(this.key(accountId, action), next);
  }

  async fail(accountId: string, action: PlannedAction, token: string, error: string, now: Date): Promise<void> {
    await this.wait();
    const row = this.owned(accountId, action, token);
    this.rows.set(this.key(accountId, action), { ...row, status: 'failed', error, updatedAt: now.toISOString() });
  }

  async advanceState(accountId: string, month: string, state: BudgetState, at: string, _eventId: string): Promise<boolean> {
    await this.wait();
    const key = `${accountId}|${month}`;
    const previous = this.states.get(key);
    if (previous !== undefined && !(previous.at <= normalTime(at))) return false;
    this.states.set(key, { state, at: normalTime(at) });
    return true;
  }

  async actedState(accountId: string, month: string): Promise<ActedState | undefined> {
    await this.wait();
    const s = this.states.get(`${accountId}|${month}`);
    return s && { ...s };
  }

  async acquireLease(accountId: string, holder: string, now: Date, ttlMs: number): Promise<boolean> {
    await this.wait();
    const held = this.leases.get(accountId);
    if (held && !(held.expiresAtMs < now.getTime() || held.holder === holder)) return false;
    this.leases.set(accountId, { holder, expiresAtMs: now.getTime() + ttlMs });
    return true;
  }

  async releaseLease(accountId: string, holder: string): Promise<void> {
    await this.wait();
    if (this.leases.get(accountId)?.holder === holder) this.leases.delete(accountId);
  }

  async noteAccount(policy: AccountPolicy): Promise<void> {
    await this.wait();
    this.noted.set(policy.id, JSON.stringify(policy));
  }

  async recordedAccounts(): Promise<AccountPolicy[]> {
    await this.wait();
    return [...this.noted.values()].map((p) => JSON.parse(p) as AccountPolicy);
  }

  async forgetAccount(accountId: string): Promise<void> {
    await this.wait();
    this.noted.delete(accountId);
  }
}
