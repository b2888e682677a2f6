/**
 * Forecast accuracy: seeded months of realistic cost history (bench/lib/cost-months.ts) replayed
 * through the evaluator's code (core/backtest `replayAccount`: forecast, evidence rules, decide)
 * every 4 hours, once with this forecaster and once with the naive run-rate it replaced
 * (bench/lib/naive-forecast.ts: every line a daily rate, no evidence rule, running instances uncapped).
 *
 * Measures: false escalations (Critical/Shutdown entered on forecast in a month whose final actual
 * stayed below that state's actual threshold; false Over likewise), and for real overruns the hours
 * from the overrun's start, and from the first complete day of data showing it, to Over and Critical.
 *
 * `npx tsx bench/forecast-accuracy.ts` runs it alone and updates its section of bench/RESULTS.md;
 * `npm run bench` runs it with the others. Env: FORECAST_BENCH_ACCOUNTS (default 300), FORECAST_BENCH_SEED.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BudgetState } from '../core/budget/state';
import { severity } from '../core/budget/state';
import { replayAccount, finalActual, daysBetween } from '../core/backtest/replay';
import { resolveAccount, resolveOrg } from '../core/catalog/resolve';
import type { AccountPolicy } from '../core/catalog/types';
import { Forecast, ForecastInput, forecastMonth } from '../core/forecast';
import { GeneratedHistory, generateHistory } from './lib/cost-months';
import { naiveForecast } from './lib/naive-forecast';
import type { Goal } from './lib/report';

export const EVERY_HOURS = 4;
const HOUR_MS = 3_600_000;
const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'];
/** Generated and replayed but not measured: the evaluator's query always has the days before a month. */
const WARM_UP = '2025-12';

export interface Hours { readonly count: number; readonly median: number | null; readonly p90: number | null; readonly max: number | null }

export interface ForecasterResult {
  readonly name: string;
  readonly accountMonths: number;
  /** Critical/Shutdown escalations on forecast in months that ended below that state's actual threshold. */
  readonly falseDestructive: number;
  readonly monthsWithFalseDestructive: number;
  readonly falseOver: number;
  /** False Overs on the 1st of a month that follows an overrun (the generator ends every overrun with its month). */
  readonly falseOverAfterOverrun: number;
  /** Months with a GPU start inside its allowance that reached Critical or Shutdown. */
  readonly gpuMonthsDestructive: number;
  readonly gpuMonths: number;
  /** Months with a real overrun (final actual above the target). */
  readonly overrunMonths: number;
  readonly overMissed: number;
  readonly hoursToOver: Hours;
  readonly hoursToOverAfterData: Hours;
  /** Real overruns that reached Over within one evaluation period of the first complete day of data showing them. */
  readonly overWithinOnePeriodOfData: number;
  /** … of the first complete day wholly inside the overrun (its start day when it began at midnight, else the next). */
  readonly overWithinOnePeriodOfWholeDay: number;
  readonly criticalMonths: number;
  readonly criticalMissed: number;
  readonly hoursToCritical: Hours;
  readonly evaluations: number;
  readonly ms: number;
}

export interface ForecastAccuracyResult {
  readonly seed: number;
  readonly accounts: number;
  readonly months: readonly string[];
  readonly everyHours: number;
  readonly lines: number;
  readonly forecasters: readonly ForecasterResult[];
}

function hours(values: number[]): Hours {
  if (values.length === 0) return { count: 0, median: null, p90: null, max: null };
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  return { count: s.length, median: at(0.5), p90: at(0.9), max: s[s.length - 1] };
}

function policies(history: GeneratedHistory): AccountPolicy[] {
  const org = resolveOrg({ hubAccountId: '111111111111', hubRegion: 'us-east-1', organizationId: 'o-exampleorg1', senderEmail: 'guardrails@example.com' });
  return history.accounts.map((a) => resolveAccount(a.name, {
    id: a.id, owners: [`${a.name}@example.com`], mode: 'enforce', targetUsd: a.targetUsd,
    enforcement: { critical: { stopInstances: [{ team: a.name }] }, shutdown: { lockdown: ['ec2:*'] } },
  }, org));
}

