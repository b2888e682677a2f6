/** Reads one account's status items from the hub table (read-only: Get and Query). */
import type { AccountPolicy } from '../../../core/catalog/types';
import { previousMonth } from '../../../core/runtime/month';
import { AccountStatus, accountStatus } from '../../../core/status/account-status';
import { monthOf } from '../../../core/storage/keys';
import { DynamoLedger } from '../../../functions/aws/action-ledger';
import { ExemptionStore } from '../../../functions/aws/exemption-store';
import { HoldStore } from '../../../functions/aws/hold-store';
import { RuntimeActionStore } from '../../../functions/aws/runtime-action-store';
import { StateStore } from '../../../functions/aws/state-store';
import type { HubAccess } from './hub';

export async function readStatus(hub: Pick<HubAccess, 'doc' | 'table' | 'clock'>, account: AccountPolicy): Promise<AccountStatus> {
  const now = hub.clock();
  const month = monthOf(now);
  const ledger = new DynamoLedger(hub.doc, hub.table);
  const runtimeStore = new RuntimeActionStore(hub.doc, hub.table);
  const [state, previous, current, holds, exemptions, runtimeActions] = await Promise.all([
    new StateStore(hub.doc, hub.table).get(account.id, month),
    ledger.records(account.id, previousMonth(month)),
    ledger.records(account.id, month),
    new HoldStore(hub.doc, hub.table).list(account.id, month),
    new ExemptionStore(hub.doc, hub.table).list(account.id),
    Promise.all(account.runtimeBudgets.map((b) => runtimeStore.list(account.id, month, b.name))).then((lists) => lists.flat()),
  ]);
  return accountStatus({ account, month, now, state, records: [...previous, ...current], holds, exemptions, runtimeActions });
}
