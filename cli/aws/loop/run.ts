/**
 * The operator's side of people in the loop: `guardrails status`, `exempt`, `approve` and
 * `postpone`, over the hub table and bus with the operator's own credentials.
 */
import { severity } from '../../../core/budget/state';
import type { AccountPolicy, Catalog, EnforcedState } from '../../../core/catalog/types';
import { DETAIL_TYPES } from '../../../core/events/schemas';
import { EXEMPT_ALL, ExemptKind, isOpen } from '../../../core/gate';
import type { Decision } from '../../../core/gate/types';
import { ACTION_KIND_NAMES } from '../../../core/enforcement/kinds';
import { SCP_ACTION } from '../../../core/enforcement/kinds';
import { statusText } from '../../../core/status/format';
import { monthOf } from '../../../core/storage/keys';
import { AuditLog } from '../../../functions/aws/audit-log';
import { ExemptionStore } from '../../../functions/aws/exemption-store';
import { decide } from '../../../functions/aws/hold-decisions';
import { HoldStore } from '../../../functions/aws/hold-store';
import { StateStore } from '../../../functions/aws/state-store';
import { findAccount } from '../../catalog';
import { Io, UsageError } from '../../io';
import type { HubAccess } from './hub';
import { readStatus } from './read-status';
import { parseUntil } from './until';

export const EXEMPT_KINDS: readonly ExemptKind[] = [EXEMPT_ALL, ...ACTION_KIND_NAMES, SCP_ACTION.kind];

export async function runStatus(hub: HubAccess, catalog: Catalog, opts: { account?: string; json?: boolean }, io: Io): Promise<void> {
  const accounts = opts.account ? [findAccount(catalog, opts.account)] : catalog.accounts.filter((a) => a.mode !== 'skip');
  const statuses = [];
  for (const account of accounts) statuses.push(await readStatus(hub, account));
  io.out(opts.json ? JSON.stringify(statuses, null, 2) : statuses.map(statusText).join('\n\n'));
}

export interface ExemptOptions {
  readonly account: string;
  readonly until: string;
  readonly reason: string;
  readonly kind?: string;
}

export async function runExempt(hub: HubAccess, catalog: Catalog, opts: ExemptOptions, io: Io): Promise<void> {
  const account = findAccount(catalog, opts.account);
  const kind = (opts.kind ?? EXEMPT_ALL) as ExemptKind;
  if (!EXEMPT_KINDS.includes(kind)) throw new UsageError(`--kind "${opts.kind}" is not a resource kind; use one of ${EXEMPT_KINDS.join(', ')}`);
  const reason = opts.reason.trim();
  if (reason.length === 0) throw new UsageError('--reason is empty; say why, e.g. --reason "launch day: keep the web tier up"');
  const now = hub.clock();
  const until = parseUntil(opts.until, now);
  const by = await hub.whoAmI();
  const exemption = await new ExemptionStore(hub.doc, hub.table).put({
    accountId: account.id, kind, until: until.toISOString(), reason, by, createdAt: now.toISOString(),
  });
  await hub.bus.requestRecheck({ accountId: account.id, reason: 'exemption-start' });
  io.out([
    `${account.name} (${account.id}) is exempt from ${kind === EXEMPT_ALL ? 'every guardrail action' : `${kind} actions`} until ${exemption.until}.`,
    'The enforcer gives back what it changed of that kind within a minute and tells the owners and ops; the exemption ends by itself at that time and enforcement resumes.',
  ].join('\n'));
}

/** The current month's holds of the account that wait for a decision; `--state` picks one when several do. */
async function awaitingDecision(hub: HubAccess, account: AccountPolicy, state: string | undefined) {
  const now = hub.clock();
  const holds = (await new HoldStore(hub.doc, hub.table).list(account.id, monthOf(now)))
    .filter((h) => h.approval && (h.status === 'pending' || h.status === 'postponed') && !isOpen(h, now))
    .sort((a, b) => severity(b.state) - severity(a.state));
  const chosen = state ? holds.filter((h) => h.state === state) : holds;
  if (chosen.length === 0) {
    throw new UsageError(`${account.name} has no actions waiting for approval${state ? ` at ${state}` : ''} this month; see guardrails status --account ${account.name}`);
  }
  if (chosen.length > 1) throw new UsageError(`${account.name} has actions waiting at ${chosen.map((h) => h.state).join(' and ')}; pick one with --state`);
  return chosen[0];
}

export async function runDecision(hub: HubAccess, catalog: Catalog, decision: Decision, opts: { account: string; state?: string }, io: Io): Promise<void> {
  const account = findAccount(catalog, opts.account);
  const hold = await awaitingDecision(hub, account, opts.state);
  const states = new StateStore(hub.doc, hub.table);
  const result = await decide({
    holds: new HoldStore(hub.doc, hub.table),
    announce: (detail) => hub.bus.publish(DETAIL_TYPES.guardrailHoldChanged, detail),
    audit: new AuditLog(hub.doc, hub.table),
    recheck: ({ accountId, reason }) => hub.bus.requestRecheck({ accountId, reason }),
    currentState: async (accountId, month) => (await states.get(accountId, month))?.state,
    clock: hub.clock,
  }, {
    accountId: account.id, accountName: account.name, month: hold.month, state: hold.state as EnforcedState, holdId: hold.holdId,
    decision, by: await hub.whoAmI(), via: 'cli',
  });
  if (result.status !== 'decided') throw new UsageError(`${account.name}: nothing was decided: ${result.why}`);
  io.out(decision === 'approve'
    ? `Approved the ${hold.state} actions of ${account.name} (request ${hold.holdId}); they run ${hold.graceUntil && Date.parse(hold.graceUntil) > hub.clock().getTime() ? `at ${hold.graceUntil}` : 'now'} if the state still holds. The owners are told.`
    : `Postponed the ${hold.state} actions of ${account.name} until ${result.detail.postponedUntil}; the owners are told and asked again then.`);
}
