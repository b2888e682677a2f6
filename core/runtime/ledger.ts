/**
 * The runtime ledger of one account, instance group and month: pure math, no I/O.
 *
 * Each instance keeps the state transitions seen for it (EC2 state-change events and reconcile
 * corrections), sorted by event time. Used seconds are the integral of "running" over the month,
 * so a duplicate event changes nothing and an out-of-order event lands where it belongs. Events
 * older than a day are folded into a per-instance base; an event older than the base is reported
 * as too late (the 5-minute reconcile corrects the state instead).
 *
 * Finished instances (stopped, nothing for them since FINISHED_FOLD_AFTER_SECONDS) are folded into
 * the group's totals (`finished`) and leave the ledger; the USD of every folded run stays in
 * `foldedDailyUsd` (per UTC day, at most 31 entries) so the evaluator can take a day's runtime-bound
 * spend out of its run-rate. The stored item thus depends on how many
 * instances run at once, not on how many came and went this month (DynamoDB items hold 400 KB).
 * Times are epoch seconds.
 */
import { monthEnd, monthStart } from './month';

export type Transition = 'run' | 'stop';
/** Where a transition came from: an EC2 event, a reconcile correction, or carried from last month. */
export type TransitionSource = 'event' | 'reconcile' | 'carry';

export interface LedgerEvent {
  readonly at: number;
  readonly transition: Transition;
  readonly source: TransitionSource;
}

/** Everything before `until` is folded: closed seconds, and the start of the open run (null if stopped). */
export interface InstanceBase {
  readonly until: number;
  readonly closedSeconds: number;
  readonly runningSince: number | null;
}

export interface InstanceTrack {
  readonly region: string;
  readonly instanceType?: string;
  readonly hourlyUsd?: number;
  readonly base: InstanceBase;
  /** Sorted by time (run before stop at the same second), every `at` ≥ base.until. */
  readonly events: readonly LedgerEvent[];
}

/** What finished instances used, folded out of `instances`. */
export interface FinishedTotals {
  readonly seconds: number;
  readonly instances: number;
  /** Just past the last event of any folded instance: a new instance's events before it are too late. */
  readonly until: number;
}

export interface RuntimeLedger {
  readonly accountId: string;
  readonly month: string;
  readonly group: string;
  readonly allowanceSeconds: number;
  readonly instances: Readonly<Record<string, InstanceTrack>>;
  /** Absent in ledgers written before finished instances were folded (same as zero). */
  readonly finished?: FinishedTotals;
  /**
   * USD of the runs folded out of the instance events (closed runs folded into a base, finished
   * instances), per UTC day "yyyy-mm-dd": seconds × the instance's hourlyUsd (0 without a price).
   */
  readonly foldedDailyUsd?: Readonly<Record<string, number>>;
  /** Alert thresholds (percent) recorded as crossed this month: each is claimed exactly once. */
  readonly crossedPct: readonly number[];
  /** The crossed thresholds whose `Runtime Threshold Crossed` event has been published. */
  readonly alertedPct: readonly number[];
  /** When the allowance was first found used up this month. */
  readonly limitReachedAt: number | null;
}

/** Events older than this are folded into the instance base. */
export const FOLD_AFTER_SECONDS = 24 * 3600;
/**
 * A stopped instance with no event for this long leaves the ledger for the group totals. Longer
 * than any EventBridge redelivery (the hub's targets give up on events older than an hour).
 */
export const FINISHED_FOLD_AFTER_SECONDS = 2 * 3600;
/** The ledger's JSON is kept below this, well under DynamoDB's 400 KB item with the other attributes. */
export const MAX_LEDGER_JSON_BYTES = 250_000;

export type ApplyOutcome = 'applied' | 'duplicate' | 'too-late' | 'outside-month';

export interface TransitionInput {
  readonly instanceId: string;
  readonly at: number;
  readonly transition: Transition;
  readonly source: TransitionSource;
  readonly region: string;
  readonly instanceType?: string;
  readonly hourlyUsd?: number;
}

