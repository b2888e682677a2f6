/**
 * The runtime part of the monthly reset, run by the runtime meter when the 1st-of-month rule
 * fires: for each of the account's runtime groups, start the new month's ledger (instances still
 * running carry over) and set the stop schedule for the new month; and put back what the limit
 * changed last month (reattach the detached access policies that were attached before; restart
 * the stopped instances when the account sets enforcement.restartInstancesOnRestore).
 *
 * The restore runs in every mode (check and skip protect against new changes, not against getting
 * back what enforce mode changed) and for every record of last month, also of a group since
 * removed from the catalog. A restore that fails is retried by every 5-minute reconcile until it
 * is done (restoreLastMonth), its failure announced once. Idempotent: reverted records are
 * skipped, an existing ledger is kept.
 */
import type { AccountPolicy } from '../../core/catalog/types';
import { ActionOutcome, DETAIL_TYPES } from '../../core/events/schemas';
import { isoOfSeconds, previousMonth } from '../../core/runtime/month';
import { isExemptTagged } from '../../core/naming/resources';
import { messageOf } from '../aws/aws-errors';
import { OWN_STOP_TOLERANCE_MS } from '../enforcer/actions/stop-instances';
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

/** What restoring needs: the records and the member account's EC2 and IAM (the reset function wires these too). */
export type RuntimeRestoreDeps = Pick<MeterDeps, 'actions' | 'member' | 'clock' | 'bus' | 'budgetState' | 'log'>;

type RestoreOutcome = ActionOutcome & { readonly repeated?: true };

export async function resetRuntimeBudgets(deps: MeterDeps, account: AccountPolicy, month: string): Promise<RuntimeResetReport> {
  const metering = account.mode !== 'skip';
  const started = [];
  if (metering) {
    for (const budget of account.runtimeBudgets) {
      started.push({ budget, stored: await updateLedger(deps, account, budget, month, (s) => (s.version === 0 ? s : null)) });
    }
  }
  const actions = await restoreLastMonth(deps, account, month);
  for (const { budget, stored } of started) {
    await settle(deps, account, budget, stored);
    deps.log({ message: 'runtime ledger reset', accountId: account.id, group: budget.name, month });
  }
  return { accountId: account.id, month, actions };
}

/**
 * Restores every record of the month before `month` still applied, announces what is news (trigger
 * `reset`), and throws for a failure not announced before, so the invocation is retried.
 */
export const restoreLastMonth = (deps: RuntimeRestoreDeps, account: AccountPolicy, month: string): Promise<ActionOutcome[]> =>
  restoreRecordsOf(deps, account, previousMonth(month), month);

/** Restores every record of `recordsMonth` still applied (announced for `month`); `guardrails release` restores the current month's too. */
export async function restoreRecordsOf(deps: RuntimeRestoreDeps, account: AccountPolicy, recordsMonth: string, month: string): Promise<ActionOutcome[]> {
  const outcomes: RestoreOutcome[] = [];
  for (const record of await deps.actions.listAll(account.id, recordsMonth)) {
    if (record.status === 'applied') outcomes.push(await revert(deps, account, record));
  }
  const news: ActionOutcome[] = outcomes.filter((o) => !o.repeated).map(({ repeated: _repeated, ...o }) => o);
  if (news.length > 0) {
    await deps.bus.publish(DETAIL_TYPES.guardrailActionTaken, {
      accountId: account.id, accountName: account.name, month, state: await deps.budgetState(account.id, month),
      trigger: 'reset', dryRun: false, actions: news, at: isoOfSeconds(nowSeconds(deps)),
    });
  }
  const failed = news.filter((a) => a.outcome === 'failed');
  if (failed.length > 0) throw new Error(`runtime reset of ${account.name}: ${failed.length} revert(s) failed: ${failed.map((f) => `${f.target}: ${f.error}`).join('; ')}`);
  return outcomes;
}