function measure(name: string, history: GeneratedHistory, accounts: readonly AccountPolicy[], forecaster: (i: ForecastInput) => Forecast, naive: boolean): ForecasterResult {
  const started = performance.now();
  const from = `${WARM_UP}-01`;
  const measured = (iso: string) => iso.slice(0, 7) >= MONTHS[0];
  const to = daysBetween(from, `${history.months[history.months.length - 1]}-28`).at(-1) as string;
  const lastDay = new Date(Date.UTC(Number(to.slice(0, 4)), Number(to.slice(5, 7)), 0)).toISOString().slice(0, 10);
  const byAccount = new Map<string, typeof history.lines[number][]>();
  for (const l of history.lines) byAccount.set(l.accountId, [...(byAccount.get(l.accountId) ?? []), l]);
  let falseDestructive = 0; let monthsWithFalseDestructive = 0; let falseOver = 0; let falseOverAfterOverrun = 0; let evaluations = 0;
  let gpuMonths = 0; let gpuMonthsDestructive = 0; let overrunMonths = 0; let overMissed = 0; let criticalMonths = 0; let criticalMissed = 0; let withinPeriod = 0; let withinWholeDay = 0;
  const toOver: number[] = []; const toOverAfterData: number[] = []; const toCritical: number[] = [];
  for (const policy of accounts) {
    const lines = byAccount.get(policy.id) ?? [];
    const trace: { at: number; state: BudgetState }[] = [];
    const replay = replayAccount(naive ? { ...policy, states: { ...policy.states, forecastMinDays: 0 } } : policy, lines, {
      from, to: lastDay, everyHours: EVERY_HOURS, forecaster,
      running: (id, at) => history.running(id, at, !naive),
      trace: (at, d) => { trace.push({ at: at.getTime(), state: d.state }); },
    });
    evaluations += trace.length;
    const escalations = replay.escalations.filter((e) => measured(e.at));
    const destructive = escalations.filter((e) => (e.to === 'critical' || e.to === 'shutdown') && e.falseAlarm === true);
    falseDestructive += destructive.length;
    monthsWithFalseDestructive += new Set(destructive.map((e) => e.at.slice(0, 7))).size;
    const falseOvers = escalations.filter((e) => e.to === 'over' && e.falseAlarm === true);
    falseOver += falseOvers.length;
    const previousMonth = (iso: string) => new Date(Date.parse(`${iso.slice(0, 7)}-01T00:00:00Z`) - 86_400_000).toISOString().slice(0, 7);
    falseOverAfterOverrun += falseOvers.filter((e) => e.at.slice(8, 10) === '01'
      && history.truths.some((t) => t.accountId === policy.id && t.month === previousMonth(e.at) && t.overrunStart)).length;
    for (const truth of history.truths.filter((t) => t.accountId === policy.id && measured(t.month))) {
      const inMonth = trace.filter((x) => new Date(x.at).toISOString().startsWith(truth.month));
      const peak = inMonth.reduce((m, x) => Math.max(m, severity(x.state)), 0);
      if (truth.gpuStart) {
        gpuMonths++;
        if (peak >= severity('critical')) gpuMonthsDestructive++;
      }
      if (!truth.overrunStart) continue;
      const final = finalActual(policy, lines.filter((l) => l.day.startsWith(truth.month)));
      const T = policy.targetUsd as number;
      if (final <= T) continue;
      overrunMonths++;
      const start = Date.parse(truth.overrunStart);
      const dataShows = Date.parse(`${truth.overrunStart.slice(0, 10)}T00:00:00Z`) + 24 * HOUR_MS;
      const over = inMonth.find((x) => x.at >= start && severity(x.state) >= severity('over'));
      if (over) {
        toOver.push((over.at - start) / HOUR_MS);
        toOverAfterData.push((over.at - dataShows) / HOUR_MS);
        if (over.at <= dataShows + EVERY_HOURS * HOUR_MS) withinPeriod++;
        const wholeDayShows = dataShows + (start > dataShows - 24 * HOUR_MS ? 24 * HOUR_MS : 0);
        if (over.at <= wholeDayShows + EVERY_HOURS * HOUR_MS) withinWholeDay++;
      } else overMissed++;
      if (final >= (policy.states.critical.actualPct / 100) * T) {
        criticalMonths++;
        const critical = inMonth.find((x) => x.at >= start && severity(x.state) >= severity('critical'));
        if (critical) toCritical.push((critical.at - start) / HOUR_MS); else criticalMissed++;
      }
    }
  }
  return {
    name, accountMonths: accounts.length * MONTHS.length, falseDestructive, monthsWithFalseDestructive, falseOver, falseOverAfterOverrun,
    gpuMonths, gpuMonthsDestructive, overrunMonths, overMissed, hoursToOver: hours(toOver), hoursToOverAfterData: hours(toOverAfterData),
    overWithinOnePeriodOfData: withinPeriod, overWithinOnePeriodOfWholeDay: withinWholeDay, criticalMonths, criticalMissed, hoursToCritical: hours(toCritical), evaluations, ms: performance.now() - started,
  };
}

