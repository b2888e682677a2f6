/**
 * The evaluator's core: given a parsed request, its clients and its clock, decide each account's
 * state for the month, record changes (and newly crossed alert thresholds) with a conditional
 * write and announce them on the bus.
 */
import type { BudgetState, StateEvidence } from '../../core/budget/state';
import { thresholdKey } from '../../core/budget/thresholds';
import type { AccountPolicy } from '../../core/catalog/types';
import { BudgetStateChanged, BudgetThresholdCrossed, DETAIL_TYPES } from '../../core/events/schemas';
import { OrgCosts, RunningGroup, chargesOf, costQueryWindow, forecastMonth } from '../../core/forecast';
import { monthOf } from '../../core/storage/keys';
import type { StateStore, StoredState } from '../aws/state-store';
import { planAlerts, strandedAlerts } from './alerts';
import { Decision, Evidence, decide } from '../../core/budget/decide';
import { EvaluationRequest, authorize, parseRequest } from './request';

export interface EvaluatorDeps {
  readonly accounts: () => Promise<readonly AccountPolicy[]>;
  /** One grouped query for the org, in every metric the accounts use. */
  readonly costs: { monthToDate(now: Date, metrics: readonly string[]): Promise<OrgCosts> };
  readonly running: { groups(accountId: string, month: string, now: Date): Promise<RunningGroup[]> };
  readonly states: Pick<StateStore, 'get' | 'save' | 'markPublished' | 'markAlertsPublished'>;
  readonly bus: {
    publish(detailType: typeof DETAIL_TYPES.budgetStateChanged, detail: BudgetStateChanged): Promise<void>;
    publish(detailType: typeof DETAIL_TYPES.budgetThresholdCrossed, detail: BudgetThresholdCrossed): Promise<void>;
  };
  readonly ops: { report(subject: string, details: Record<string, unknown>): Promise<void> };
  readonly now: () => Date;
  readonly hubAccountId: string;
  /** A stored change (or threshold alert) not yet on the bus after this long is announced again (the writer crashed). */
  readonly republishAfterMs?: number;
}

export interface AccountOutcome {
  readonly accountId: string;
  readonly accountName: string;
  readonly previousState: BudgetState;
  readonly state: BudgetState;
  readonly changed: boolean;
  readonly reason: string;
  readonly decidedBy: StateEvidence;
  /** Alert thresholds announced by this evaluation (`actual:80`, `forecast:100`). */
  readonly alerted: readonly string[];
}

export type EvaluationResult =
  | { readonly status: 'rejected'; readonly why: string }
  | { readonly status: 'ignored'; readonly why: string }
  | {
    readonly status: 'evaluated'; readonly trigger: EvaluationRequest['trigger'];
    readonly costData: 'ok' | 'none' | 'failed' | 'not-needed'; readonly accounts: readonly AccountOutcome[];
  };

const MAX_WRITE_ATTEMPTS = 3;
const DEFAULT_REPUBLISH_AFTER_MS = 5 * 60 * 1000;
const message = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

export async function handleEvaluatorEvent(raw: unknown, deps: EvaluatorDeps): Promise<EvaluationResult> {
  const parsed = parseRequest(raw, deps.hubAccountId);
  if (!parsed.ok) return rejectEvent(parsed.why, raw, deps);
  const catalog = await deps.accounts();
  const authorized = authorize(parsed.request, catalog);
  if (!authorized.ok) return rejectEvent(authorized.why, raw, deps);
  const accounts = authorized.accounts.filter((a) => a.mode !== 'skip' && a.targetUsd !== null);
  if (accounts.length === 0) return { status: 'ignored', why: 'no account to evaluate (mode skip)' };
  return evaluate(parsed.request, accounts, authorized.alarmPct, deps);
}

async function rejectEvent(why: string, raw: unknown, deps: EvaluatorDeps): Promise<EvaluationResult> {
  await deps.ops.report('evaluator rejected an event', { why, event: raw });
  return { status: 'rejected', why };
}

