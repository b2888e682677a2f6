/**
 * Lambda entry: the 1st-of-month schedule invokes it with any payload; an operator may invoke it
 * on demand with `{ "accountIds": ["123456789012"] }` to restore only those accounts.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { z } from 'zod';
import type { BudgetState } from '../../core/budget/state';
import { assumeEnforcementRole } from '../aws/assume-role';
import { RuntimeActionStore } from '../aws/runtime-action-store';
import { RuntimeEc2 } from '../aws/runtime-ec2';
import { RuntimeIam } from '../aws/runtime-iam';
import { RuntimeRestoreDeps, restoreLastMonth } from '../runtime-meter/monthly-reset';
import { DETAIL_TYPES } from '../../core/events/schemas';
import { DynamoLedger } from '../aws/action-ledger';
import { GuardrailBus } from '../aws/bus';
import { CatalogStore } from '../aws/catalog-store';
import { CLIENT_DEFAULTS } from '../aws/clients';
import { StateStore } from '../aws/state-store';
import { actionClientsFor } from '../enforcer/clients';
import { readEnv } from '../shared/env';
import { ResetDeps, resetAccounts } from './reset';

const ORGANIZATIONS_REGION = 'us-east-1';

export const resetRequestSchema = z.looseObject({
  accountIds: z.array(z.string().regex(/^\d{12}$/, { error: 'must be a 12-digit account id' }))
    .min(1, { error: 'list at least one account id, or omit accountIds to reset every account' }).optional(),
});

let deps: ResetDeps | undefined;

function containerDeps(): ResetDeps {
  const env = readEnv(['table', 'busName']);
  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient(CLIENT_DEFAULTS), { marshallOptions: { removeUndefinedValues: true } });
  const bus = new GuardrailBus(new EventBridgeClient(CLIENT_DEFAULTS), env.busName);
  const states = new StateStore(ddb, env.table);
  let organizations: OrganizationsClient | undefined;
  return {
    catalog: new CatalogStore(ddb, env.table),
    ledger: new DynamoLedger(ddb, env.table),
    // No item yet for the new month: the evaluator has no data, the state is Unknown.
    monthState: async (accountId, month) => (await states.get(accountId, month))?.state ?? 'unknown',
    publish: (detail) => bus.publish(DETAIL_TYPES.guardrailActionTaken, detail),
    clientsFor: actionClientsFor(() => (organizations ??= new OrganizationsClient({ ...CLIENT_DEFAULTS, region: ORGANIZATIONS_REGION }))),
    clock: () => new Date(),
    runtime: runtimeRestorer(ddb, env.table, bus, (accountId, month) => states.get(accountId, month)),
  };
}

/** The runtime meter's restore of last month's records, through the member enforcement role. */
function runtimeRestorer(
  ddb: DynamoDBDocumentClient, table: string, bus: GuardrailBus, state: (accountId: string, month: string) => Promise<{ state: BudgetState } | undefined>,
): ResetDeps['runtime'] {
  const deps: RuntimeRestoreDeps = {
    actions: new RuntimeActionStore(ddb, table),
    member: {
      ec2: async (accountId, region) => new RuntimeEc2(new EC2Client({ ...CLIENT_DEFAULTS, region, credentials: await assumeEnforcementRole(accountId, `reset-${accountId}`) })),
      iam: async (accountId) => new RuntimeIam(new IAMClient({ ...CLIENT_DEFAULTS, region: 'us-east-1', credentials: await assumeEnforcementRole(accountId, `reset-${accountId}`) })),
    },
    clock: () => new Date(),
    bus,
    budgetState: async (accountId, month) => (await state(accountId, month))?.state ?? 'unknown',
    log: (entry) => console.log(JSON.stringify({ function: 'reset', ...entry })),
  };
  return (account, month) => restoreLastMonth(deps, account, month);
}

export async function handler(event: unknown) {
  const parsed = resetRequestSchema.safeParse(event ?? {});
  if (!parsed.success) {
    throw new Error(`invalid reset request: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'event'}: ${i.message}`).join('; ')}`);
  }
  deps ??= containerDeps();
  // The scheduled reset leaves runtime records to the runtime meter (fired by the same rule); an
  // on-demand reset restores them too.
  const results = await resetAccounts(parsed.data.accountIds ? deps : { ...deps, runtime: undefined }, { accountIds: parsed.data.accountIds });
  console.log(JSON.stringify({ reset: results }));
  // An account removed from the catalog is restored while its member role exists; once the role is
  // gone nothing can be restored, so its failures are logged, not retried forever.
  const removed = results.filter((r) => r.removedFromCatalog && (r.error || r.actions.some((a) => a.outcome === 'failed')));
  if (removed.length > 0) console.error(JSON.stringify({ removedAccountsNotRestored: removed.map((r) => ({ accountId: r.accountId, error: r.error })) }));
  const failed = results.filter((r) => !r.removedFromCatalog && (r.error || r.actions.some((a) => a.outcome === 'failed' && !a.repeatedFailure)));
  if (failed.length > 0) {
    console.error(JSON.stringify({ failedAccounts: failed.map((r) => ({ accountId: r.accountId, error: r.error })) }));
    // Fail the invocation: the retry redoes only what is not done yet, and in the end the event
    // lands in the dead-letter queue, whose alarm tells ops that something stays unrestored.
    const why = failed.map((r) => `${r.accountName} (${r.accountId}): ${r.error
      ?? r.actions.filter((a) => a.outcome === 'failed').map((a) => `${a.kind} ${a.target}: ${a.error ?? 'failed'}`).join('; ')}`);
    throw new Error(`restore did not finish for ${why.join(' | ')}`);
  }
  return results;
}
