/**
 * Turns what invoked the evaluator into a request, or a rejection saying why. Nothing here trusts
 * the payload: the envelope, the detail and the account are all checked before anything acts.
 */
import type { AccountPolicy } from '../../core/catalog/types';
import {
  AWS_DETAIL_TYPES, EVALUATION_TRIGGER_TYPES, EVENT_SOURCE, alarmStateChangeDetailSchema, envelopeSchema,
  evaluatorInvocationSchema, runtimeLedgerChangedSchema,
} from '../../core/events/schemas';
import { actualAlarmName, billingAlarmPrefix } from '../../core/naming/resources';

export type EvaluationRequest =
  | { readonly trigger: 'schedule' }
  | { readonly trigger: 'runtime-ledger'; readonly accountId: string }
  | {
    readonly trigger: 'alarm'; readonly accountId: string; readonly alarmName: string;
    readonly alarmState: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'; readonly reason?: string;
    /** When the alarm changed state (the envelope's time). */
    readonly at: string;
  };

export type Parsed = { readonly ok: true; readonly request: EvaluationRequest } | { readonly ok: false; readonly why: string };

const SCHEDULED = 'Scheduled Event';
const reject = (why: string): Parsed => ({ ok: false, why });
const issues = (error: { issues: { path: PropertyKey[]; message: string }[] }) =>
  error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');

/** Shape checks only; whether the account is in the catalog is checked by `authorize`. */
export function parseRequest(raw: unknown, hubAccountId: string): Parsed {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) {
    const direct = evaluatorInvocationSchema.safeParse(raw);
    if (direct.success) return { ok: true, request: direct.data.trigger === 'schedule' ? { trigger: 'schedule' } : { trigger: 'runtime-ledger', accountId: direct.data.accountId } };
    return reject(`not an EventBridge event nor an evaluator invocation: ${issues(direct.error)}`);
  }
  const e = envelope.data;
  const type = e['detail-type'];
  if (type === SCHEDULED && (e.source === 'aws.events' || e.source === 'aws.scheduler')) {
    if (e.account !== hubAccountId) return reject(`scheduled event from account ${e.account}, not the hub ${hubAccountId}`);
    return { ok: true, request: { trigger: 'schedule' } };
  }
  if (type === AWS_DETAIL_TYPES.alarmStateChange && e.source === 'aws.cloudwatch') {
    const detail = alarmStateChangeDetailSchema.safeParse(e.detail);
    if (!detail.success) return reject(`alarm state change with an invalid detail: ${issues(detail.error)}`);
    if (Number.isNaN(Date.parse(e.time))) return reject(`alarm state change with a time "${e.time}" that is not an ISO-8601 time`);
    return {
      ok: true,
      request: { trigger: 'alarm', accountId: e.account, alarmName: detail.data.alarmName, alarmState: detail.data.state.value, reason: detail.data.state.reason, at: e.time },
    };
  }
  if (type === EVALUATION_TRIGGER_TYPES.runtimeLedgerChanged && e.source === EVENT_SOURCE) {
    // Members may put events on the hub bus; only the hub's runtime meter speaks for the guardrail.
    if (e.account !== hubAccountId) return reject(`"${type}" put by account ${e.account}, not the hub ${hubAccountId}`);
    const detail = runtimeLedgerChangedSchema.safeParse(e.detail);
    if (!detail.success) return reject(`"${type}" with an invalid detail: ${issues(detail.error)}`);
    return { ok: true, request: { trigger: 'runtime-ledger', accountId: detail.data.accountId } };
  }
  return reject(`unexpected event "${type}" from source "${e.source}"`);
}

export type Authorized =
  | { readonly ok: true; readonly accounts: readonly AccountPolicy[]; readonly alarmPct?: number }
  | { readonly ok: false; readonly why: string };

/** The threshold percentage of an actual-spend alarm name of this account, if it is one. */
export function actualAlarmPct(account: AccountPolicy, alarmName: string): number | undefined {
  return account.alerts.actualPct.find((pct) => actualAlarmName(account.name, pct) === alarmName);
}

/** Binds the request to catalog accounts; unknown accounts and alarms not named for the account are refused. */
export function authorize(request: EvaluationRequest, catalog: readonly AccountPolicy[]): Authorized {
  if (request.trigger === 'schedule') return { ok: true, accounts: catalog };
  const account = catalog.find((a) => a.id === request.accountId);
  if (!account) return { ok: false, why: `account ${request.accountId} is not in the catalog` };
  if (request.trigger === 'runtime-ledger') return { ok: true, accounts: [account] };
  if (!request.alarmName.startsWith(billingAlarmPrefix(account.name))) {
    return { ok: false, why: `alarm "${request.alarmName}" from account ${account.id} is not one of ${account.name}'s billing alarms (${billingAlarmPrefix(account.name)}*)` };
  }
  return { ok: true, accounts: [account], alarmPct: actualAlarmPct(account, request.alarmName) };
}
