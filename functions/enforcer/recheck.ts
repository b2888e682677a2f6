/**
 * A direct invocation asking the enforcer to look at an account again (a grace period or a
 * postponement ended, an approval was given, an exemption started or ended). The payload asserts
 * nothing: the state comes from the table, so only a state that still holds is acted on.
 */
import type { BudgetStateChanged, RecheckPayload } from '../../core/events/schemas';
import { monthOf } from '../../core/storage/keys';
import { EnforceResult, EnforcerDeps, RejectedEventError, enforce } from './enforce';

export interface RecheckDeps extends EnforcerDeps {
  /** The account's last `Budget State Changed` of the month, as the evaluator stored it with the state. */
  readonly storedEvent: (accountId: string, month: string) => Promise<BudgetStateChanged | undefined>;
}

export async function recheck(deps: RecheckDeps, payload: RecheckPayload): Promise<EnforceResult> {
  const policy = await deps.catalog.account(payload.accountId);
  if (!policy) throw new RejectedEventError(`recheck of account ${payload.accountId}, which is not in the catalog; nothing was done`);
  const now = deps.clock();
  const month = monthOf(now);
  const stored = await deps.storedEvent(policy.id, month);
  // No state yet this month: nothing is required, so only exemptions and holds are settled.
  const event: BudgetStateChanged = stored ?? {
    accountId: policy.id, accountName: policy.name, month, previousState: 'unknown', state: 'unknown',
    actualUsd: null, forecastUsd: null, targetUsd: policy.targetUsd ?? 0, reason: 'no evaluation this month yet', dryRun: false,
    at: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString(),
  };
  return enforce(deps, event, `recheck-${payload.reason}-${now.toISOString()}`);
}