export interface RunningInstance {
  readonly instanceId: string;
  readonly since: number;
  readonly region: string;
  readonly instanceType?: string;
  readonly hourlyUsd?: number;
}

const EMPTY_BASE = (ledger: RuntimeLedger): InstanceBase =>
  ({ until: Math.max(monthStart(ledger.month), ledger.finished?.until ?? 0), closedSeconds: 0, runningSince: null });

export function emptyLedger(accountId: string, month: string, group: string, allowanceSeconds: number): RuntimeLedger {
  if (!(allowanceSeconds > 0)) throw new Error(`allowanceSeconds must be above 0 (got ${allowanceSeconds}); set runtimeBudgets[].minutesPerMonth`);
  monthStart(month);
  return { accountId, month, group, allowanceSeconds, instances: {}, crossedPct: [], alertedPct: [], limitReachedAt: null };
}

/**
 * The ledger of the month after `previous`: fresh counters, and every instance still running at
 * the end of `previous` running again from the first second of the new month.
 */
export function carryOver(previous: RuntimeLedger, month: string, allowanceSeconds: number): RuntimeLedger {
  const start = monthStart(month);
  const fresh = emptyLedger(previous.accountId, month, previous.group, allowanceSeconds);
  const instances: Record<string, InstanceTrack> = {};
  for (const r of runningAt(previous, monthEnd(previous.month))) {
    instances[r.instanceId] = {
      region: r.region, instanceType: r.instanceType, hourlyUsd: r.hourlyUsd,
      base: { until: start, closedSeconds: 0, runningSince: start },
      events: [],
    };
  }
  return { ...fresh, instances };
}

const order = (a: LedgerEvent, b: LedgerEvent) =>
  a.at - b.at || (a.transition === b.transition ? 0 : a.transition === 'run' ? -1 : 1);

interface Integral { readonly seconds: number; readonly closedSeconds: number; readonly runningSince: number | null; readonly lastAt: number }

/** The runs of one instance closed by a stop after its base, up to `until`, and the open run's start. */
function runsAfterBase(track: InstanceTrack, until: number): { closed: [number, number][]; since: number | null } {
  const closed: [number, number][] = [];
  let since = track.base.runningSince;
  for (const e of track.events) {
    if (e.at > until) break;
    if (e.transition === 'run' && since === null) since = e.at;
    else if (e.transition === 'stop' && since !== null) {
      closed.push([since, e.at]);
      since = null;
    }
  }
  return { closed, since };
}

const DAY_SECONDS = 86_400;
const dayKey = (at: number) => new Date(at * 1000).toISOString().slice(0, 10);

/** Adds the USD of a run [from, to) at `hourlyUsd` to `into`, split by UTC day. */
function addRunUsd(into: Record<string, number>, from: number, to: number, hourlyUsd: number): void {
  for (let t = from; t < to;) {
    const next = Math.min(to, Math.floor(t / DAY_SECONDS) * DAY_SECONDS + DAY_SECONDS);
    into[dayKey(t)] = (into[dayKey(t)] ?? 0) + ((next - t) / 3600) * hourlyUsd;
    t = next;
  }
}

const roundDaily = (daily: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(daily).sort(([a], [b]) => a.localeCompare(b)).map(([d, usd]) => [d, Math.round(usd * 10000) / 10000]));

/**
 * The group's runtime-bound spend per UTC day of the month up to `now`: folded runs, closed runs
 * still in the events, and open runs up to now, each at its instance's hourly price.
 */
export function dailySpendUsd(ledger: RuntimeLedger, now: number): Record<string, number> {
  const until = clampToMonth(ledger, now);
  const out: Record<string, number> = { ...(ledger.foldedDailyUsd ?? {}) };
  for (const track of Object.values(ledger.instances)) {
    const { closed, since } = runsAfterBase(track, until);
    const price = track.hourlyUsd ?? 0;
    for (const [from, to] of closed) addRunUsd(out, from, to, price);
    if (since !== null && until > since) addRunUsd(out, since, until, price);
  }
  return roundDaily(out);
}