async function evaluate(request: EvaluationRequest, accounts: readonly AccountPolicy[], alarmPct: number | undefined, deps: EvaluatorDeps): Promise<EvaluationResult> {
  const now = deps.now();
  const month = monthOf(now);

  if (request.trigger === 'alarm') {
    if (request.alarmState !== 'ALARM' || alarmPct === undefined) {
      return { status: 'ignored', why: `alarm ${request.alarmName} is ${request.alarmState}: only an actual-spend threshold in ALARM moves the state before the next Cost Explorer run` };
    }
    // Billing figures restart each month: an alarm about last month's spend proves nothing about this one.
    const spendMonth = observedMonth(request.reason) ?? monthOf(new Date(request.at));
    if (spendMonth !== month) {
      return { status: 'ignored', why: `alarm ${request.alarmName} is about the spend of ${spendMonth}, and it is ${month} now` };
    }
    const observedUsd = observedValue(request.reason);
    const evidence: Evidence = { kind: 'alarm', alarmName: request.alarmName, actualPct: alarmPct, observedUsd };
    const outcome = await settle(accounts[0], month, now, () => evidence, deps);
    return { status: 'evaluated', trigger: request.trigger, costData: 'not-needed', accounts: [outcome] };
  }

  // One Cost Explorer call for the whole organization, whatever the number of accounts.
  let costs: OrgCosts | undefined;
  let costFailure: string | undefined;
  try {
    costs = await deps.costs.monthToDate(now, [...new Set(accounts.map((a) => a.costs.metric))]);
  } catch (error) {
    costFailure = message(error);
    await deps.ops.report('evaluator could not read Cost Explorer; states kept', { error: costFailure, month, at: now.toISOString() });
  }

  const outcomes: AccountOutcome[] = [];
  const failures: string[] = [];
  for (const account of accounts) {
    // One account's failure (a throttled write, a failed publish) must not hold back the others.
    try {
      const evidence = await evidenceFor(account, month, now, costs, costFailure, deps);
      outcomes.push(await settle(account, month, now, () => evidence, deps));
    } catch (error) {
      failures.push(`${account.name} (${account.id}): ${message(error)}`);
    }
  }
  if (failures.length > 0) {
    // Fail the invocation so Lambda retries it (settling is idempotent) and the errors alarm sees it.
    await deps.ops.report('evaluator could not settle some accounts', { failures, month, at: now.toISOString() });
    throw new Error(`evaluation failed for ${failures.length} account(s): ${failures.join('; ')}`);
  }
  return { status: 'evaluated', trigger: request.trigger, costData: costFailure ? 'failed' : costs?.hasData ? 'ok' : 'none', accounts: outcomes };
}

async function evidenceFor(
  account: AccountPolicy, month: string, now: Date, costs: OrgCosts | undefined, costFailure: string | undefined, deps: EvaluatorDeps,
): Promise<Evidence> {
  if (!costs) return { kind: 'missing', why: `Cost Explorer failed: ${costFailure}` };
  if (!costs.hasData) return { kind: 'missing', why: `Cost Explorer has no data for ${month} yet` };
  let running: RunningGroup[];
  try {
    running = await deps.running.groups(account.id, month, now);
  } catch (error) {
    return { kind: 'missing', why: `the runtime ledger could not be read: ${message(error)}` };
  }
  // An account without a row in a non-empty org result spent nothing this month.
  const forecast = forecastMonth({
    charges: chargesOf(costs, account.id, account.costs.metric), now, running, includeCredits: account.costs.includeCredits,
    dataFrom: costQueryWindow(now).Start,
  });
  return { kind: 'costs', forecast };
}

