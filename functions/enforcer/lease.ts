/**
 * One enforcement at a time per account: the enforcer, the reset, the periodic reconcile and
 * `guardrails release` each hold the account's lease in the hub table (a conditional write with
 * an expiry) while they plan and act. Why a lease and not a FIFO queue: an EventBridge target's
 * SQS MessageGroupId is one static value per target, not a per-event field, so a FIFO queue behind
 * the bus would serialize every account behind one group; and the reset and the release command
 * do not come through the bus at all.
 */
import type { Ledger } from '../aws/action-ledger';

/**
 * Lambda's maximum timeout is 900 s (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html),
 * so a holder that is still running never outlives its lease; one that crashed frees it at expiry.
 */
export const LEASE_TTL_MS = 15 * 60 * 1000;
/** How long a run waits for the lease before it gives up (and its invocation is retried). */
export const DEFAULT_LEASE_WAIT_MS = 120_000;
const POLL_MS = 2_000;

export class LeaseBusyError extends Error {}

export interface LeaseDeps {
  readonly ledger: Pick<Ledger, 'acquireLease' | 'releaseLease'>;
  readonly clock: () => Date;
  /** Waits between attempts; tests pass one that advances their clock. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly leaseWaitMs?: number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `work` holding the account's lease; waits for it up to leaseWaitMs, then throws LeaseBusyError. */
export async function withAccountLease<T>(deps: LeaseDeps, accountId: string, holder: string, work: () => Promise<T>): Promise<T> {
  const sleep = deps.sleep ?? realSleep;
  const deadline = deps.clock().getTime() + (deps.leaseWaitMs ?? DEFAULT_LEASE_WAIT_MS);
  while (!(await deps.ledger.acquireLease(accountId, holder, deps.clock(), LEASE_TTL_MS))) {
    if (deps.clock().getTime() >= deadline) {
      throw new LeaseBusyError(`account ${accountId}: another enforcement run holds the account's lease; this run gave up waiting and is retried`);
    }
    await sleep(POLL_MS);
  }
  try {
    return await work();
  } finally {
    await deps.ledger.releaseLease(accountId, holder);
  }
}