/** Running seconds of one instance from the month start up to `until`. */
function integrate(track: InstanceTrack, until: number): Integral {
  let closed = track.base.closedSeconds;
  let since = track.base.runningSince;
  let lastAt = track.base.until;
  for (const e of track.events) {
    if (e.at > until) break;
    lastAt = e.at;
    if (e.transition === 'run' && since === null) since = e.at;
    else if (e.transition === 'stop' && since !== null) {
      closed += e.at - since;
      since = null;
    }
  }
  const open = since !== null && until > since ? until - since : 0;
  return { seconds: closed + open, closedSeconds: closed, runningSince: since, lastAt };
}

const clampToMonth = (ledger: RuntimeLedger, at: number) => Math.min(Math.max(at, monthStart(ledger.month)), monthEnd(ledger.month));

export function instanceSeconds(ledger: RuntimeLedger, instanceId: string, now: number): number {
  const track = ledger.instances[instanceId];
  return track ? integrate(track, clampToMonth(ledger, now)).seconds : 0;
}

export function usedSeconds(ledger: RuntimeLedger, now: number): number {
  const until = clampToMonth(ledger, now);
  let total = ledger.finished?.seconds ?? 0;
  for (const track of Object.values(ledger.instances)) total += integrate(track, until).seconds;
  return total;
}

export function runningAt(ledger: RuntimeLedger, now: number): RunningInstance[] {
  const until = clampToMonth(ledger, now);
  const out: RunningInstance[] = [];
  for (const [instanceId, track] of Object.entries(ledger.instances)) {
    const { runningSince } = integrate(track, until);
    if (runningSince !== null) {
      out.push({ instanceId, since: runningSince, region: track.region, instanceType: track.instanceType, hourlyUsd: track.hourlyUsd });
    }
  }
  return out.sort((a, b) => a.instanceId.localeCompare(b.instanceId));
}

/**
 * Applies one state transition by its event time. Times before the month start count as the
 * month start (the instance was already running or stopped when the month began); times at or
 * after the month end belong to the next month's ledger.
 */
export function applyTransition(ledger: RuntimeLedger, input: TransitionInput): { ledger: RuntimeLedger; outcome: ApplyOutcome } {
  if (input.at >= monthEnd(ledger.month)) return { ledger, outcome: 'outside-month' };
  let at = Math.floor(Math.max(input.at, monthStart(ledger.month)));
  const existing = ledger.instances[input.instanceId];
  // An instance folded away (or never seen) before the fold point: EC2's own view (reconcile)
  // counts from the fold point; a late event is too late, as for any base.
  if (!existing && input.source === 'reconcile') at = Math.max(at, ledger.finished?.until ?? 0);
  const track: InstanceTrack = existing ?? { region: input.region, base: EMPTY_BASE(ledger), events: [] };
  const described: InstanceTrack = {
    ...track,
    region: input.region || track.region,
    instanceType: input.instanceType ?? track.instanceType,
    hourlyUsd: input.hourlyUsd ?? track.hourlyUsd,
  };
  if (at < track.base.until) return { ledger: withTrack(ledger, input.instanceId, described), outcome: 'too-late' };
  if (track.events.some((e) => e.at === at && e.transition === input.transition)) {
    return { ledger: withTrack(ledger, input.instanceId, described), outcome: 'duplicate' };
  }
  const events = [...track.events, { at, transition: input.transition, source: input.source }].sort(order);
  return { ledger: withTrack(ledger, input.instanceId, { ...described, events }), outcome: 'applied' };
}

const withTrack = (ledger: RuntimeLedger, instanceId: string, track: InstanceTrack): RuntimeLedger =>
  ({ ...ledger, instances: { ...ledger.instances, [instanceId]: track } });

