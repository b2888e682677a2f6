/** The ledger's conditional-write semantics (functions/aws/action-ledger.ts) over a Map, for scenario tests. */
import type { BudgetState } from '../../../../core/budget/state';
import type { PlannedAction } from '../../../../core/posture/types';
import {
  ActionRecord, ActionResultRecord, Claim, INTENT_LEASE_MS, Ledger, ledgerTarget, normalTime, priorOf, recordPosture,
} from '../../../../functions/aws/action-ledger';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Item = Mutable<ActionRecord> & { token: string };

export class MemoryLedger implements Ledger {
  readonly items = new Map<string, Item>();
  readonly enforced = new Map<string, { state: BudgetState; at: string; eventId: string }>();

  private key(accountId: string, month: string, a: { kind: string; target: string; region?: string }) {
    return `${accountId}|${month}|${a.kind}|${ledgerTarget(a)}`;
  }

  async records(accountId: string, month: string): Promise<ActionRecord[]> {
    return [...this.items.entries()].filter(([k]) => k.startsWith(`${accountId}|${month}|`)).map(([, v]) => ({ ...v }));
  }

  async claim(accountId: string, action: PlannedAction, claim: Claim) {
    const key = this.key(accountId, action.month, action);
    const old = this.items.get(key);
    const stale = new Date(claim.now.getTime() - INTENT_LEASE_MS).toISOString();
    const posture = recordPosture(action);
    if (old) {
      const free = old.status !== 'intent' || old.updatedAt < stale;
      const sameDone = old.direction === action.direction && old.posture === posture && old.status === 'done';
      if (!free || sameDone) return { claimed: false };
    }
    this.items.set(key, {
      ...(old ?? {}),
      kind: action.kind, target: action.target, ...(action.region ? { region: action.region } : {}), month: action.month,
      posture, direction: action.direction, status: 'intent', state: claim.state, token: claim.token,
      updatedAt: claim.now.toISOString(), error: undefined,
    } as Item);
    return { claimed: true, prior: priorOf(old) };
  }

  private owned(accountId: string, action: PlannedAction, token: string): Item {
    const item = this.items.get(this.key(accountId, action.month, action));
    if (!item || item.token !== token) throw Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });
    return item;
  }

  async remember(accountId: string, action: PlannedAction, token: string, prior: unknown) {
    this.owned(accountId, action, token).prior = JSON.parse(JSON.stringify(prior));
  }

  async complete(accountId: string, action: PlannedAction, token: string, result: ActionResultRecord, now: Date) {
    const item = this.owned(accountId, action, token);
    Object.assign(item, { status: 'done', outcome: result.outcome, updatedAt: now.toISOString() });
    if (action.direction === 'revert') delete item.prior;
  }

  async fail(accountId: string, action: PlannedAction, token: string, error: string, now: Date) {
    Object.assign(this.owned(accountId, action, token), { status: 'failed', error, updatedAt: now.toISOString() });
  }

  async advanceState(accountId: string, month: string, state: BudgetState, at: string, eventId: string) {
    const key = `${accountId}|${month}`;
    const old = this.enforced.get(key);
    if (old && old.at > normalTime(at)) return false;
    this.enforced.set(key, { state, at: normalTime(at), eventId });
    return true;
  }
}
