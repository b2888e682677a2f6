/**
 * Replays cost history through the evaluator's own code (core/forecast `forecastMonth`,
 * core/budget `decide`), one evaluation every `everyHours` (the evaluation schedule), so a team
 * sees what the guardrail would have done before it enforces.
 *
 * At an evaluation on day d, the days before d are known in full and day d's usage in proportion
 * to the hours gone (fees, tax and credits of day d in full); days before the history are unknown. States carry over within a month as
 * they do in the state table, and start again each month.
 */
import { decide, Decision, Recorded } from '../budget/decide';
import { BudgetState, StateEvidence, maxState, severity } from '../budget/state';
import type { AccountPolicy, EnforcedState } from '../catalog/types';
import { ENFORCED_STATES } from '../catalog/types';
import { Forecast, ForecastInput, RATE_LOOKBACK_DAYS, RunningGroup, forecastMonth } from '../forecast';
import { describeState } from '../summary/actions';
import type { CostLine } from './history';

export interface ReplayOptions {
  /** Hours between evaluations (default 4: `rate(4 hours)`, the default schedule). */
  readonly everyHours?: number;
  /** The forecast under test (default: the evaluator's). */
  readonly forecaster?: (input: ForecastInput) => Forecast;
  /** Costly instances running at a time (the runtime ledger); none by default. */
  readonly running?: (accountId: string, at: Date) => readonly RunningGroup[];
  /** Called after every evaluation (benchmarks measure detection times with it). */
  readonly trace?: (at: Date, decision: Decision) => void;
  /** First and last day replayed, yyyy-mm-dd (default: the history's first and last day). */
  readonly from: string;
  readonly to: string;
}

export interface ReplayDay {
  readonly day: string;
  /** The state after the day's last evaluation, and what decided it. */
  readonly state: BudgetState;
  readonly decidedBy: StateEvidence;
  /** The highest state of the day: what enforcement would have acted on. */
  readonly peak: BudgetState;
  readonly actualUsd: number | null;
  readonly forecastUsd: number | null;
  readonly reason: string;
}

export interface Escalation {
  readonly at: string;
  readonly from: BudgetState;
  readonly to: BudgetState;
  readonly decidedBy: StateEvidence;
  readonly reason: string;
  /** What the catalog runs on entering `to` (cumulative: everything up to it), in words. */
  readonly actions: readonly string[];
  /**
   * A Critical/Shutdown (or Over) entered on forecast or running instances in a month whose final
   * actual stayed below that state's actual threshold. Null for actual or alarm evidence, and when
   * the history ends before the month does.
   */
  readonly falseAlarm: boolean | null;
}

export interface MonthOutcome {
  readonly month: string;
  readonly finalActualUsd: number;
  /** False when the history ends before the month does: its final actual is not known. */
  readonly complete: boolean;
}

export interface AccountReplay {
  readonly accountId: string;
  readonly name: string;
  readonly targetUsd: number;
  readonly mode: AccountPolicy['mode'];
  readonly days: readonly ReplayDay[];
  readonly escalations: readonly Escalation[];
  readonly months: readonly MonthOutcome[];
}

const DAY_MS = 86_400_000;
const dayStart = (day: string) => Date.parse(`${day}T00:00:00Z`);
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const lastDayOf = (month: string) => isoDay(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1) - DAY_MS);

/** Every day from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = dayStart(from); t <= dayStart(to); t += DAY_MS) days.push(isoDay(t));
  return days;
}

/** The lines an evaluation at `now` sees: earlier days in full, today's usage in proportion to the hours gone. */
function visibleAt(lines: readonly CostLine[], now: Date): CostLine[] {
  const today = isoDay(now.getTime());
  const share = (now.getTime() - dayStart(today)) / DAY_MS;
  return lines.flatMap((l) => {
    if (l.day < today) return [l];
    if (l.day > today) return [];
    return l.kind === 'usage' ? [{ ...l, usd: l.usd * share, estimated: true }] : [l];
  });
}

/** Month-end actual as the account counts it (credits and refunds only with costs.includeCredits). */
export function finalActual(policy: AccountPolicy, lines: readonly CostLine[]): number {
  return lines.filter((l) => policy.costs.includeCredits || (l.kind !== 'credit' && l.kind !== 'refund')).reduce((s, l) => s + l.usd, 0);
}

function actualThreshold(policy: AccountPolicy, state: EnforcedState): number {
  const T = policy.targetUsd ?? 0;
  if (state === 'over') return T;
  return (policy.states[state].actualPct / 100) * T;
}

