/**
 * The runtime part of the monthly reset, called by the reset function on the 1st: for each of the
 * account's runtime groups, start the new month's ledger (instances still running carry over),
 * put back what the limit changed last month (reattach the detached access policies that were
 * attached before; restart the stopped instances when the account sets
 * enforcement.restartInstancesOnRestore), and set the stop schedule for the new month.
 * Idempotent: reverted records are skipped, an existing ledger is kept.
 */
import type { AccountPolicy } from '../../core/catalog/types';
import { ActionOutcome, DETAIL_TYPES } from '../../core/events/schemas';
import { isoOfSeconds, previousMonth } from '../../core/runtime/month';
import type { RuntimeActionRecord } from '../aws/runtime-action-store';
import type { Principal } from '../aws/runtime-iam';
import { MeterDeps, nowSeconds } from './deps';
import { updateLedger } from './ledger-update';
import { settle } from './settle';

export interface RuntimeResetReport {
  readonly accountId: string;
  readonly month: string;
  readonly actions: readonly ActionOutcome[];
}

export async function resetRuntimeBudgets(deps: MeterDeps, account: AccountPolicy, month: string): Promise<RuntimeResetReport> {
  const dryRun = account.mode !== 'enforce';
  const actions: ActionOutcome[] = [];
  if (account.mode === 'skip') return { accountId: account.id, month, actions };
  const previous = previousMonth(month);
  for (const budget of account.runtimeBudgets) {
    const stored = await updateLedger(deps, account, budget, month, (s) => (s.version === 0 ? s : null));
    for (const record of await deps.actions.list(account.id, previous, budget.name)) {
      if (record.status !== 'applied') continue;
      actions.push(await revert(deps, account, record, dryRun));
    }
    await settle(deps, account, budget, stored);
    deps.log({ message: 'runtime ledger reset', accountId: account.id, group: budget.name, month });
  }
  if (actions.length > 0) {
    await deps.bus.publish(DETAIL_TYPES.guardrailActionTaken, {
      accountId: account.id, accountName: account.name, month, state: await deps.budgetState(account.id, month),
      trigger: 'reset', dryRun, actions, at: isoOfSeconds(nowSeconds(deps)),
    });
  }
  const failed = actions.filter((a) => a.outcome === 'failed');
  if (failed.length > 0) throw new Error(`runtime reset of ${account.name}: ${failed.length} revert(s) failed: ${failed.map((f) => `${f.target}: ${f.error}`).join('; ')}`);
  return { accountId: account.id, month, actions };
}

async function revert(deps: MeterDeps, account: AccountPolicy, record: RuntimeActionRecord, dryRun: boolean): Promise<ActionOutcome> {
  const base = { kind: record.kind, target: record.target, direction: 'revert' as const };
  try {
    if (record.kind === 'detach-policy') {
      const principal = record.prior.principal as Principal;
      const arn = record.prior.policyArn as string;
      if (record.prior.attached !== true) return { ...base, outcome: 'unchanged' };
      const iam = await deps.member.iam(account.id);
      const already = await iam.isAttached(principal, arn);
      if (!dryRun) {
        if (!already) await iam.attach(principal, arn);
        await markReverted(deps, record);
      }
      return { ...base, outcome: already ? 'unchanged' : dryRun ? 'planned' : 'applied', from: 'detached', to: 'attached' };
    }
    const region = record.prior.region as string;
    const ids = (record.prior.instanceIds as string[] | undefined) ?? [];
    if (!account.enforcement.restartInstancesOnRestore) {
      if (!dryRun) await markReverted(deps, record);
      return { ...base, outcome: 'unchanged', region, to: 'left stopped (enforcement.restartInstancesOnRestore is false)' };
    }
    const ec2 = await deps.member.ec2(account.id, region);
    const stillStopped = await stoppedOf(ec2, ids);
    if (!dryRun) {
      await ec2.start(stillStopped);
      await markReverted(deps, record);
    }
    return { ...base, outcome: stillStopped.length === 0 ? 'unchanged' : dryRun ? 'planned' : 'applied', region, from: 'stopped', to: stillStopped };
  } catch (err) {
    return { ...base, outcome: 'failed', error: (err as Error).message };
  }
}

async function stoppedOf(ec2: Awaited<ReturnType<MeterDeps['member']['ec2']>>, ids: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const id of ids) if ((await ec2.describe(id))?.state === 'stopped') out.push(id);
  return out;
}

const markReverted = (deps: MeterDeps, record: RuntimeActionRecord) =>
  deps.actions.put({ ...record, status: 'reverted', revertedAt: isoOfSeconds(nowSeconds(deps)) });


/** The 1st-of-month schedule: every metered account's groups, one account failing does not stop the rest. */
export async function resetAllRuntimeBudgets(deps: MeterDeps, month: string): Promise<RuntimeResetReport[]> {
  const reports: RuntimeResetReport[] = [];
  const failures: string[] = [];
  for (const account of await deps.catalog.accounts()) {
    if (account.mode === 'skip' || account.runtimeBudgets.length === 0) continue;
    try {
      reports.push(await resetRuntimeBudgets(deps, account, month));
    } catch (err) {
      failures.push(`${account.name}: ${(err as Error).message}`);
      deps.log({ message: 'runtime reset failed', accountId: account.id, error: (err as Error).message });
    }
  }
  if (failures.length > 0) throw new Error(`runtime reset failed for ${failures.length} account(s): ${failures.join('; ')}`);
  return reports;
}
