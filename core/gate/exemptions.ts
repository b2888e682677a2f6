/** Break-glass exemptions: which are in force at an instant, and what they cover. */
import type { PostureKind } from '../posture/types';
import { EXEMPT_ALL, Exemption } from './types';

export const isActive = (e: Exemption, now: Date) => e.status === 'active' && Date.parse(e.until) > now.getTime();

/** An exemption whose time has come and that nobody has ended yet. */
export const isDue = (e: Exemption, now: Date) => e.status === 'active' && Date.parse(e.until) <= now.getTime();

/** Whether the exemptions in force cover a resource kind. */
export function covers(active: readonly Exemption[], kind: PostureKind | string): boolean {
  return active.some((e) => e.kind === EXEMPT_ALL || e.kind === kind);
}
