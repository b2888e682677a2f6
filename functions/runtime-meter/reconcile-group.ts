/** Reconciles a group's current-month ledger with DescribeInstances in every workload region; corrections are logged. */
import type { AccountPolicy, RuntimeBudget } from '../../core/catalog/types';
import { monthOfSeconds } from '../../core/runtime/month';
import { ObservedInstance, reconcile } from '../../core/runtime/reconcile';
import type { DescribedInstance } from '../aws/runtime-ec2';
import type { StoredLedger } from '../aws/runtime-ledger-store';
import { MeterDeps, nowSeconds } from './deps';
import { updateLedger } from './ledger-update';

export async function reconcileLedger(
  deps: MeterDeps, account: AccountPolicy, budget: RuntimeBudget,
): Promise<{ stored: StoredLedger; corrections: number }> {
  const observed: ObservedInstance[] = [];
  for (const region of account.workloadRegions) {
    const ec2 = await deps.member.ec2(account.id, region);
    for (const i of await ec2.describeGroup(budget.instanceTags)) observed.push(await observe(deps, region, i));
  }
  const month = monthOfSeconds(nowSeconds(deps));
  let corrections = 0;
  const stored = await updateLedger(deps, account, budget, month, (s, now) => {
    const result = reconcile(s.ledger, observed, account.workloadRegions, now);
    corrections = result.corrections.length;
    for (const c of result.corrections) {
      deps.log({ message: 'runtime ledger corrected by reconcile', accountId: account.id, group: budget.name, ...c });
    }
    return { ...s, ledger: result.ledger };
  });
  return { stored, corrections };
}

async function observe(deps: MeterDeps, region: string, i: DescribedInstance): Promise<ObservedInstance> {
  const running = i.state === 'running';
  const price = running && i.instanceType ? await deps.prices.hourlyUsd(region, i.instanceType) : undefined;
  const since = running ? i.launchTime : i.stoppedAt;
  return {
    instanceId: i.instanceId, region, running, instanceType: i.instanceType, hourlyUsd: price?.hourlyUsd,
    since: since ? Math.floor(since.getTime() / 1000) : undefined,
  };
}