export async function runForecastAccuracy(opts: { seed?: number; accounts?: number } = {}): Promise<ForecastAccuracyResult> {
  const seed = opts.seed ?? Number(process.env.FORECAST_BENCH_SEED ?? 20261130);
  const count = opts.accounts ?? Number(process.env.FORECAST_BENCH_ACCOUNTS ?? 300);
  const history = generateHistory({ seed, accounts: count, months: [WARM_UP, ...MONTHS] });
  const accounts = policies(history);
  return {
    seed, accounts: count, months: MONTHS, everyHours: EVERY_HOURS, lines: history.lines.length,
    forecasters: [
      measure('this forecaster (usage apart from fees, evidence rules, allowance cap)', history, accounts, forecastMonth, false),
      measure('naive run-rate (before)', history, accounts, naiveForecast, true),
    ],
  };
}

const pct = (n: number, d: number) => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)} %`);
const h = (x: Hours) => (x.count === 0 ? '–' : `${x.median?.toFixed(1)} h / ${x.p90?.toFixed(1)} h / ${x.max?.toFixed(1)} h`);

export function forecastAccuracyMarkdown(r: ForecastAccuracyResult): string {
  const [ours, naive] = r.forecasters;
  const row = (label: string, f: (x: ForecasterResult) => string) => `| ${label} | ${f(ours)} | ${f(naive)} |`;
  return [
    `${r.accounts} accounts × ${r.months.length} months (${r.months[0]} to ${r.months.at(-1)}, after a generated month that is replayed but not measured, as the evaluator always has the days before a month), seed ${r.seed}, ${r.lines.toLocaleString('en-US')} daily cost lines from \`bench/lib/cost-months.ts\`: weekday/weekend usage, fees on the 1st (Route 53-style \`Fee\`, \`RIFee\`, \`SavingsPlanRecurringFee\`, sometimes a usage-typed monthly line), Savings Plan covered usage and negations, \`Tax\` and \`Support fee\` at month end, \`Credit\` lines, real overruns from a random hour of days 6-22 (usage × 3-6), and GPU starts inside a 1,000-minute allowance (p4d.24xlarge, $32.77/h). Both forecasters are replayed through \`core/backtest\` \`replayAccount\` (the evaluator's \`decide\`), one evaluation every ${r.everyHours} h.`,
    '',
    '| goal | result | figure |',
    '|---|---|---|',
    ...forecastGoals(r).map((g) => `| ${g.name} | ${g.met === null ? 'not measured' : g.met ? 'met' : '**missed**'} | ${g.figure} |`),
    ...forecastGoals(r).filter((g) => g.met === false && g.why).map((g) => `\n- **${g.name}** missed: ${g.why}.`),
    '',
    `| | ${ours.name} | ${naive.name} |`,
    '|---|---|---|',
    row('false Critical/Shutdown escalations', (x) => `${x.falseDestructive} in ${x.monthsWithFalseDestructive} of ${x.accountMonths} account-months (${pct(x.monthsWithFalseDestructive, x.accountMonths)})`),
    row('false Over escalations', (x) => `${x.falseOver} (${pct(x.falseOver, x.accountMonths)} of account-months)`),
    row('… of which on the 1st after a month that ended in an overrun', (x) => String(x.falseOverAfterOverrun)),
    row('GPU start inside its allowance → Critical/Shutdown', (x) => `${x.gpuMonthsDestructive} of ${x.gpuMonths}`),
    row('real overruns (month ended above target)', (x) => String(x.overrunMonths)),
    row('… reached Over (missed)', (x) => `${x.overrunMonths - x.overMissed} (${x.overMissed})`),
    row('… hours from overrun start to Over: median / p90 / max', (x) => h(x.hoursToOver)),
    row('… hours from the first complete day of overrun data to Over: median / p90 / max', (x) => h(x.hoursToOverAfterData)),
    row(`… Over within one evaluation period (${r.everyHours} h) of that day`, (x) => `${x.overWithinOnePeriodOfData} of ${x.overrunMonths} (${pct(x.overWithinOnePeriodOfData, x.overrunMonths)})`),
    row(`… Over within one evaluation period (${r.everyHours} h) of the first complete day wholly in the overrun`, (x) => `${x.overWithinOnePeriodOfWholeDay} of ${x.overrunMonths} (${pct(x.overWithinOnePeriodOfWholeDay, x.overrunMonths)})`),
    row('overruns ending ≥ critical actual (110 %): reached Critical (missed)', (x) => `${x.criticalMonths - x.criticalMissed} of ${x.criticalMonths} (${x.criticalMissed})`),
    row('… hours from overrun start to Critical: median / p90 / max', (x) => h(x.hoursToCritical)),
    row('evaluations replayed (time)', (x) => `${x.evaluations.toLocaleString('en-US')} (${(x.ms / 1000).toFixed(1)} s)`),
    '',
    'On the 1st the only complete days are last month\'s, so a month that ended in an overrun carries its rate into the 1st (held at Over: no complete day of the new month backs it); the generator ends every overrun with its month, so these count as false here, where in practice a rate that was still running at midnight often is not.',
    '',
    'Negative hours "from the first complete day" mean the state rose on the partial day\'s figures, before a complete day existed. Reproduce: `npx tsx bench/forecast-accuracy.ts` (FORECAST_BENCH_ACCOUNTS, FORECAST_BENCH_SEED).',
  ].join('\n');
}

