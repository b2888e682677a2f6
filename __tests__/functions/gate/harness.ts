/**
 * The enforcer with its gate over dynalite (a real DynamoDB API on loopback): ledger, holds,
 * exemptions and used tokens in one hub table; a recording scheduler and bus; member accounts from
 * the in-memory account model (installModel) behind the real SDK clients.
 */
import type { BudgetState } from '../../../core/budget/state';
import type { AccountPolicy, EnforcedState, StateGate } from '../../../core/catalog/types';
import type {
  BudgetStateChanged, GuardrailActionTaken, GuardrailExemptionChanged, GuardrailHoldChanged, RecheckPayload,
} from '../../../core/events/schemas';
import { DynamoLedger } from '../../../functions/aws/action-ledger';
import { AuditLog } from '../../../functions/aws/audit-log';
import { ExemptionStore } from '../../../functions/aws/exemption-store';
import { DecisionDeps } from '../../../functions/aws/hold-decisions';
import { HoldStore } from '../../../functions/aws/hold-store';
import type { RecheckDeps } from '../../../functions/enforcer/recheck';
import type { Dynalite } from '../../support/dynalite';
import { testClients } from '../enforcer/support/account-model';
import { stateEvent } from '../enforcer/support/harness';

export interface ScheduleCall { readonly op: 'upsert' | 'remove'; readonly name: string; readonly at?: string; readonly payload?: unknown }

export interface GateHarness {
  now: Date;
  readonly holds: HoldStore;
  readonly exemptions: ExemptionStore;
  readonly ledger: DynamoLedger;
  readonly schedules: ScheduleCall[];
  readonly holdEvents: GuardrailHoldChanged[];
  readonly exemptionEvents: GuardrailExemptionChanged[];
  readonly actionEvents: GuardrailActionTaken[];
  readonly rechecks: RecheckPayload[];
  /** The state the evaluator stored (what a recheck reads). */
  stored?: BudgetStateChanged;
  readonly deps: RecheckDeps;
  readonly decisions: DecisionDeps;
  /** Enforces `state` as a `Budget State Changed` at the harness's time, and stores it as the evaluator does. */
  event(state: BudgetState): BudgetStateChanged;
}

export function gateHarness(db: Dynalite, table: string, accounts: readonly AccountPolicy[], start: Date): GateHarness {
  const holds = new HoldStore(db.doc, table);
  const exemptions = new ExemptionStore(db.doc, table);
  const ledger = new DynamoLedger(db.doc, table);
  const clients = testClients();
  let ids = 0;
  const h: GateHarness = {
    now: start, holds, exemptions, ledger, schedules: [], holdEvents: [], exemptionEvents: [], actionEvents: [], rechecks: [],
    deps: {
      catalog: { account: async (id) => accounts.find((a) => a.id === id) },
      ledger,
      publish: async (d) => { h.actionEvents.push(d); },
      clientsFor: () => clients,
      clock: () => h.now,
      gate: {
        holds, exemptions,
        scheduler: {
          upsert: async (name, at, payload) => { h.schedules.push({ op: 'upsert', name, at: new Date(at * 1000).toISOString(), payload }); },
          remove: async (name) => { h.schedules.push({ op: 'remove', name }); },
        },
        announceHold: async (d) => { h.holdEvents.push(d); },
        announceExemption: async (d) => { h.exemptionEvents.push(d); },
        newHoldId: () => `hold-${++ids}`,
      },
      storedEvent: async (_id, month) => (h.stored?.month === month ? h.stored : undefined),
    },
    decisions: {
      holds,
      announce: async (d) => { h.holdEvents.push(d); },
      audit: new AuditLog(db.doc, table),
      recheck: async (p) => { h.rechecks.push(p); },
      currentState: async () => h.stored?.state,
      clock: () => h.now,
    },
    event(state) {
      const previous = h.stored?.state ?? 'on-target';
      h.stored = stateEvent(accounts[0], state, h.now, { previousState: previous });
      return h.stored;
    },
  };
  return h;
}

export const withGate = (account: AccountPolicy, state: EnforcedState, gate: Partial<StateGate>): AccountPolicy => ({
  ...account,
  mode: 'enforce',
  gates: { ...account.gates, [state]: { ...account.gates[state], ...gate } },
});

export const minutes = (d: Date, n: number) => new Date(d.getTime() + n * 60_000);