async function revert(deps: RuntimeRestoreDeps, account: AccountPolicy, record: RuntimeActionRecord): Promise<RestoreOutcome> {
  const base = { kind: record.kind, target: record.target, direction: 'revert' as const };
  try {
    if (record.kind === 'detach-policy') {
      const principal = record.prior.principal as Principal;
      const arn = record.prior.policyArn as string;
      if (record.prior.attached !== true) {
        await markReverted(deps, record);
        return { ...base, outcome: 'unchanged' };
      }
      const iam = await deps.member.iam(account.id);
      const already = await iam.isAttached(principal, arn);
      if (!already) await iam.attach(principal, arn);
      await markReverted(deps, record);
      return { ...base, outcome: already ? 'unchanged' : 'applied', from: 'detached', to: 'attached' };
    }
    const region = record.prior.region as string;
    const ids = (record.prior.instanceIds as string[] | undefined) ?? [];
    if (!account.enforcement.restartInstancesOnRestore) {
      await markReverted(deps, record);
      return { ...base, outcome: 'unchanged', region, to: 'left stopped (enforcement.restartInstancesOnRestore is false)' };
    }
    const ec2 = await deps.member.ec2(account.id, region);
    const stillStopped = await stoppedOf(ec2, ids, (record.prior.stoppedAt as Record<string, string> | undefined) ?? {});
    const { done, failed } = await ec2.start(stillStopped);
    if (failed.length > 0) throw new Error(`could not start ${failed.map((f) => `${f.id}: ${f.error}`).join('; ')}`);
    await markReverted(deps, record);
    return { ...base, outcome: done.length === 0 ? 'unchanged' : 'applied', region, from: 'stopped', to: done };
  } catch (err) {
    const error = messageOf(err);
    const repeated = error === record.lastFailure;
    if (!repeated) await deps.actions.put({ ...record, lastFailure: error }).catch(() => undefined);
    return { ...base, outcome: 'failed', error, ...(repeated ? { repeated: true as const } : {}) };
  }
}

/**
 * The instances still stopped from the meter's stop: not those its owners stopped again later
 * (StateTransitionReason, more than 2 minutes after the meter's stop) or tagged exempt since.
 */
async function stoppedOf(ec2: Awaited<ReturnType<MeterDeps['member']['ec2']>>, ids: readonly string[], stoppedAt: Record<string, string>): Promise<string[]> {
  const out: string[] = [];
  for (const id of ids) {
    const i = await ec2.describe(id);
    if (i?.state !== 'stopped' || isExemptTagged(i.tags)) continue;
    const ours = stoppedAt[id];
    if (ours && i.stoppedAt && i.stoppedAt.getTime() > Date.parse(ours) + OWN_STOP_TOLERANCE_MS) continue;
    out.push(id);
  }
  return out;
}

const markReverted = (deps: RuntimeRestoreDeps, record: RuntimeActionRecord) =>
  deps.actions.put({ ...record, status: 'reverted', revertedAt: isoOfSeconds(nowSeconds(deps)) });

/** The 1st-of-month schedule: every account's groups and last month's records, in every mode; one account failing does not stop the rest. */
export async function resetAllRuntimeBudgets(deps: MeterDeps, month: string): Promise<RuntimeResetReport[]> {
  const reports: RuntimeResetReport[] = [];
  const failures: string[] = [];
  for (const account of await deps.catalog.accounts()) {
    try {
      const report = await resetRuntimeBudgets(deps, account, month);
      if (account.runtimeBudgets.length > 0 || report.actions.length > 0) reports.push(report);
    } catch (err) {
      failures.push(`${account.name}: ${(err as Error).message}`);
      deps.log({ message: 'runtime reset failed', accountId: account.id, error: (err as Error).message });
    }
  }
  if (failures.length > 0) throw new Error(`runtime reset failed for ${failures.length} account(s): ${failures.join('; ')}`);
  return reports;
}
