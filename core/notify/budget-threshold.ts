/** The notification for `Budget Threshold Crossed`: one of the catalog's `alerts.actual` / `alerts.forecast` thresholds. */
import { STATE_LABELS } from '../budget/state';
import type { BudgetThresholdCrossed } from '../events/schemas';
import { actionsInForce, nextStep } from './actions-text';
import { unblockSection } from './budget-state';
import { NotifyContext, footer } from './context';
import { percentOf, usd } from './format';
import type { Notification, Section } from './model';
import { spendBar } from './spend-bar';
import { STATE_COLORS } from './style';

const figure = (value: number | null, target: number) => (value === null ? 'no data yet' : `${usd(value, 2)} (${percentOf(value, target)}% of target)`);

export function budgetThresholdSubject(e: BudgetThresholdCrossed): string {
  const check = e.dryRun ? ' (check mode)' : '';
  return e.measure === 'actual'
    ? `[budget-guardrails] ${e.accountName} passed ${e.thresholdPct}% of its ${usd(e.targetUsd)} budget${check}: actual ${usd(e.actualUsd ?? e.thresholdUsd)}`
    : `[budget-guardrails] ${e.accountName} is forecast to pass ${e.thresholdPct}% of its ${usd(e.targetUsd)} budget${check}: forecast ${usd(e.forecastUsd ?? e.thresholdUsd)}`;
}

function nextSection(e: BudgetThresholdCrossed, ctx: NotifyContext): Section {
  const inForce = actionsInForce(ctx.policy, e.state);
  const next = nextStep(ctx.policy, e.state);
  const mode = e.dryRun ? ' The account is in check mode: the guardrail only reports what it would do.' : '';
  const items = [
    inForce.length > 0
      ? `At ${STATE_LABELS[e.state]} the guardrail ${e.dryRun ? 'would keep' : 'keeps'} in force: ${inForce.join('; ')}.`
      : `Nothing is enforced at ${STATE_LABELS[e.state]}.`,
    ...(next ? [`${next.label} starts when ${next.when}${next.adds.length > 0
      ? `; ${e.dryRun ? 'in enforce mode the guardrail would then' : 'then'}: ${next.adds.join('; ')}`
      : '; the owners are notified'}.`] : []),
  ];
  return { title: 'What happens next', note: `This alert is a notice: it changes nothing by itself.${mode}`, items };
}

export function budgetThresholdNotification(e: BudgetThresholdCrossed, ctx: NotifyContext): Notification {
  const measured = e.measure === 'actual' ? 'actual spend to date' : 'forecast for the month';
  const next = nextSection(e, ctx);
  return {
    subject: budgetThresholdSubject(e),
    title: e.measure === 'actual'
      ? `${e.accountName} has spent ${e.thresholdPct}% of this month's budget`
      : `${e.accountName} is forecast to spend ${e.thresholdPct}% of this month's budget`,
    accountName: e.accountName,
    accountId: e.accountId,
    badge: { label: `${e.measure.toUpperCase()} ${e.thresholdPct}%`, colors: STATE_COLORS[e.state] },
    dryRun: e.dryRun,
    summary: `The ${measured} reached the ${e.thresholdPct}% alert threshold (${usd(e.thresholdUsd, 2)} of the ${usd(e.targetUsd, 2)} target). Each threshold is announced once a month.`,
    bar: spendBar(e.state, e.actualUsd, e.forecastUsd, e.targetUsd),
    facts: [
      { label: 'Account', value: `${e.accountName} (${e.accountId})` },
      { label: 'Month', value: e.month },
      { label: 'Threshold crossed', value: `${e.measure} ${e.thresholdPct}% = ${usd(e.thresholdUsd, 2)}` },
      { label: 'Actual to date', value: figure(e.actualUsd, e.targetUsd) },
      { label: 'Forecast for the month', value: figure(e.forecastUsd, e.targetUsd) },
      { label: 'Monthly target', value: usd(e.targetUsd, 2) },
      { label: 'Budget state', value: STATE_LABELS[e.state] },
      { label: 'Mode', value: e.dryRun ? 'check (dry run: nothing is changed)' : 'enforce' },
      { label: 'At', value: e.at },
    ],
    sections: [next, unblockSection(ctx, e.dryRun)],
    tables: [],
    shortLines: [
      budgetThresholdSubject(e),
      `Actual ${e.actualUsd === null ? 'n/a' : usd(e.actualUsd)}, forecast ${e.forecastUsd === null ? 'n/a' : usd(e.forecastUsd)}, target ${usd(e.targetUsd)}; state ${STATE_LABELS[e.state]} (${e.month})`,
      next.items.join(' '),
    ],
    footer: footer(e.accountName),
  };
}
