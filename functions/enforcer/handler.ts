/** Lambda entry: validates the `Budget State Changed` event and hands it to enforce(). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  DETAIL_TYPES, RECHECK_KIND, RECHECK_REQUESTED, budgetStateChangedSchema, Envelope, envelopeSchema, recheckPayloadSchema, recheckRequestedSchema,
} from '../../core/events/schemas';
import { SCHEDULE_GROUP_NAME } from '../../core/naming/resources';
import { DynamoLedger } from '../aws/action-ledger';
import { GuardrailBus } from '../aws/bus';
import { CatalogStore } from '../aws/catalog-store';
import { CLIENT_DEFAULTS } from '../aws/clients';
import { ExemptionStore } from '../aws/exemption-store';
import { HoldStore } from '../aws/hold-store';
import { OneTimeScheduler } from '../aws/scheduler';
import { StateStore } from '../aws/state-store';
import { readEnv } from '../shared/env';
import { actionClientsFor } from './clients';
import { RejectedEventError, enforce, reconcileAccounts } from './enforce';
import { RecheckDeps, recheck } from './recheck';

/** Organizations' API lives in us-east-1. */
const ORGANIZATIONS_REGION = 'us-east-1';

let deps: RecheckDeps | undefined;

function containerDeps(): RecheckDeps {
  const env = readEnv(['table', 'busName', 'schedulerRoleArn', 'enforcerArn']);
  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient(CLIENT_DEFAULTS), { marshallOptions: { removeUndefinedValues: true } });
  const bus = new GuardrailBus(new EventBridgeClient(CLIENT_DEFAULTS), env.busName);
  const states = new StateStore(ddb, env.table);
  let organizations: OrganizationsClient | undefined;
  return {
    catalog: new CatalogStore(ddb, env.table),
    ledger: new DynamoLedger(ddb, env.table),
    publish: (detail) => bus.publish(DETAIL_TYPES.guardrailActionTaken, detail),
    clientsFor: actionClientsFor(() => (organizations ??= new OrganizationsClient({ ...CLIENT_DEFAULTS, region: ORGANIZATIONS_REGION }))),
    clock: () => new Date(),
    gate: {
      holds: new HoldStore(ddb, env.table),
      exemptions: new ExemptionStore(ddb, env.table),
      // The enforcer's own one-time schedules (end of a grace period, a postponement, an exemption) invoke the enforcer.
      scheduler: new OneTimeScheduler(new SchedulerClient(CLIENT_DEFAULTS), {
        groupName: SCHEDULE_GROUP_NAME, targetArn: env.enforcerArn, roleArn: env.schedulerRoleArn,
      }),
      announceHold: (detail) => bus.publish(DETAIL_TYPES.guardrailHoldChanged, detail),
      announceExemption: (detail) => bus.publish(DETAIL_TYPES.guardrailExemptionChanged, detail),
    },
    storedEvent: async (accountId, month) => (await states.get(accountId, month))?.event,
  };
}

/** EventBridge's detail-type for a scheduled rule's event. */
const SCHEDULED_EVENT = 'Scheduled Event';

export async function handler(event: unknown) {
  if ((event as { kind?: unknown } | null)?.kind === RECHECK_KIND) {
    const payload = recheckPayloadSchema.parse(event);
    deps ??= containerDeps();
    const result = await recheck(deps, payload);
    console.log(JSON.stringify({ recheck: payload, ...result }));
    return result;
  }
  const envelope = envelopeSchema.parse(event);
  if (envelope['detail-type'] === SCHEDULED_EVENT && envelope.source === 'aws.events') return reconcile(envelope.id);
  if (envelope['detail-type'] === RECHECK_REQUESTED) return recheckRequested(envelope);
  if (envelope['detail-type'] !== DETAIL_TYPES.budgetStateChanged) {
    throw new Error(`the enforcer handles "${DETAIL_TYPES.budgetStateChanged}" and "${RECHECK_REQUESTED}" events, not "${envelope['detail-type']}"; check the hub rule's pattern`);
  }
  // Members may put events on the hub bus and `budget-guardrails` is not a reserved source: only
  // the hub's own evaluator may say what state an account is in.
  const { hubAccountId } = readEnv(['hubAccountId']);
  if (envelope.account !== hubAccountId) {
    throw new RejectedEventError(`rejected event ${envelope.id}: "${envelope['detail-type']}" put by account ${envelope.account}, not the hub ${hubAccountId}; nothing was done`);
  }
  const detail = budgetStateChangedSchema.safeParse(envelope.detail);
  if (!detail.success) {
    throw new Error(`rejected event ${envelope.id}: ${detail.error.issues.map((i) => `detail.${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  deps ??= containerDeps();
  const result = await enforce(deps, detail.data, envelope.id);
  console.log(JSON.stringify({ eventId: envelope.id, accountId: detail.data.accountId, state: detail.data.state, ...result }));
  // The evaluator announces changes only, so no later event retries a failed action while the state
  // holds: fail the invocation (after the report went out). The retry redoes only what is not done,
  // and in the end the event lands in the dead-letter queue, whose alarm tells ops.
  const failed = result.status === 'done' ? result.actions.filter((a) => a.outcome === 'failed') : [];
  if (failed.length > 0) {
    const what = failed.map((a) => `${a.direction} ${a.kind} ${a.target}${a.region ? ` (${a.region})` : ''}: ${a.error ?? 'failed'}`);
    throw new Error(`event ${envelope.id}: ${failed.length} action(s) failed for ${detail.data.accountName} (${detail.data.accountId}) at ${detail.data.state}: ${what.join('; ')}`);
  }
  return result;
}

/**
 * The periodic reconcile. Fails the invocation only for news: an account it could not reconcile,
 * or an action that failed differently from last time (a failure already announced is retried by
 * the next reconcile without a new message or a dead-letter entry every 15 minutes).
 */
async function reconcile(eventId: string) {
  deps ??= containerDeps();
  const reports = await reconcileAccounts(deps);
  const corrected = reports.filter((r) => r.actions.some((a) => a.outcome === 'applied'));
  console.log(JSON.stringify({ eventId, reconcile: reports.length, corrected: corrected.map((r) => r.accountId) }));
  const news = reports.flatMap((r) => [
    ...(r.error ? [`${r.accountName} (${r.accountId}): ${r.error}`] : []),
    ...r.actions.filter((a) => a.outcome === 'failed' && !a.repeatedFailure)
      .map((a) => `${r.accountName} (${r.accountId}) ${a.direction} ${a.kind} ${a.target}: ${a.error ?? 'failed'}`),
  ]);
  if (news.length > 0) throw new Error(`reconcile ${eventId}: ${news.join('; ')}`);
  return { status: 'reconciled', accounts: reports.length, corrected: corrected.length };
}

/** A recheck asked for on the bus (an approval, an exemption): only the hub's own principals may ask. */
async function recheckRequested(envelope: Envelope) {
  const { hubAccountId } = readEnv(['hubAccountId']);
  if (envelope.account !== hubAccountId) {
    throw new RejectedEventError(`rejected event ${envelope.id}: "${RECHECK_REQUESTED}" put by account ${envelope.account}, not the hub ${hubAccountId}; nothing was done`);
  }
  const detail = recheckRequestedSchema.parse(envelope.detail);
  deps ??= containerDeps();
  const result = await recheck(deps, { kind: RECHECK_KIND, ...detail });
  console.log(JSON.stringify({ eventId: envelope.id, recheck: detail, ...result }));
  return result;
}