/** Folds every event before `before` into the instance bases; used seconds are unchanged. */
export function compact(ledger: RuntimeLedger, before: number): RuntimeLedger {
  const instances: Record<string, InstanceTrack> = {};
  const daily: Record<string, number> = { ...(ledger.foldedDailyUsd ?? {}) };
  let moved = false;
  for (const [id, track] of Object.entries(ledger.instances)) {
    const old = track.events.filter((e) => e.at < before);
    if (old.length === 0 || before <= track.base.until) {
      instances[id] = track;
      continue;
    }
    const folded = integrate({ ...track, events: old }, before);
    // Runs closed before the fold point leave the events: their USD stays by day. The open run keeps its start in the base.
    for (const [from, to] of runsAfterBase({ ...track, events: old }, before).closed) addRunUsd(daily, from, to, track.hourlyUsd ?? 0);
    moved = true;
    instances[id] = {
      ...track,
      base: { until: before, closedSeconds: folded.closedSeconds, runningSince: folded.runningSince },
      events: track.events.filter((e) => e.at >= before),
    };
  }
  return moved ? { ...ledger, instances, foldedDailyUsd: roundDaily(daily) } : { ...ledger, instances };
}

/** Total hourly on-demand price of the instances running at `now` (the evaluator's spend signal). */
export const runningHourlyUsd = (ledger: RuntimeLedger, now: number): number =>
  runningAt(ledger, now).reduce((sum, r) => sum + (r.hourlyUsd ?? 0), 0);

/** The instance's stopped state at `before` with nothing after: its closed seconds, else null. */
function finishedBy(track: InstanceTrack, before: number): number | null {
  if (track.events.some((e) => e.at >= before)) return null;
  const folded = integrate(track, before);
  return folded.runningSince === null ? folded.closedSeconds : null;
}

/**
 * Moves every instance stopped before `before` (with no later event) into the group totals;
 * used seconds are unchanged.
 */
export function foldFinished(ledger: RuntimeLedger, before: number): RuntimeLedger {
  const instances: Record<string, InstanceTrack> = {};
  let seconds = ledger.finished?.seconds ?? 0;
  let count = ledger.finished?.instances ?? 0;
  // Past the last event of every folded instance: a replay of any of them is then too late.
  let until = ledger.finished?.until ?? monthStart(ledger.month);
  const daily: Record<string, number> = { ...(ledger.foldedDailyUsd ?? {}) };
  for (const [id, track] of Object.entries(ledger.instances)) {
    const closed = finishedBy(track, before);
    if (closed === null) instances[id] = track;
    else {
      for (const [from, to] of runsAfterBase(track, before).closed) addRunUsd(daily, from, to, track.hourlyUsd ?? 0);
      seconds += closed;
      count += 1;
      until = Math.max(until, track.events.length > 0 ? track.events[track.events.length - 1].at + 1 : track.base.until);
    }
  }
  if (count === (ledger.finished?.instances ?? 0)) return ledger;
  return { ...ledger, instances, finished: { seconds, instances: count, until }, foldedDailyUsd: roundDaily(daily) };
}

const jsonBytes = (ledger: RuntimeLedger) => Buffer.byteLength(JSON.stringify(ledger), 'utf8');

/**
 * The ledger as it is stored: events older than a day folded into the instance bases, finished
 * instances into the group totals; and if it would still be larger than `maxBytes` (a burst of
 * short-lived instances), every finished instance whatever its age, then every event of running
 * instances. A group with so many instances running at once that even that does not fit is left
 * as it is (DynamoDB then refuses the write, and the meter's error alarm says so).
 */
export function boundedLedger(ledger: RuntimeLedger, now: number, maxBytes = MAX_LEDGER_JSON_BYTES): RuntimeLedger {
  let out = foldFinished(compact(ledger, now - FOLD_AFTER_SECONDS), now - FINISHED_FOLD_AFTER_SECONDS);
  if (jsonBytes(out) <= maxBytes) return out;
  out = foldFinished(out, now + 1);
  if (jsonBytes(out) <= maxBytes) return out;
  return compact(out, now + 1);
}

