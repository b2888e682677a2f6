/** Names and expressions of the one-time EventBridge Scheduler schedule that stops a group at its limit. */
import { createHash } from 'node:crypto';

const SCHEDULE_NAME_MAX = 64;

/** One schedule per account and group (names: [0-9a-zA-Z-_.], ≤ 64); the month travels in the payload. */
export function exhaustionScheduleName(accountId: string, group: string): string {
  const name = `runtime-${accountId}-${group}`;
  if (name.length <= SCHEDULE_NAME_MAX) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, SCHEDULE_NAME_MAX - 9)}-${hash}`;
}

/** `at(yyyy-mm-ddThh:mm:ss)` in UTC for an epoch-second instant. */
export function atExpression(epochSeconds: number): string {
  return `at(${new Date(Math.floor(epochSeconds) * 1000).toISOString().slice(0, 19)})`;
}

/**
 * The schedule fires this long before the predicted exhaustion, and the meter then waits for the
 * exact instant itself: Scheduler delivers one-time schedules up to tens of seconds late, and
 * n instances burn n seconds per second of delay.
 */
export const SCHEDULE_LEAD_SECONDS = 30;

/** When the one-time schedule should fire for an exhaustion instant. */
export const scheduleFireAt = (exhaustsAt: number): number => exhaustsAt - SCHEDULE_LEAD_SECONDS;
