/**
 * The notifications of people in the loop: actions held for a grace period or an approval (and
 * their approval, postponement or cancellation), and break-glass exemptions starting or ending.
 */
import { STATE_LABELS } from '../budget/state';
import type { GuardrailExemptionChanged, GuardrailHoldChanged } from '../events/schemas';
import { actionLine, kindText } from './action-taken';
import { NotifyContext, contactLine, footer, scheduleText } from './context';
import type { Notification, Section } from './model';
import { NEUTRAL, OK_GREEN, STATE_COLORS } from './style';

const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

const heldLine = (a: GuardrailHoldChanged['actions'][number]) =>
  `${kindText(a.kind)} ${a.target}${a.region ? ` (${a.region})` : ''} [${a.from} → ${a.to}]`;

export function holdSubject(e: GuardrailHoldChanged): string {
  const state = STATE_LABELS[e.state];
  const prefix = `[budget-guardrails] ${e.accountName}:`;
  switch (e.change) {
    case 'pending':
      if (e.approval && e.graceUntil) return `${prefix} ${state} actions need your approval; not before ${when(e.graceUntil)}`;
      if (e.approval) return `${prefix} ${state} actions are waiting for your approval`;
      return `${prefix} ${state} actions run at ${when(e.graceUntil ?? e.at)} unless spend falls`;
    case 'approved': return `${prefix} ${state} actions approved by ${e.by ?? 'an approver'}`;
    case 'postponed': return `${prefix} ${state} actions postponed until ${when(e.postponedUntil ?? e.at)}`;
    case 'cancelled': return `${prefix} ${state} actions called off: the account is ${STATE_LABELS[e.currentState]} now`;
  }
}

function preventSection(e: GuardrailHoldChanged, ctx: NotifyContext): Section {
  const name = ctx.policy.name;
  return {
    title: 'How to prevent it',
    items: [
      `Bring spend down below the ${STATE_LABELS[e.state]} threshold: the state is re-evaluated ${scheduleText(ctx.org.evaluationSchedule)} and within minutes of a billing alarm; when it falls, these actions are called off and you are told.`,
      `Raise the budget: change targetUsd in accounts/${name}.ts through a pull request.`,
      `Ask the platform team for a break-glass exemption until a time (guardrails exempt --account ${name} --until <time> --reason "...").`,
      ...(e.approval ? ['Do not approve: nothing runs until someone approves. Postpone asks again in 24 hours.'] : []),
      contactLine(ctx),
    ],
  };
}

function pendingSummary(e: GuardrailHoldChanged): string {
  const state = STATE_LABELS[e.state];
  if (e.approval && e.graceUntil) {
    return `${e.accountName} reached ${state}. Its ${state} actions are staged: they run only once someone approves them, and not before ${when(e.graceUntil)}, and only if the account is still at ${state}.`;
  }
  if (e.approval) return `${e.accountName} reached ${state}. Its ${state} actions are staged and run only once someone approves them, and only if the account is still at ${state} then.`;
  return `${e.accountName} reached ${state}. Its ${state} actions run at ${when(e.graceUntil ?? e.at)} if the account is still at ${state} then; if spend falls back before that, nothing is done.`;
}