export function replayAccount(policy: AccountPolicy, lines: readonly CostLine[], options: ReplayOptions): AccountReplay {
  const every = options.everyHours ?? 4;
  if (!(every > 0 && every <= 24 && Number.isInteger(24 / every))) throw new Error(`everyHours must divide 24 (1, 2, 3, 4, 6, 8, 12 or 24); got ${every}`);
  if (policy.targetUsd === null) throw new Error(`account ${policy.name} has no targetUsd (mode skip): nothing to replay`);
  const forecaster = options.forecaster ?? forecastMonth;
  const own = lines.filter((l) => l.accountId === policy.id);
  const byMonth = new Map<string, CostLine[]>();
  for (const l of own) {
    const list = byMonth.get(l.day.slice(0, 7)) ?? [];
    list.push(l);
    byMonth.set(l.day.slice(0, 7), list);
  }
  const days: ReplayDay[] = [];
  const pending: (Omit<Escalation, 'falseAlarm'> & { month: string })[] = [];
  const months: MonthOutcome[] = [];
  let recorded: Recorded | undefined;
  let month = '';
  const allDays = daysBetween(options.from, options.to);
  for (const day of allDays) {
    if (day.slice(0, 7) !== month) {
      month = day.slice(0, 7);
      recorded = undefined;
    }
    const monthLines = byMonth.get(month) ?? [];
    // The evaluator's query reaches back RATE_LOOKBACK_DAYS before the month for the run-rate.
    const lookback = isoDay(dayStart(`${month}-01`) - RATE_LOOKBACK_DAYS * DAY_MS);
    const seen = [...own.filter((l) => l.day >= lookback && l.day < `${month}-01`), ...monthLines];
    let peak: BudgetState = recorded?.state ?? 'unknown';
    let decision: Decision | undefined;
    for (let k = 1; k * every <= 24; k++) {
      // Just before the end of each period, so the day's last evaluation is the same day.
      const now = new Date(dayStart(day) + k * every * 3_600_000 - 60_000);
      const forecast = forecaster({
        charges: visibleAt(seen, now), now, includeCredits: policy.costs.includeCredits, running: options.running?.(policy.id, now) ?? [],
        dataFrom: options.from,
      });
      const previous = recorded?.state ?? 'unknown';
      decision = decide(policy, recorded, { kind: 'costs', forecast });
      if (severity(decision.state) > severity(previous) && (ENFORCED_STATES as readonly string[]).includes(decision.state)) {
        pending.push({
          month, at: now.toISOString(), from: previous, to: decision.state, decidedBy: decision.decidedBy, reason: decision.reason,
          actions: describeState(policy, decision.state as EnforcedState),
        });
      }
      options.trace?.(now, decision);
      peak = maxState(peak, decision.state);
      recorded = { ...decision, targetUsd: policy.targetUsd };
    }
    const d = decision as Decision;
    days.push({ day, state: d.state, decidedBy: d.decidedBy, peak, actualUsd: d.actualUsd, forecastUsd: d.forecastUsd, reason: d.reason });
    if (day === lastDayOf(month) || day === options.to) {
      months.push({ month, finalActualUsd: Math.round(finalActual(policy, monthLines) * 100) / 100, complete: day === lastDayOf(month) });
    }
  }
  const outcome = new Map(months.map((m) => [m.month, m]));
  const escalations = pending.map(({ month: m, ...e }): Escalation => {
    const final = outcome.get(m);
    const onForecast = e.decidedBy === 'forecast' || e.decidedBy === 'running-instances';
    const falseAlarm = !onForecast || !final?.complete ? null : final.finalActualUsd < actualThreshold(policy, e.to as EnforcedState) - 0.005;
    return { ...e, falseAlarm };
  });
  return { accountId: policy.id, name: policy.name, targetUsd: policy.targetUsd, mode: policy.mode, days, escalations, months };
}

export interface ReplaySummary {
  readonly daysIn: Readonly<Record<BudgetState, number>>;
  readonly escalations: number;
  /** Critical or Shutdown entered on forecast in a month whose final actual stayed below that state's actual threshold. */
  readonly falseEscalations: number;
  /** Over entered on forecast in a month that ended at or under the target. */
  readonly falseOver: number;
  /** Escalations on forecast in months the history does not finish. */
  readonly unresolved: number;
}

export function summarize(replay: AccountReplay): ReplaySummary {
  const daysIn = { unknown: 0, unused: 0, under: 0, 'on-target': 0, over: 0, critical: 0, shutdown: 0 } as Record<BudgetState, number>;
  for (const d of replay.days) daysIn[d.state]++;
  const destructive = (e: Escalation) => e.to === 'critical' || e.to === 'shutdown';
  return {
    daysIn,
    escalations: replay.escalations.length,
    falseEscalations: replay.escalations.filter((e) => destructive(e) && e.falseAlarm === true).length,
    falseOver: replay.escalations.filter((e) => e.to === 'over' && e.falseAlarm === true).length,
    unresolved: replay.escalations.filter((e) => e.falseAlarm === null && (e.decidedBy === 'forecast' || e.decidedBy === 'running-instances')).length,
  };
}
