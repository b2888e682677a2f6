/** When held actions may run, and when the one-time schedule that rechecks a hold should fire. */
import type { Hold } from './types';

export const graceOver = (h: Pick<Hold, 'graceUntil'>, now: Date) => h.graceUntil === null || Date.parse(h.graceUntil) <= now.getTime();

/** The held actions may run now: not cancelled, grace period over, and approved when an approval is asked. */
export function isOpen(h: Hold, now: Date): boolean {
  if (h.status === 'cancelled' || h.status === 'postponed') return false;
  if (!graceOver(h, now)) return false;
  return !h.approval || h.status === 'approved' || h.status === 'released';
}

/** The time the enforcer must look at the hold again (end of the grace period, or of a postponement). */
export function recheckAt(h: Hold, now: Date): string | undefined {
  if (h.status === 'cancelled' || h.status === 'released') return undefined;
  if (h.status === 'postponed') return h.postponedUntil;
  return graceOver(h, now) ? undefined : h.graceUntil ?? undefined;
}

/** A postponed hold whose time came: the owners are asked again. */
export const postponementOver = (h: Hold, now: Date) =>
  h.status === 'postponed' && h.postponedUntil !== undefined && Date.parse(h.postponedUntil) <= now.getTime();
