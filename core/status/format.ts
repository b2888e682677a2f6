/** `guardrails status` as text: one block per account. */
import { STATE_LABELS } from '../budget/state';
import { usd } from '../notify/format';
import type { AccountStatus } from './account-status';

const at = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
const place = (a: { target: string; region?: string }) => `${a.target}${a.region ? ` (${a.region})` : ''}`;
const value = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
const money = (v: number | null) => (v === null ? 'no data' : usd(v, 2));

export function statusText(s: AccountStatus): string {
  const lines = [`${s.account} (${s.accountId}) · ${s.mode} · ${s.month}`];
  if (s.state) {
    lines.push(`  state: ${STATE_LABELS[s.state.state]} since ${at(s.state.changedAt)} (evaluated ${at(s.state.evaluatedAt)})`);
    lines.push(`  spend: actual ${money(s.state.actualUsd)}, forecast ${money(s.state.forecastUsd)}, target ${usd(s.state.targetUsd, 2)}`);
    lines.push(`  decided by: ${s.state.decidedByText}: ${s.state.reason}`);
  } else {
    lines.push('  state: not evaluated this month yet');
  }
  const section = (title: string, items: string[], empty: string) => {
    lines.push(`  ${title}:${items.length === 0 ? ` ${empty}` : ''}`);
    for (const item of items) lines.push(`    - ${item}`);
  };
  section('actions in force', s.inForce.map((a) => `${a.kind} ${place(a)}: ${a.posture} since ${at(a.since)} (${a.runtimeGroup ? `runtime budget ${a.runtimeGroup} used up` : `at ${STATE_LABELS[a.appliedAt]}`})`), 'none');
  if (s.inDoubt.length > 0) {
    section('unfinished (retried by the next run)', s.inDoubt.map((a) => `${a.direction} ${a.kind} ${place(a)}: ${a.status}${a.error ? ` (${a.error})` : ''}`), 'none');
  }
  section('saved values to restore', s.toRestore.map((r) => `${r.kind} ${place(r)}: ${value(r.saved)}, restored ${r.restoredWhen}`), 'none');
  const pending = [
    ...s.pending.grace.map((g) => `grace: ${STATE_LABELS[g.state]} actions (${g.actions}) run at ${at(g.runsAt)} if the state still holds [request ${g.request}]`),
    ...s.pending.approvals.map((p) => `approval: ${STATE_LABELS[p.state]} actions (${p.actions}) ${p.status === 'postponed' ? `postponed; asked again at ${at(p.askedAgainAt ?? '')}` : 'wait for approval'}${p.notBefore ? `, not before ${at(p.notBefore)}` : ''} [request ${p.request}]; guardrails approve|postpone --account ${s.account}`),
    ...s.pending.exemptions.map((e) => `exemption: ${e.kind} until ${at(e.until)} ("${e.reason}", by ${e.by})`),
  ];
  section('pending', pending, 'nothing');
  return lines.join('\n');
}