/** Reads, decides and writes conditionally; on a lost race it reads again and decides again. */
async function settle(account: AccountPolicy, month: string, now: Date, evidence: () => Evidence, deps: EvaluatorDeps): Promise<AccountOutcome> {
  for (let attempt = 1; ; attempt++) {
    const read = await deps.states.get(account.id, month);
    const recorded = read && await republishIfStranded(account, month, read, now, deps);
    const previousState = recorded?.state ?? 'unknown';
    const seen = evidence();
    const decision = decide(account, recorded, seen);
    const changed = decision.state !== previousState;
    const at = now.toISOString();
    const alerts = planAlerts(account, month, recorded, seen, decision, at);
    const outcome = { accountId: account.id, accountName: account.name, previousState, state: decision.state, changed, reason: decision.reason, decidedBy: decision.decidedBy, alerted: alerts.fresh.map((a) => thresholdKey({ measure: a.measure, pct: a.thresholdPct })) };
    // Missing data teaches nothing new: no write unless it changes the state (it never lowers one).
    if (!changed && alerts.fresh.length === 0 && (seen.kind === 'missing' || !figuresMoved(recorded, decision))) return outcome;
    const event: BudgetStateChanged | undefined = changed ? {
      accountId: account.id, accountName: account.name, month, previousState, state: decision.state,
      actualUsd: decision.actualUsd, forecastUsd: decision.forecastUsd, targetUsd: account.targetUsd ?? 0,
      reason: decision.reason, decidedBy: decision.decidedBy, dryRun: account.mode === 'check', at,
    } : undefined;
    const { saved, version } = await deps.states.save(account.id, month, {
      ...decision,
      targetUsd: account.targetUsd ?? 0,
      evaluatedAt: at,
      changedAt: changed ? at : recorded?.changedAt ?? at,
      event: event ?? recorded?.event,
      published: event ? false : recorded?.published ?? true,
      alerted: alerts.alerted,
      alerts: alerts.alerts,
      alertsPublished: alerts.alertsPublished,
    }, recorded?.version);
    if (!saved) {
      if (attempt >= MAX_WRITE_ATTEMPTS) throw new Error(`state of ${account.name} (${account.id}) for ${month} kept changing under ${MAX_WRITE_ATTEMPTS} attempts; the next run decides again`);
      continue;
    }
    if (event) {
      await deps.bus.publish(DETAIL_TYPES.budgetStateChanged, event);
      await deps.states.markPublished(account.id, month, version);
    }
    if (alerts.fresh.length > 0) {
      // Earlier alerts still stranded ride along: the item keeps one list of what is not yet on the bus.
      for (const alert of alerts.alerts ?? []) await deps.bus.publish(DETAIL_TYPES.budgetThresholdCrossed, alert);
      await deps.states.markAlertsPublished(account.id, month, version);
    }
    return outcome;
  }
}

const figuresMoved = (recorded: StoredState | undefined, decision: Decision) =>
  !recorded || recorded.actualUsd !== decision.actualUsd || recorded.forecastUsd !== decision.forecastUsd || recorded.floor !== decision.floor
  || recorded.decidedBy !== decision.decidedBy;

async function republishIfStranded(account: AccountPolicy, month: string, read: StoredState, now: Date, deps: EvaluatorDeps): Promise<StoredState> {
  const after = deps.republishAfterMs ?? DEFAULT_REPUBLISH_AFTER_MS;
  let recorded = read;
  if (!recorded.published && recorded.event && now.getTime() - Date.parse(recorded.changedAt) >= after) {
    await deps.bus.publish(DETAIL_TYPES.budgetStateChanged, recorded.event);
    await deps.states.markPublished(account.id, month, recorded.version);
    recorded = { ...recorded, published: true };
  }
  const alerts = strandedAlerts(recorded, now, after);
  if (alerts.length > 0) {
    for (const alert of alerts) await deps.bus.publish(DETAIL_TYPES.budgetThresholdCrossed, alert);
    await deps.states.markAlertsPublished(account.id, month, recorded.version);
    recorded = { ...recorded, alertsPublished: true };
  }
  return recorded;
}

/** The month of the datapoint CloudWatch's reason names ("[5612.34 (30/11/26 18:00:00)]", dd/mm/yy UTC), if it names one. */
export function observedMonth(reason: string | undefined): string | undefined {
  const m = reason ? /\[\d+(?:\.\d+)? \((\d{2})\/(\d{2})\/(\d{2}) \d{2}:\d{2}:\d{2}\)/.exec(reason) : null;
  return m ? `20${m[3]}-${m[2]}` : undefined;
}

/** CloudWatch's reason names the datapoint: "... 1 datapoint [5612.34 (03/11/26 06:00:00)] was greater than ...". */
export function observedValue(reason: string | undefined): number | null {
  const m = reason ? /\[(\d+(?:\.\d+)?) \(/.exec(reason) : null;
  return m ? Number(m[1]) : null;
}
