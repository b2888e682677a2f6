/** The notification for `Runtime Threshold Crossed`: a team's monthly instance-minutes allowance. */
import type { RuntimeThresholdCrossed } from '../events/schemas';
import { principalsText } from './actions-text';
import { NotifyContext, contactLine, footer } from './context';
import type { Notification, Section } from './model';
import { usageBar } from './spend-bar';
import { ALERT_RED, NEUTRAL, WARN_AMBER } from './style';

const minutes = (n: number) => `${Math.round(n).toLocaleString('en-US')} min`;

/** Instance ids cut from the event to keep it under EventBridge's 256 KB. */
const more = (e: RuntimeThresholdCrossed) => (e.omitted?.runningInstances ? ` and ${e.omitted.runningInstances} more` : '');

export function runtimeSubject(e: RuntimeThresholdCrossed, dryRun = false): string {
  return `[budget-guardrails] ${e.accountName}: ${e.group} runtime at ${e.thresholdPct}%${dryRun ? ' (check mode)' : ''} (${minutes(e.usedMinutes)} of ${minutes(e.allowanceMinutes)})`;
}

export function runtimeNotification(e: RuntimeThresholdCrossed, ctx: NotifyContext): Notification {
  const budget = ctx.policy.runtimeBudgets.find((b) => b.name === e.group);
  const atLimit = [
    ...(budget?.atLimit.stopInstances ? ['Stop the running instances of the group'] : []),
    ...(budget?.atLimit.detachPolicies ?? []).map((d) => `Detach policy ${d.policy} from ${principalsText(d)}`),
  ];
  const limitReached = e.thresholdPct >= 100;
  const colors = limitReached ? ALERT_RED : e.thresholdPct >= 80 ? WARN_AMBER : NEUTRAL;
  const nextAlert = budget?.alertPct.find((p) => p > e.thresholdPct);
  const leftMinutes = Math.max(0, e.allowanceMinutes - e.usedMinutes);
  // The runtime meter acts only in enforce mode (functions/runtime-meter/enforce-limit.ts); otherwise it plans.
  const dryRun = ctx.policy.mode !== 'enforce';
  const will = dryRun ? 'would (check mode: nothing is changed)' : 'will';
  const done: Section = limitReached
    ? dryRun
      ? { title: 'What would be done (check mode: nothing is changed)', note: 'The allowance is used up; in enforce mode the guardrail would:', items: atLimit, empty: 'No action is configured at the limit; this is a notice.' }
      : { title: 'What is being done', note: 'The allowance is used up, so the guardrail:', items: atLimit, empty: 'No action is configured at the limit; this is a notice.' }
    : { title: dryRun ? 'What happens now' : 'What was done', items: [`Nothing yet: this is the ${e.thresholdPct}% notice. ${minutes(leftMinutes)} remain this month.`] };
  const next: Section = limitReached
    ? {
      title: 'What happens next',
      items: dryRun
        ? ['In enforce mode, instances of the group started again this month would be stopped again; in check mode they keep running.', 'The allowance resets on the 1st of next month.']
        : ['Instances of the group started again this month are stopped again.', 'The allowance resets and access is restored on the 1st of next month.'],
    }
    : {
      title: nextAlert && nextAlert < 100 ? `What happens at ${nextAlert}%` : 'What happens at 100%',
      note: nextAlert && nextAlert < 100 ? `Another notice at ${nextAlert}%; at 100% the guardrail ${will}:` : `When the allowance is used up the guardrail ${will}:`,
      items: atLimit,
      empty: 'Nothing is configured at the limit; the owners are notified.',
    };
  const unblock: Section = {
    title: 'How to get unblocked',
    items: [
      'Stop instances of the group you are not using: only running time counts, to the second.',
      `Need more time this month: raise runtimeBudgets "${e.group}" minutesPerMonth in accounts/${ctx.policy.name}.ts through a pull request.`,
      dryRun ? 'The allowance resets on the 1st of next month; in check mode nothing is revoked.' : 'The allowance resets, and anything revoked is restored, on the 1st of next month.',
      contactLine(ctx),
    ],
  };
  return {
    subject: runtimeSubject(e, dryRun),
    title: `${e.group}: ${e.thresholdPct}% of this month's runtime used`,
    accountName: e.accountName,
    accountId: e.accountId,
    badge: { label: `RUNTIME ${e.thresholdPct}%`, colors },
    dryRun,
    summary: `${minutes(e.usedMinutes)} of the ${minutes(e.allowanceMinutes)} monthly allowance used; ${e.runningInstances.length + (e.omitted?.runningInstances ?? 0)} instance(s) running now.`,
    bar: usageBar(e.usedMinutes, e.allowanceMinutes, 'min', colors.background),
    facts: [
      { label: 'Account', value: `${e.accountName} (${e.accountId})` },
      { label: 'Month', value: e.month },
      { label: 'Instance group', value: e.group },
      { label: 'Threshold crossed', value: `${e.thresholdPct}%` },
      { label: 'Used', value: minutes(e.usedMinutes) },
      { label: 'Allowance', value: minutes(e.allowanceMinutes) },
      { label: 'Running now', value: e.runningInstances.length > 0 ? e.runningInstances.join(', ') + more(e) : 'none' },
      { label: 'At', value: e.at },
    ],
    sections: [done, next, unblock],
    tables: [],
    shortLines: [
      runtimeSubject(e, dryRun),
      `Running now: ${e.runningInstances.length > 0 ? e.runningInstances.join(', ') + more(e) : 'none'}`,
      done.items.length > 0 ? `${done.title}: ${done.items.join('; ')}` : `${done.title}: ${done.empty}`,
    ],
    footer: footer(e.accountName),
  };
}
