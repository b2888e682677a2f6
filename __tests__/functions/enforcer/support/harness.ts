/** Enforcer and reset dependencies over the in-memory account model and ledger, with a settable clock. */
import type { BudgetState } from '../../../../core/budget/state';
import type { AccountPolicy } from '../../../../core/catalog/types';
import type { BudgetStateChanged, GuardrailActionTaken } from '../../../../core/events/schemas';
import { monthOf } from '../../../../core/storage/keys';
import type { EnforcerDeps } from '../../../../functions/enforcer/enforce';
import type { ResetDeps } from '../../../../functions/reset/reset';
import { testClients } from './account-model';
import { MemoryLedger } from '../../../../bench/lib/memory-ledger';

export interface Harness {
  readonly ledger: MemoryLedger;
  readonly published: GuardrailActionTaken[];
  readonly sessions: string[];
  now: Date;
  readonly enforcer: EnforcerDeps;
  reset(monthStates?: Record<string, BudgetState>): ResetDeps;
}

export function harness(accounts: readonly AccountPolicy[], start: Date): Harness {
  const ledger = new MemoryLedger();
  const published: GuardrailActionTaken[] = [];
  const sessions: string[] = [];
  const clients = testClients();
  const h: Harness = {
    ledger, published, sessions, now: start,
    enforcer: {
      catalog: { account: async (id) => accounts.find((a) => a.id === id), accounts: async () => [...accounts] },
      ledger,
      publish: async (detail) => { published.push(detail); },
      clientsFor: (_id, session) => { sessions.push(session); return clients; },
      clock: () => h.now,
      sleep: async (ms) => { h.now = new Date(h.now.getTime() + ms); },
    },
    reset: (monthStates = {}) => ({
      catalog: { accounts: async () => [...accounts] },
      ledger,
      monthState: async (id) => monthStates[id] ?? 'unknown',
      publish: async (detail) => { published.push(detail); },
      clientsFor: (_id, session) => { sessions.push(session); return clients; },
      clock: () => h.now,
      sleep: async (ms) => { h.now = new Date(h.now.getTime() + ms); },
    }),
  };
  return h;
}

export function stateEvent(account: AccountPolicy, state: BudgetState, at: Date, extra: Partial<BudgetStateChanged> = {}): BudgetStateChanged {
  return {
    accountId: account.id, accountName: account.name, month: monthOf(at), previousState: 'on-target', state,
    actualUsd: 1, forecastUsd: 1, targetUsd: account.targetUsd ?? 0, reason: 'test', dryRun: false, at: at.toISOString(), ...extra,
  };
}

export const withEnforcement = (account: AccountPolicy, patch: Partial<AccountPolicy['enforcement']>): AccountPolicy =>
  ({ ...account, enforcement: { ...account.enforcement, ...patch } });
