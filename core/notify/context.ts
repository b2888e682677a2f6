/** What the notifier knows besides the event: the account's policy and the org's contacts. */
import type { BudgetState } from '../budget/state';
import type { AccountPolicy } from '../catalog/types';

export interface SpendSnapshot {
  readonly state: BudgetState;
  readonly actualUsd: number | null;
  readonly forecastUsd: number | null;
  readonly targetUsd: number;
}

export interface NotifyContext {
  readonly policy: AccountPolicy;
  readonly org: { readonly opsEmails: readonly string[]; readonly evaluationSchedule: string };
  /** The account's recorded state this month, for events that carry no figures. */
  readonly spend?: SpendSnapshot;
  /** Signed Approve / Postpone links of a request for approval (the notifier makes them). */
  readonly approvalLinks?: ApprovalLinks;
}

export interface ApprovalLinks {
  readonly approve: string;
  readonly postpone: string;
  /** When the links stop working (ISO time). */
  readonly expiresAt: string;
}

/** The last line of every email: where this account's budget, thresholds and actions are set. */
export function footer(accountName: string): string {
  return `Sent by budget-guardrails. The budget, thresholds and actions of ${accountName} are set in accounts/${accountName}.ts; change them through a pull request.`;
}

/** How check mode is described wherever an email would otherwise say what the guardrail does. */
export const CHECK_MODE_NOTE = 'In check mode nothing is changed; these are what enforce mode would do.';

export function contactLine(ctx: NotifyContext): string {
  return ctx.org.opsEmails.length > 0
    ? `Questions or an urgent exception: contact the platform team at ${ctx.org.opsEmails.join(', ')}.`
    : 'Questions or an urgent exception: contact the platform team that owns the budget-guardrails catalog.';
}

/** `rate(4 hours)` → `every 4 hours`; a cron expression is shown as is. */
export function scheduleText(expression: string): string {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (rate) return rate[1] === '1' ? `every ${rate[2].replace(/s$/, '')}` : `every ${rate[1]} ${rate[2]}`;
  return `on the schedule ${expression}`;
}