/** The goals: no false Critical/Shutdown on the realistic set; real overruns reach Over within one evaluation period of the data showing them. */
export function forecastGoals(r: ForecastAccuracyResult | undefined): Goal[] {
  if (!r) return [{ name: 'forecast: no false Critical/Shutdown on realistic months', met: null, figure: 'not run' }];
  const [ours, naive] = r.forecasters;
  const within = ours.overWithinOnePeriodOfData === ours.overrunMonths;
  return [
    {
      name: 'forecast: no false Critical/Shutdown on realistic months',
      met: ours.falseDestructive === 0,
      figure: `${ours.falseDestructive} in ${ours.accountMonths} account-months (naive run-rate: ${naive.falseDestructive})`,
      why: ours.falseDestructive === 0 ? undefined : 'see the forecast accuracy section: which months, and the escalation reasons in bench/results/forecast-accuracy.json',
    },
    {
      name: `forecast: real overruns reach Over within one evaluation period (${r.everyHours} h) of the first complete day showing them`,
      met: within,
      figure: `${ours.overWithinOnePeriodOfData} of ${ours.overrunMonths}; median ${ours.hoursToOverAfterData.median?.toFixed(1) ?? '–'} h after that day (naive: ${naive.overWithinOnePeriodOfData} of ${naive.overrunMonths})`,
      why: within ? undefined : `the first complete day of an overrun that began late in the day shows only its last hours (×3 over 4 hours is +33 % on the day, inside the weekday/weekend swing), so the rate follows on the next day: ${ours.overWithinOnePeriodOfWholeDay} of ${ours.overrunMonths} reach Over within ${r.everyHours} h of the first complete day wholly in the overrun (runtime-bound spend taken out per day, the newest complete day trusted); the others later (hours row below)`,
    },
  ];
}

export const SECTION_START = '<!-- forecast-accuracy -->';
export const SECTION_END = '<!-- /forecast-accuracy -->';

/** Replaces (or appends) this benchmark's section of bench/RESULTS.md, leaving the others as they are. */
export function withSection(results: string, markdown: string, when: string): string {
  const block = `${SECTION_START}\n## Forecast accuracy\n\nMeasured ${when}.\n\n${markdown}\n${SECTION_END}`;
  const start = results.indexOf(SECTION_START);
  const end = results.indexOf(SECTION_END);
  if (start >= 0 && end > start) return `${results.slice(0, start)}${block}${results.slice(end + SECTION_END.length)}`;
  return `${results.trimEnd()}\n\n${block}\n`;
}

if (require.main === module) {
  (async () => {
    const result = await runForecastAccuracy();
    const dir = path.join(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'forecast-accuracy.json'), `${JSON.stringify(result, null, 2)}\n`);
    const file = path.join(__dirname, 'RESULTS.md');
    const markdown = forecastAccuracyMarkdown(result);
    writeFileSync(file, withSection(existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n', markdown, `by \`npx tsx bench/forecast-accuracy.ts\` on ${new Date().toISOString()}`));
    console.log(markdown);
  })().catch((err: unknown) => {
    console.error(err instanceof Error ? err.stack : String(err));
    process.exit(1);
  });
}
