/** Renders a backtest: plain text for a terminal, Markdown for a pull request. */
import { BUDGET_STATES, BudgetState, EVIDENCE_LABELS, STATE_LABELS, StateEvidence } from '../../core/budget/state';
import type { BacktestResult } from '../../core/backtest/backtest';
import type { ReplayDay } from '../../core/backtest/replay';
import { textTable, usd } from '../format';

type AccountResult = BacktestResult['accounts'][number];

/** Consecutive days with the same state and evidence, as one range. */
export function stateRuns(days: readonly ReplayDay[]): { from: string; to: string; state: BudgetState; decidedBy: StateEvidence; peak: BudgetState }[] {
  const runs: { from: string; to: string; state: BudgetState; decidedBy: StateEvidence; peak: BudgetState }[] = [];
  for (const d of days) {
    const last = runs[runs.length - 1];
    if (last && last.state === d.state && last.decidedBy === d.decidedBy && last.peak === last.state && d.peak === d.state) last.to = d.day;
    else runs.push({ from: d.day, to: d.day, state: d.state, decidedBy: d.decidedBy, peak: d.peak });
  }
  return runs;
}

const range = (r: { from: string; to: string }) => (r.from === r.to ? r.from : `${r.from}..${r.to}`);
const stateText = (r: { state: BudgetState; peak: BudgetState }) => (r.peak === r.state ? STATE_LABELS[r.state] : `${STATE_LABELS[r.state]} (peak ${STATE_LABELS[r.peak]})`);
const counts = (a: AccountResult) => BUDGET_STATES.filter((s) => s !== 'unknown').map((s) => `${STATE_LABELS[s]} ${a.summary.daysIn[s]}`).join(', ');
const falseText = (f: boolean | null) => (f === null ? '' : f ? ' — FALSE: the month ended below this state' : '');
const sourceLine = (r: BacktestResult) => r.sources.map((s) => `${s.amounts} from ${s.format} (${s.lines} rows${s.skipped.map((k) => `; ${k.rows} left out: ${k.why}`).join('')})`).join(', ');

export function backtestText(r: BacktestResult): string {
  const out = [`Backtest ${r.from} → ${r.to}, an evaluation every ${r.everyHours} h; ${sourceLine(r)}`];
  if (r.notInCatalog.length > 0) out.push(`Not in the catalog (or mode skip), not replayed: ${r.notInCatalog.join(', ')}`);
  for (const a of r.accounts) {
    const s = a.summary;
    out.push('', `${a.name} (${a.accountId}), target ${usd(a.targetUsd)}, mode ${a.mode}`);
    out.push(`  days: ${counts(a)}; escalations ${s.escalations}, false escalations ${s.falseEscalations} (false Over ${s.falseOver}, unresolved ${s.unresolved})`);
    out.push('  month-end actual: ' + a.months.map((m) => `${m.month} ${usd(m.finalActualUsd)}${m.complete ? '' : ' (partial)'}`).join(', '));
    out.push('', textTable(['days', 'state', 'decided by'], stateRuns(a.days).map((x) => [range(x), stateText(x), EVIDENCE_LABELS[x.decidedBy]])).replace(/^/gm, '  '));
    for (const e of a.escalations) {
      out.push('', `  ${e.at.slice(0, 16)}Z ${STATE_LABELS[e.from]} → ${STATE_LABELS[e.to]} by ${EVIDENCE_LABELS[e.decidedBy]}${falseText(e.falseAlarm)}`, `    ${e.reason}`);
      out.push(e.actions.length > 0 ? `    the catalog would run (${a.mode === 'enforce' ? 'enforce' : `${a.mode} mode: reported only`}):` : '    nothing is configured up to this state; the owners are notified');
      for (const action of e.actions) out.push(`      - ${action}`);
    }
  }
  return out.join('\n');
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function backtestMarkdown(r: BacktestResult): string {
  const head = ['account', 'target', 'mode', ...BUDGET_STATES.filter((s) => s !== 'unknown').map((s) => STATE_LABELS[s]), 'escalations', 'false escalations'];
  const rows = r.accounts.map((a) => [
    `\`${a.name}\``, usd(a.targetUsd), a.mode, ...BUDGET_STATES.filter((s) => s !== 'unknown').map((s) => String(a.summary.daysIn[s])),
    String(a.summary.escalations), a.summary.falseEscalations > 0 ? `**${a.summary.falseEscalations}**` : '0',
  ]);
  const out = [
    `### Budget guardrail backtest, ${r.from} → ${r.to}`,
    '',
    `Days in each state (one evaluation every ${r.everyHours} h, replayed through the evaluator's code); ${sourceLine(r)}.`,
    '',
    `| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((x) => `| ${x.join(' | ')} |`),
  ];
  if (r.notInCatalog.length > 0) out.push('', `Not in the catalog, not replayed: ${r.notInCatalog.map((id) => `\`${id}\``).join(', ')}.`);
  for (const a of r.accounts) {
    out.push('', `<details><summary><code>${a.name}</code>: ${a.summary.escalations} escalation(s), ${a.summary.falseEscalations} false</summary>`, '');
    out.push('| days | state | decided by |', '|---|---|---|', ...stateRuns(a.days).map((x) => `| ${range(x)} | ${stateText(x)} | ${EVIDENCE_LABELS[x.decidedBy]} |`));
    if (a.escalations.length > 0) {
      out.push('', '| when (UTC) | change | decided by | the catalog would run | why |', '|---|---|---|---|---|');
      for (const e of a.escalations) {
        out.push(`| ${e.at.slice(0, 16)} | ${STATE_LABELS[e.from]} → ${STATE_LABELS[e.to]}${e.falseAlarm ? ' (**false**)' : ''} | ${EVIDENCE_LABELS[e.decidedBy]} | ${e.actions.length > 0 ? cell(e.actions.join('; ')) : 'nothing configured'} | ${cell(e.reason)} |`);
      }
    }
    out.push('', '</details>');
  }
  return out.join('\n');
}
