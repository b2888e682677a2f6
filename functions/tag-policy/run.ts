/**
 * One invocation of the tag policy function: which accounts and regions to scan, through each
 * account's enforcement role, one `Tag Policy Report` per account on the hub bus.
 */
import type { AccountPolicy, TagPolicy } from '../../core/catalog/types';
import { DETAIL_TYPES, TagPolicyReport } from '../../core/events/schemas';
import type { RoleCredentials } from '../aws/clients';
import type { GuardrailBus } from '../aws/bus';
import type { CatalogStore } from '../aws/catalog-store';
import { RegionClients, RegionTarget, enforceTagPolicy } from './engine';
import { RejectedEvent, Trigger } from './trigger';

export interface TagPolicyDeps {
  readonly catalog: Pick<CatalogStore, 'account' | 'accounts'>;
  readonly bus: Pick<GuardrailBus, 'publish'>;
  readonly assumeRole: (accountId: string) => Promise<RoleCredentials>;
  readonly regionClients: (credentials: RoleCredentials, region: string) => RegionClients;
  readonly clock: () => Date;
}

export interface RunResult {
  readonly reports: readonly TagPolicyReport[];
  readonly ignored?: string;
}

type TagPolicyAccount = AccountPolicy & { readonly tagPolicy: TagPolicy };

/** Accounts the engine acts on: a tag policy and a mode other than `skip`. */
export const hasActiveTagPolicy = (account: AccountPolicy): account is TagPolicyAccount =>
  account.tagPolicy !== null && account.mode !== 'skip';

async function runAccount(deps: TagPolicyDeps, account: TagPolicyAccount, targets: readonly RegionTarget[]): Promise<TagPolicyReport> {
  const credentials = await deps.assumeRole(account.id);
  const clients = new Map<string, RegionClients>();
  const clientsFor = (region: string) => {
    let c = clients.get(region);
    if (!c) clients.set(region, (c = deps.regionClients(credentials, region)));
    return c;
  };
  const report = await enforceTagPolicy({ account, targets, clientsFor, now: deps.clock() });
  await deps.bus.publish(DETAIL_TYPES.tagPolicyReport, report);
  return report;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Scheduled run: every active account in every workload region. An account that fails does not
 * stop the others; the failures (and regions that could not be scanned) are raised together at
 * the end so the invocation is retried and, in the end, lands in the dead-letter queue.
 */
export async function runScheduled(deps: TagPolicyDeps): Promise<RunResult> {
  const accounts = (await deps.catalog.accounts()).filter(hasActiveTagPolicy);
  const reports: TagPolicyReport[] = [];
  const failures: string[] = [];
  for (const account of accounts) {
    try {
      const report = await runAccount(deps, account, account.workloadRegions.map((region) => ({ region })));
      reports.push(report);
      for (const e of report.errors ?? []) failures.push(`${account.name} (${account.id}) ${e.region}: ${e.error}`);
    } catch (error) {
      failures.push(`${account.name} (${account.id}): ${describe(error)}`);
    }
  }
  if (failures.length > 0) throw new Error(`tag policy run incomplete: ${failures.join('; ')}`);
  return { reports };
}

/** A member instance entered `running`: check just that instance. */
export async function runForInstance(deps: TagPolicyDeps, trigger: Extract<Trigger, { kind: 'instance' }>): Promise<RunResult> {
  const account = await deps.catalog.account(trigger.accountId);
  if (!account) throw new RejectedEvent(`account ${trigger.accountId} is not in the catalog; the event is not acted on`);
  if (!hasActiveTagPolicy(account)) {
    return { reports: [], ignored: `account ${account.name} has ${account.tagPolicy ? 'mode skip' : 'no tag policy'}` };
  }
  if (!account.workloadRegions.includes(trigger.region)) {
    throw new RejectedEvent(`region ${trigger.region} is not a workload region of ${account.name} (${account.workloadRegions.join(', ')}); the event is not acted on`);
  }
  const report = await runAccount(deps, account, [{ region: trigger.region, instanceIds: [trigger.instanceId] }]);
  if (report.errors?.length) throw new Error(`tag policy check of ${trigger.instanceId} incomplete: ${report.errors.map((e) => e.error).join('; ')}`);
  return { reports: [report] };
}
