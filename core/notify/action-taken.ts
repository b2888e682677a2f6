/** The notification for `Guardrail Action Taken`: each action and its result, or the plan in check mode. */
import { STATE_LABELS } from '../budget/state';
import { ACTION_KINDS, SCP_ACTION } from '../enforcement/kinds';
import type { ActionOutcome, GuardrailActionTaken } from '../events/schemas';
import { nextStep } from './actions-text';
import { unblockSection } from './budget-state';
import { CHECK_MODE_NOTE, NotifyContext, footer } from './context';
import type { Notification, Section } from './model';
import { spendBar } from './spend-bar';
import { STATE_COLORS } from './style';

const TRIGGERS: Record<GuardrailActionTaken['trigger'], string> = {
  'state-change': 'the budget state changed',
  'runtime-limit': 'a runtime allowance was used up',
  reset: 'a new month started',
  reconcile: 'the periodic reconcile found drift',
};

/** Short verbs per kind and direction, for one line per action. */
const KIND_LABELS: Record<string, { apply: string; revert: string }> = {
  'stop-instances': { apply: 'Stop EC2 instance', revert: 'Start EC2 instance' },
  'scale-to-zero': { apply: 'Scale Auto Scaling group to 0/0/0', revert: 'Restore Auto Scaling group sizes' },
  'stop-rds-cluster': { apply: 'Stop RDS DB cluster', revert: 'Start RDS DB cluster' },
  'stop-rds-instance': { apply: 'Stop RDS DB instance', revert: 'Start RDS DB instance' },
  'pause-redshift': { apply: 'Pause Redshift cluster', revert: 'Resume Redshift cluster' },
  'detach-policy': { apply: 'Detach access policy', revert: 'Reattach access policy' },
  'attach-lockdown': { apply: 'Attach lockdown policy', revert: 'Detach lockdown policy' },
  'tag-unapproved': { apply: 'Tag as unapproved', revert: 'Remove unapproved tag' },
  [SCP_ACTION.kind]: { apply: 'Attach lockdown SCP', revert: 'Detach lockdown SCP' },
};

export function kindText(kind: string, direction: ActionOutcome['direction'] = 'apply'): string {
  const label = KIND_LABELS[kind]?.[direction];
  if (label) return label;
  const description = (ACTION_KINDS as Record<string, { description: string }>)[kind]?.description ?? kind;
  return direction === 'revert' ? `Undo: ${description}` : description;
}

const OUTCOME_TEXT: Record<ActionOutcome['outcome'], string> = {
  applied: 'done', planned: 'planned (check mode: not done)', unchanged: 'already so, nothing to do',
  'owner-changed': 'left alone: its owners changed it since the guardrail did', failed: 'FAILED',
};

const valueText = (v: unknown) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));

export function actionLine(a: ActionOutcome): string {
  const where = a.region ? ` (${a.region})` : '';
  const change = a.from !== undefined || a.to !== undefined
    ? ` [${a.from === undefined ? '' : `${valueText(a.from)} `}→ ${a.to === undefined ? 'restored' : valueText(a.to)}]`
    : '';
  return `${kindText(a.kind, a.direction)} ${a.target}${where}${change}: ${OUTCOME_TEXT[a.outcome]}${a.error ? ` (${a.error})` : ''}`;
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export function actionTakenSubject(e: GuardrailActionTaken): string {
  const failed = e.actions.filter((a) => a.outcome === 'failed').length;
  const changed = e.actions.filter((a) => a.outcome === 'applied').length;
  const planned = e.actions.filter((a) => a.outcome === 'planned').length;
  const what = e.dryRun
    ? `${count(planned, 'action')} planned (check mode, nothing changed)`
    : `${count(changed, 'action')} applied${failed ? `, ${failed} failed` : ''}`;
  return `[budget-guardrails] ${e.accountName} at ${STATE_LABELS[e.state].toUpperCase()}: ${what}`;
}

export function actionTakenNotification(e: GuardrailActionTaken, ctx: NotifyContext): Notification {
  const failed = e.actions.filter((a) => a.outcome === 'failed');
  const done: Section = {
    title: e.dryRun ? 'What would have been done (check mode: nothing was changed)' : 'What was done',
    note: `Because ${TRIGGERS[e.trigger]}.`,
    items: e.actions.map(actionLine),
    ...(e.omitted?.actions ? { note: `Because ${TRIGGERS[e.trigger]}. ${e.omitted.actions} more action(s) not listed (the event would have been too long); the hub table's action records hold them all.` } : {}),
    empty: 'Nothing needed doing: every resource was already as the state requires.',
  };
  const next = nextStep(ctx.policy, e.state);
  const nextSection: Section = next
    ? {
      title: `What happens at the next state: ${next.label}`,
      note: `${next.label} starts when ${next.when}.${e.dryRun ? ` ${CHECK_MODE_NOTE}` : ''}`,
      items: next.adds,
      empty: `Nothing more is configured for ${next.label}.`,
    }
    : {
      title: 'What happens next',
      items: [e.dryRun
        ? 'Shutdown is the last state: in enforce mode these actions would stay in force until spend falls back or the month ends.'
        : 'Shutdown is the last state: these actions stay in force until spend falls back or the month ends.'],
    };
  const spend = ctx.spend;
  return {
    subject: actionTakenSubject(e),
    title: e.dryRun ? `Planned guardrail actions for ${e.accountName}` : `Guardrail actions in ${e.accountName}`,
    accountName: e.accountName,
    accountId: e.accountId,
    badge: { label: STATE_LABELS[e.state].toUpperCase(), colors: STATE_COLORS[e.state] },
    dryRun: e.dryRun,
    summary: `${e.dryRun ? 'Planned' : 'Acted'} because ${TRIGGERS[e.trigger]}: ${e.actions.length} action(s), ${failed.length} failed.`
      + (failed.length > 0 ? ' Failed actions are retried at the next reconcile and reported to the platform team.' : ''),
    bar: spend ? spendBar(e.state, spend.actualUsd, spend.forecastUsd, spend.targetUsd) : undefined,
    facts: [
      { label: 'Account', value: `${e.accountName} (${e.accountId})` },
      { label: 'Month', value: e.month },
      { label: 'State', value: STATE_LABELS[e.state] },
      { label: 'Trigger', value: e.trigger },
      { label: 'Mode', value: e.dryRun ? 'check (dry run: nothing was changed)' : 'enforce' },
      { label: 'At', value: e.at },
    ],
    sections: [done, nextSection, unblockSection(ctx, e.dryRun)],
    tables: [],
    shortLines: [
      actionTakenSubject(e),
      ...e.actions.slice(0, 10).map(actionLine),
      ...(e.actions.length > 10 ? [`... and ${e.actions.length - 10} more (see the email)`] : []),
    ],
    footer: footer(e.accountName),
  };
}
