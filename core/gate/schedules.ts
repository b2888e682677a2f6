/** The one-time EventBridge Scheduler schedules that bring the enforcer back to a hold or an exemption. */
import type { EnforcedState } from '../catalog/types';
import type { RecheckPayload } from '../events/schemas';
import { RECHECK_KIND } from '../events/schemas';

/** Names: [0-9a-zA-Z-_.], at most 64 characters (EventBridge Scheduler); both stay under 45. */
export const holdScheduleName = (accountId: string, month: string, state: EnforcedState) => `hold-${accountId}-${month}-${state}`;
export const exemptionScheduleName = (accountId: string, kind: string) => `exempt-${accountId}-${kind}`;

export const recheckPayload = (accountId: string, reason: RecheckPayload['reason']): RecheckPayload =>
  ({ kind: RECHECK_KIND, accountId, reason });
