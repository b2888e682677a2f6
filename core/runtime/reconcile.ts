/**
 * Reconciling a ledger with what EC2 reports (DescribeInstances every 5 minutes): a missed stop
 * or start becomes a correction transition at the best known time, and each correction is
 * returned so the caller can log it. Later, the real (late) event still merges exactly: the
 * earliest of two equal transitions is the one that counts.
 */
import { RuntimeLedger, applyTransition, runningAt, usedSeconds } from './ledger';
import { monthStart } from './month';

export interface ObservedInstance {
  readonly instanceId: string;
  readonly region: string;
  readonly running: boolean;
  /** Running: when it last started (LaunchTime). Stopped: when it stopped, if EC2 says. */
  readonly since?: number;
  readonly instanceType?: string;
  readonly hourlyUsd?: number;
}

export interface Correction {
  readonly instanceId: string;
  /** missed-stop / missed-start: a lost event; gone: EC2 no longer reports it; earlier-stop: a lost `stopping` (only `stopped` came). */
  readonly reason: 'missed-stop' | 'missed-start' | 'gone' | 'earlier-stop';
  readonly region: string;
  readonly ledgerSaid: 'running' | 'stopped';
  readonly ec2Says: 'running' | 'stopped' | 'absent';
  readonly correctedAt: number;
}

/**
 * `observed` is every group instance EC2 reports in `regions` (any state); an instance the
 * ledger tracks in one of those regions that EC2 no longer reports is treated as stopped now.
 */
export function reconcile(
  ledger: RuntimeLedger, observed: readonly ObservedInstance[], regions: readonly string[], now: number,
): { ledger: RuntimeLedger; corrections: Correction[] } {
  const running = new Map(runningAt(ledger, now).map((r) => [r.instanceId, r]));
  const seen = new Map(observed.map((o) => [o.instanceId, o]));
  const corrections: Correction[] = [];
  let next = ledger;

  for (const o of observed) {
    const tracked = running.get(o.instanceId);
    if (o.running && !tracked) {
      const lastKnown = lastEventAt(next, o.instanceId);
      const since = o.since !== undefined && o.since > lastKnown && o.since <= now ? o.since : now;
      next = applyTransition(next, {
        instanceId: o.instanceId, at: Math.max(since, monthStart(ledger.month)), transition: 'run', source: 'reconcile',
        region: o.region, instanceType: o.instanceType, hourlyUsd: o.hourlyUsd,
      }).ledger;
      corrections.push({ instanceId: o.instanceId, reason: 'missed-start', region: o.region, ledgerSaid: 'stopped', ec2Says: 'running', correctedAt: Math.floor(since) });
    } else if (!o.running && tracked) {
      const at = o.since !== undefined && o.since >= tracked.since && o.since <= now ? o.since : now;
      next = applyTransition(next, {
        instanceId: o.instanceId, at, transition: 'stop', source: 'reconcile', region: o.region,
      }).ledger;
      corrections.push({ instanceId: o.instanceId, reason: 'missed-stop', region: o.region, ledgerSaid: 'running', ec2Says: 'stopped', correctedAt: Math.floor(at) });
    } else if (!o.running && !tracked && o.since !== undefined && o.since <= now && o.since > lastRunStart(next, o.instanceId)) {
      // Stopped on both sides; EC2's stop time is earlier when the `stopping` event was lost.
      const before = usedSeconds(next, now);
      const applied = applyTransition(next, { instanceId: o.instanceId, at: o.since, transition: 'stop', source: 'reconcile', region: o.region });
      if (applied.outcome === 'applied' && usedSeconds(applied.ledger, now) < before) {
        next = applied.ledger;
        corrections.push({ instanceId: o.instanceId, reason: 'earlier-stop', region: o.region, ledgerSaid: 'stopped', ec2Says: 'stopped', correctedAt: Math.floor(o.since) });
      }
    } else if (o.running && tracked && (o.hourlyUsd !== undefined || o.instanceType !== undefined)) {
      next = describe(next, o);
    }
  }
  for (const r of running.values()) {
    if (seen.has(r.instanceId) || !regions.includes(r.region)) continue;
    next = applyTransition(next, { instanceId: r.instanceId, at: now, transition: 'stop', source: 'reconcile', region: r.region }).ledger;
    corrections.push({ instanceId: r.instanceId, reason: 'gone', region: r.region, ledgerSaid: 'running', ec2Says: 'absent', correctedAt: Math.floor(now) });
  }
  return { ledger: next, corrections };
}

/** When the instance's last run began, per the ledger (-Infinity if it never ran this month). */
function lastRunStart(ledger: RuntimeLedger, instanceId: string): number {
  const track = ledger.instances[instanceId];
  if (!track) return -Infinity;
  const runs = track.events.filter((e) => e.transition === 'run');
  if (runs.length > 0) return runs[runs.length - 1].at;
  return track.base.runningSince ?? -Infinity;
}

function lastEventAt(ledger: RuntimeLedger, instanceId: string): number {
  const track = ledger.instances[instanceId];
  if (!track) return -Infinity;
  return track.events.length > 0 ? track.events[track.events.length - 1].at : track.base.until;
}

/** Refreshes instance type and price without touching the transitions. */
function describe(ledger: RuntimeLedger, o: ObservedInstance): RuntimeLedger {
  const track = ledger.instances[o.instanceId];
  if (!track) return ledger;
  return {
    ...ledger,
    instances: {
      ...ledger.instances,
      [o.instanceId]: { ...track, instanceType: o.instanceType ?? track.instanceType, hourlyUsd: o.hourlyUsd ?? track.hourlyUsd },
    },
  };
}
