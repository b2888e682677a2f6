/** The notification for `Budget State Changed`. */
import { EVIDENCE_LABELS, STATE_LABELS, severity } from '../budget/state';
import type { BudgetStateChanged } from '../events/schemas';
import { EXEMPT_TAG } from '../naming/resources';
import { actionsInForce, nextStep } from './actions-text';
import { CHECK_MODE_NOTE, NotifyContext, contactLine, footer, scheduleText } from './context';
import { percentOf, usd } from './format';
import type { Notification, Section } from './model';
import { spendBar } from './spend-bar';
import { STATE_COLORS } from './style';

const upper = (label: string) => label.toUpperCase();

export function budgetStateSubject(e: BudgetStateChanged): string {
  const name = `${e.accountName} is ${upper(STATE_LABELS[e.state])}${e.dryRun ? ' (check mode)' : ''}`;
  if (e.actualUsd === null) return `[budget-guardrails] ${name}: no spend data for ${e.month} yet`;
  const pct = percentOf(e.actualUsd, e.targetUsd);
  const forecast = e.forecastUsd === null ? '' : `, forecast ${usd(Math.max(e.forecastUsd, e.actualUsd))}`;
  return `[budget-guardrails] ${name}: ${usd(e.actualUsd)} of ${usd(e.targetUsd)}${pct === null ? '' : ` (${pct}%)`}${forecast}`;
}

function doneSection(e: BudgetStateChanged, ctx: NotifyContext): Section {
  const now = actionsInForce(ctx.policy, e.state);
  const before = actionsInForce(ctx.policy, e.previousState);
  const rising = severity(e.state) > severity(e.previousState);
  const added = now.filter((a) => !before.includes(a));
  const undone = before.filter((a) => !now.includes(a));
  if (rising) {
    return {
      title: e.dryRun ? 'What would be done (check mode: nothing is changed)' : 'What the guardrail is doing now',
      note: added.length > 0
        ? (e.dryRun ? 'In enforce mode the guardrail would now:' : 'The enforcer applies these within minutes; a second email lists each action and its result.')
        : undefined,
      items: added,
      empty: severity(e.state) >= severity('over')
        ? `No action is configured for ${STATE_LABELS[e.state]} beyond what was already in force; this is a notice.`
        : `No action applies at ${STATE_LABELS[e.state]}; this is a notice.`,
    };
  }
  return {
    title: e.dryRun ? 'What would be undone (check mode: nothing was changed)' : 'What the guardrail is undoing now',
    note: undone.length > 0
      ? (e.dryRun ? 'Spend fell back; in enforce mode these would now be reverted exactly as recorded:' : 'Spend fell back, so these will be reverted exactly as recorded:')
      : undefined,
    items: undone,
    empty: now.length > 0 ? `Nothing is undone yet: the actions of ${STATE_LABELS[e.state]} stay in force.` : 'Nothing was in force; nothing to undo.',
  };
}

function nextSection(e: BudgetStateChanged, ctx: NotifyContext): Section {
  const next = nextStep(ctx.policy, e.state);
  if (!next) {
    return {
      title: 'What happens next',
      items: ['Shutdown is the last state: everything configured stays in force until spend falls back or the month ends.'],
    };
  }
  return {
    title: `What happens at the next state: ${next.label}`,
    note: `${next.label} starts when ${next.when}.${e.dryRun ? ` ${CHECK_MODE_NOTE}` : ''}`,
    items: next.adds,
    empty: `Nothing more is configured for ${next.label}; the owners are notified.`,
  };
}

/** What owners can do; in check mode (`dryRun`) it says what enforce mode would do, since nothing was changed. */
export function unblockSection(ctx: NotifyContext, dryRun = false): Section {
  const name = ctx.policy.name;
  const evaluated = `The state is re-evaluated ${scheduleText(ctx.org.evaluationSchedule)} and within minutes of a billing alarm`;
  return {
    title: dryRun ? 'How to stay clear of enforcement' : 'How to get unblocked',
    items: [
      dryRun
        ? `Bring spend down: stop or delete what you no longer need. ${evaluated}. The account is in check mode, so the guardrail has changed nothing and there is nothing to revert.`
        : `Bring spend down: stop or delete what you no longer need. ${evaluated}; when it falls back, the guardrail reverts its actions by itself.`,
      dryRun
        ? `Keep one resource running once the account is enforced: tag it ${EXEMPT_TAG.key}=${EXEMPT_TAG.value}; the guardrail would never stop exempt instances.`
        : `Keep one resource running: tag it ${EXEMPT_TAG.key}=${EXEMPT_TAG.value}; the guardrail never stops exempt instances.`,
      `Need a higher budget: change targetUsd in accounts/${name}.ts through a pull request; the new target applies at the first evaluation after it is deployed.`,
      dryRun
        ? 'In enforce mode, everything the guardrail changed would be restored at the start of next month.'
        : 'Everything the guardrail changed is restored at the start of next month.',
      contactLine(ctx),
    ],
  };
}

export function budgetStateNotification(e: BudgetStateChanged, ctx: NotifyContext): Notification {
  const label = STATE_LABELS[e.state];
  const forecast = e.forecastUsd === null ? null : Math.max(e.forecastUsd, e.actualUsd ?? e.forecastUsd);
  const done = doneSection(e, ctx);
  const pct = (v: number | null) => (v === null ? '' : ` (${percentOf(v, e.targetUsd)}% of target)`);
  return {
    subject: budgetStateSubject(e),
    title: `${e.accountName} moved from ${STATE_LABELS[e.previousState]} to ${label}`,
    accountName: e.accountName,
    accountId: e.accountId,
    badge: { label: upper(label), colors: STATE_COLORS[e.state] },
    dryRun: e.dryRun,
    summary: e.reason.charAt(0).toUpperCase() + e.reason.slice(1),
    bar: spendBar(e.state, e.actualUsd, e.forecastUsd, e.targetUsd),
    facts: [
      { label: 'Account', value: `${e.accountName} (${e.accountId})` },
      { label: 'Month', value: e.month },
      { label: 'State', value: `${STATE_LABELS[e.previousState]} → ${label}` },
      ...(e.decidedBy ? [{ label: 'Decided by', value: EVIDENCE_LABELS[e.decidedBy] }] : []),
      { label: 'Actual to date', value: e.actualUsd === null ? 'no data yet' : `${usd(e.actualUsd, 2)}${pct(e.actualUsd)}` },
      { label: 'Monthly target', value: usd(e.targetUsd, 2) },
      { label: 'Forecast for the month', value: forecast === null ? 'no data yet' : `${usd(forecast, 2)}${pct(forecast)}` },
      { label: 'Mode', value: e.dryRun ? 'check (dry run: nothing is changed)' : 'enforce' },
      { label: 'Evaluated at', value: e.at },
    ],
    sections: [done, nextSection(e, ctx), unblockSection(ctx, e.dryRun)],
    tables: [],
    shortLines: [
      budgetStateSubject(e),
      `State: ${STATE_LABELS[e.previousState]} -> ${label} (${e.month})${e.decidedBy ? `, decided by ${EVIDENCE_LABELS[e.decidedBy]}` : ''}`,
      `Why: ${e.reason}`,
      done.items.length > 0 ? `${done.title}: ${done.items.join('; ')}` : `${done.title}: ${done.empty ?? 'nothing'}`,
    ],
    footer: footer(e.accountName),
  };
}
