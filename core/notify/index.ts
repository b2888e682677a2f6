/** Builds the notification of any hub event the notifier handles. */
import { DETAIL_TYPES } from '../events/schemas';
import type {
  BudgetStateChanged, BudgetThresholdCrossed, GuardrailActionTaken, GuardrailExemptionChanged, GuardrailHoldChanged,
  RuntimeThresholdCrossed, TagPolicyReport,
} from '../events/schemas';
import { actionTakenNotification } from './action-taken';
import { budgetStateNotification } from './budget-state';
import { budgetThresholdNotification } from './budget-threshold';
import type { NotifyContext } from './context';
import type { Notification } from './model';
import { exemptionNotification, holdNotification } from './people-in-the-loop';
import { runtimeNotification } from './runtime';
import { tagReportNotification } from './tag-report';

export type { ApprovalLinks, NotifyContext, SpendSnapshot } from './context';
export type { Notification } from './model';
export { usd, percentOf } from './format';

export type NotifierEvent =
  | { readonly type: typeof DETAIL_TYPES.budgetStateChanged; readonly detail: BudgetStateChanged }
  | { readonly type: typeof DETAIL_TYPES.guardrailActionTaken; readonly detail: GuardrailActionTaken }
  | { readonly type: typeof DETAIL_TYPES.runtimeThresholdCrossed; readonly detail: RuntimeThresholdCrossed }
  | { readonly type: typeof DETAIL_TYPES.tagPolicyReport; readonly detail: TagPolicyReport }
  | { readonly type: typeof DETAIL_TYPES.budgetThresholdCrossed; readonly detail: BudgetThresholdCrossed }
  | { readonly type: typeof DETAIL_TYPES.guardrailHoldChanged; readonly detail: GuardrailHoldChanged }
  | { readonly type: typeof DETAIL_TYPES.guardrailExemptionChanged; readonly detail: GuardrailExemptionChanged };

export function buildNotification(event: NotifierEvent, ctx: NotifyContext): Notification {
  switch (event.type) {
    case DETAIL_TYPES.budgetStateChanged: return budgetStateNotification(event.detail, ctx);
    case DETAIL_TYPES.guardrailActionTaken: return actionTakenNotification(event.detail, ctx);
    case DETAIL_TYPES.runtimeThresholdCrossed: return runtimeNotification(event.detail, ctx);
    case DETAIL_TYPES.tagPolicyReport: return tagReportNotification(event.detail, ctx);
    case DETAIL_TYPES.budgetThresholdCrossed: return budgetThresholdNotification(event.detail, ctx);
    case DETAIL_TYPES.guardrailHoldChanged: return holdNotification(event.detail, ctx);
    case DETAIL_TYPES.guardrailExemptionChanged: return exemptionNotification(event.detail, ctx);
  }
}
