/** What the runtime meter needs from the outside world; production wiring is in production.ts, tests pass fakes or mocked clients. */
import type { AccountPolicy } from '../../core/catalog/types';
import type { BudgetState } from '../../core/budget/state';
import type { Ledger } from '../aws/action-ledger';
import type { GuardrailBus } from '../aws/bus';
import type { RuntimeMetrics } from '../aws/cloudwatch-metrics';
import type { PriceBook } from '../aws/pricing';
import type { RuntimeActionStore } from '../aws/runtime-action-store';
import type { RuntimeEc2 } from '../aws/runtime-ec2';
import type { RuntimeIam } from '../aws/runtime-iam';
import type { RuntimeLedgerStore } from '../aws/runtime-ledger-store';
import type { OneTimeScheduler } from '../aws/scheduler';

export type LogEntry = Record<string, unknown> & { readonly message: string };

export interface MeterDeps {
  readonly catalog: { account(accountId: string): Promise<AccountPolicy | undefined>; accounts(): Promise<AccountPolicy[]> };
  readonly ledgers: Pick<RuntimeLedgerStore, 'get' | 'put'>;
  readonly actions: Pick<RuntimeActionStore, 'get' | 'put' | 'list' | 'listAll'>;
  /** The enforcer's records: a detach it holds in force blocks the meter's access grants. */
  readonly enforcerLedger: Pick<Ledger, 'records'>;
  readonly scheduler: Pick<OneTimeScheduler, 'upsert' | 'remove'>;
  readonly metrics: Pick<RuntimeMetrics, 'putRuntimeMinutes'>;
  readonly bus: Pick<GuardrailBus, 'publish' | 'requestEvaluation'>;
  readonly prices: Pick<PriceBook, 'hourlyUsd'>;
  /** Clients inside a member account, through its enforcement role. */
  readonly member: {
    ec2(accountId: string, region: string): Promise<Pick<RuntimeEc2, 'describe' | 'describeGroup' | 'stop' | 'start'>>;
    iam(accountId: string): Promise<Pick<RuntimeIam, 'isAttached' | 'detach' | 'attach'>>;
  };
  /** The account's budget state this month, for the `Guardrail Action Taken` event. */
  readonly budgetState: (accountId: string, month: string) => Promise<BudgetState>;
  readonly clock: () => Date;
  /** Waits (up to the schedule lead) for an exhaustion instant that is seconds away. */
  readonly sleep: (seconds: number) => Promise<void>;
  readonly log: (entry: LogEntry) => void;
}

export const nowSeconds = (deps: Pick<MeterDeps, 'clock'>): number => Math.floor(deps.clock().getTime() / 1000);