export function holdNotification(e: GuardrailHoldChanged, ctx: NotifyContext): Notification {
  const state = STATE_LABELS[e.state];
  const actions: Section = { title: e.change === 'cancelled' ? 'What will not be done' : 'What will be done', items: e.actions.map(heldLine), empty: 'No action is held.' };
  const links = e.change === 'pending' && e.approval && ctx.approvalLinks
    ? [{ label: 'Approve', url: ctx.approvalLinks.approve }, { label: 'Postpone 24 h', url: ctx.approvalLinks.postpone }]
    : [];
  const summary = {
    pending: pendingSummary(e),
    approved: `${e.by ?? 'An approver'} approved the ${state} actions${e.via === 'cli' ? ' from the command line' : ' by the email link'}. They run ${e.graceUntil && Date.parse(e.graceUntil) > Date.parse(e.at) ? `at ${when(e.graceUntil)}` : 'now'}, if the account is still at ${state}.`,
    postponed: `${e.by ?? 'An approver'} postponed the ${state} actions. Nothing runs; the owners are asked again at ${when(e.postponedUntil ?? e.at)} if the account is still at ${state}.`,
    cancelled: `${e.accountName} fell back to ${STATE_LABELS[e.currentState]} before its ${state} actions ran, so they are called off. If it reaches ${state} again, you will be told again first.`,
  }[e.change];
  return {
    subject: holdSubject(e),
    title: {
      pending: e.approval ? `${state} actions for ${e.accountName} are waiting for approval` : `${state} actions for ${e.accountName} run at ${when(e.graceUntil ?? e.at)}`,
      approved: `${state} actions for ${e.accountName} were approved`,
      postponed: `${state} actions for ${e.accountName} were postponed`,
      cancelled: `${state} actions for ${e.accountName} are called off`,
    }[e.change],
    accountName: e.accountName,
    accountId: e.accountId,
    badge: { label: e.change === 'cancelled' ? 'CALLED OFF' : e.change.toUpperCase(), colors: e.change === 'cancelled' ? OK_GREEN : STATE_COLORS[e.state] },
    dryRun: false,
    summary,
    facts: [
      { label: 'Account', value: `${e.accountName} (${e.accountId})` },
      { label: 'Held state', value: state },
      { label: 'State now', value: STATE_LABELS[e.currentState] },
      ...(e.graceUntil ? [{ label: 'Runs at (earliest)', value: when(e.graceUntil) }] : []),
      { label: 'Approval', value: e.approval ? 'required' : 'not required' },
      ...(e.postponedUntil ? [{ label: 'Asked again at', value: when(e.postponedUntil) }] : []),
      ...(links.length > 0 && ctx.approvalLinks ? [{ label: 'Links work until', value: `${when(ctx.approvalLinks.expiresAt)}, once each` }] : []),
      ...(e.by ? [{ label: 'Decided by', value: `${e.by}${e.via ? ` (${e.via})` : ''}` }] : []),
      { label: 'Request', value: e.holdId },
      { label: 'At', value: e.at },
    ],
    sections: e.change === 'pending' ? [actions, preventSection(e, ctx)] : [actions],
    tables: [],
    links,
    shortLines: [
      holdSubject(e),
      summary,
      ...(links.length > 0 ? ['Approve or postpone from the email, or: guardrails approve|postpone --account ' + e.accountName] : []),
    ],
    footer: footer(e.accountName),
  };
}

const kindName = (kind: string) => (kind === 'all' ? 'every guardrail action' : `${kind} actions (${kindText(kind)})`);

export function exemptionSubject(e: GuardrailExemptionChanged): string {
  return e.change === 'started'
    ? `[budget-guardrails] ${e.accountName}: break-glass exemption (${e.kind}) until ${when(e.until)}`
    : `[budget-guardrails] ${e.accountName}: break-glass exemption (${e.kind}) ended; enforcement resumes`;
}

export function exemptionNotification(e: GuardrailExemptionChanged, ctx: NotifyContext): Notification {
  const started = e.change === 'started';
  const summary = started
    ? `${e.by} exempted ${e.accountName} from ${kindName(e.kind)} until ${when(e.until)}: "${e.reason}". The guardrail gave back what it had changed of that kind and changes nothing of it until then.`
    : `The exemption from ${kindName(e.kind)} ended at ${when(e.until)}. The guardrail enforces the account's current state again; what it changes is reported as usual.`;
  return {
    subject: exemptionSubject(e),
    title: started ? `${e.accountName} is exempt from ${e.kind === 'all' ? 'every guardrail action' : `${e.kind} actions`}` : `${e.accountName}'s exemption ended`,
    accountName: e.accountName,
    accountId: e.accountId,
    badge: { label: started ? 'EXEMPT' : 'EXEMPTION ENDED', colors: NEUTRAL },
    dryRun: false,
    summary,
    facts: [
      { label: 'Account', value: `${e.accountName} (${e.accountId})` },
      { label: 'Exempt from', value: e.kind === 'all' ? 'all actions' : e.kind },
      { label: 'Until', value: when(e.until) },
      { label: 'Reason', value: e.reason },
      { label: 'Asked by', value: e.by },
      { label: 'Told', value: [...ctx.policy.owners, ...ctx.org.opsEmails].join(', ') },
      { label: 'At', value: e.at },
    ],
    sections: started ? [{ title: 'What was given back', items: e.actions.map(actionLine), empty: 'Nothing of that kind was in force.' }] : [],
    tables: [],
    shortLines: [exemptionSubject(e), summary],
    footer: footer(e.accountName),
  };
}
