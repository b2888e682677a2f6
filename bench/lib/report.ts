/** Renders bench/RESULTS.md from one run's results: every figure, every goal, and for a missed goal why and what would fix it. */
import type { ColdStartResult } from '../cold-start';
import type { CostModelResult } from '../cost-model';
import { COST_GOAL } from '../cost-model';
import type { ThroughputResult } from '../enforcement-throughput';
import { ForecastAccuracyResult, SECTION_END, SECTION_START, forecastAccuracyMarkdown, forecastGoals } from '../forecast-accuracy';
import { THROUGHPUT_GOAL_MS } from '../enforcement-throughput';
import type { SynthScaleResult } from '../synth-scale';
import { ORG_SCALE_END, ORG_SCALE_START, OrgScaleResult, orgScaleGoals, orgScaleMarkdown } from '../org-scale';
import { SYNTH_GOAL } from '../synth-scale';
import { Assumptions, computeCostModel, CostModel } from './cost';
import type { MachineInfo } from './machine';
import { FREE_CALLS, PRICES, PRICE_NOTE } from './prices';
import { formatBytes, formatMs, formatUsd, median, ratio, round } from './stats';

export interface BundleRow {
  readonly name: string;
  readonly zippedBytes: number;
  readonly heaviest?: readonly { readonly module: string; readonly bytes: number }[];
}

export interface Section<T> {
  readonly result?: T;
  readonly error?: string;
  readonly note?: string;
}

export interface BenchReport {
  readonly machine: MachineInfo;
  readonly startedAt: string;
  readonly command: string;
  readonly totalMs: number;
  /** 1-minute load averages when the run started and ended: how busy the machine was. */
  readonly loadAverage: readonly [number, number];
  readonly synth: Section<SynthScaleResult>;
  readonly bundles: Section<{ readonly rows: readonly BundleRow[]; readonly source: string; readonly missing: readonly string[] }>;
  readonly coldStart: Section<ColdStartResult>;
  readonly throughput: Section<{ readonly runs: readonly ThroughputResult[]; readonly stress?: ThroughputResult }>;
  readonly cost: Section<CostModelResult>;
  readonly overrun: Section<{ readonly markdown: string }>;
  readonly forecast?: Section<ForecastAccuracyResult>;
  /** bench/org-scale.ts: 1,000 and 5,000 accounts within AWS's limits, the big account, the hub's plan. */
  readonly orgScale?: Section<OrgScaleResult>;
}

export interface Goal {
  readonly name: string;
  readonly met: boolean | null;
  readonly figure: string;
  readonly why?: string;
}

const BENCH_MINUTES_GOAL = 10;
const BUNDLE_GOAL_BYTES = 1024 * 1024;
const COLD_GOAL_MS = 300;

const table = (head: readonly string[], rows: readonly (readonly (string | number)[])[]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

const mark = (met: boolean | null) => (met === null ? 'not measured' : met ? 'met' : '**missed**');

function synthGoals(s: SynthScaleResult): Goal[] {
  const big = s.sizes.find((x) => x.accounts === SYNTH_GOAL.accounts);
  const goals: Goal[] = [];
  if (!big) return [{ name: 'synth 1,000 accounts < 30 s, < 1.5 GB', met: null, figure: 'size 1,000 not run' }];
  const phases = [['load + validate', big.median.loadMs], ['build constructs', big.median.buildMs], ['synthesize JSON', big.median.synthMs]] as const;
  const slowest = [...phases].sort((a, b) => b[1] - a[1])[0];
  const timeMet = big.median.wallMs < SYNTH_GOAL.wallMs;
  const contended = big.median.cpuMs < big.median.wallMs * 0.8;
  goals.push({
    name: 'synth 1,000 accounts in under 30 s (2 cores)',
    met: timeMet,
    figure: `${formatMs(big.median.wallMs)} wall, ${formatMs(big.median.cpuMs)} CPU`,
    why: timeMet ? undefined : `${contended ? `the process got only ${Math.round((100 * big.median.cpuMs) / big.median.wallMs)} % of a core on average (other load on the machine; see the load average above), so part of the miss is contention; ` : ''}synth is one single-threaded process and its slowest phase is ${slowest[0]} (${formatMs(slowest[1])}). Member stacks are independent (cross-stack values derive from names), so synthesizing them in shards, one process per core, uses the second core${s.sharded ? `: measured here, ${s.sharded.shards} concurrent processes of ${s.sharded.accounts / s.sharded.shards} accounts took ${formatMs(s.sharded.wallMs)} wall (${ratio(s.sharded.wallMs, big.median.wallMs)}× the single process), ${formatBytes(s.sharded.maxRssBytes)} peak each` : ''}. The fix is a \`--shard i/n\` option in main.ts (the hub in shard 0) and a CI matrix`,
  });
  const memMet = big.median.maxRssBytes < SYNTH_GOAL.rssBytes;
  goals.push({
    name: 'synth 1,000 accounts in under 1.5 GB',
    met: memMet,
    figure: formatBytes(big.median.maxRssBytes),
    why: memMet ? undefined : 'the whole construct tree is held until synth ends; synthesizing in shards of a few hundred accounts per process bounds peak memory',
  });
  const m = s.marginalMsPerAccount;
  if (m.length >= 2) {
    const r = ratio(m[m.length - 1].ms, m[0].ms);
    const linear = r <= 1.5;
    goals.push({
      name: 'synth grows linearly with accounts',
      met: linear,
      figure: `marginal ${round(m[0].ms, 1)} ms/account (${m[0].from}→${m[0].to}) vs ${round(m[m.length - 1].ms, 1)} ms/account (${m[m.length - 1].from}→${m[m.length - 1].to}): ratio ${r}`,
      why: linear ? undefined : 'per-account cost rises with size: something is quadratic (a lookup over all accounts per account, e.g. in the hub or in validation); profile `bench/lib/synth-child.ts` at 1,000 accounts',
    });
  }
  return goals;
}

function bundleGoals(report: BenchReport): Goal[] {
  const goals: Goal[] = [];
  const rows = report.bundles.result?.rows ?? [];
  const over = rows.filter((r) => r.zippedBytes >= BUNDLE_GOAL_BYTES);
  const missing = report.bundles.result?.missing ?? [];
  goals.push({
    name: 'each function bundle under 1 MB zipped',
    met: rows.length === 0 ? null : over.length === 0 && missing.length === 0 ? true : over.length > 0 ? false : null,
    figure: rows.length ? `largest ${formatBytes(Math.max(...rows.map((r) => r.zippedBytes)))}${missing.length ? `; not built yet: ${missing.join(', ')}` : ''}` : 'no bundles',
    why: over.length === 0 ? undefined : `${over.map((r) => `${r.name} (${formatBytes(r.zippedBytes)}; heaviest: ${(r.heaviest ?? []).slice(0, 3).map((h) => `${h.module} ${formatBytes(h.bytes)}`).join(', ')})`).join('; ')}: import only the SDK commands used, from their clients' ES builds, and keep heavy libraries out of the handler's import graph`,
  });
  const cold = report.coldStart.result;
  if (cold) {
    const slow = cold.functions.filter((f) => f.medianInitMs >= COLD_GOAL_MS);
    goals.push({
      name: 'each function cold init under 300 ms (median of 10)',
      met: cold.functions.length === 0 ? null : slow.length === 0 && cold.missing.length === 0 ? true : slow.length > 0 ? false : null,
      figure: cold.functions.length ? `slowest ${formatMs(Math.max(...cold.functions.map((f) => f.medianInitMs)))}${cold.missing.length ? `; not built yet: ${cold.missing.join(', ')}` : ''}` : 'no bundles',
      why: slow.length === 0 ? undefined : `${slow.map((f) => {
        const heavy = rows.find((r) => r.name === f.name)?.heaviest?.slice(0, 3) ?? [];
        return `${f.name} ${formatMs(f.medianInitMs)}${heavy.length ? ` (heaviest in its bundle: ${heavy.map((h) => `${h.module} ${formatBytes(h.bytes)}`).join(', ')})` : ''}`;
      }).join('; ')}: loading evaluates every module the handler imports, so init time follows the bundle's size; import only the clients a run needs (e.g. load the RDS/Redshift/Organizations clients lazily, on the first action that uses them), and create clients and compile schemas on first use rather than at import`,
    });
  }
  return goals;
}

function throughputGoal(runs: readonly ThroughputResult[] | undefined, stress?: ThroughputResult): Goal {
  if (!runs?.length) return { name: 'enforcement: 100 accounts × 100 instances to Critical in under 60 s, none lost, none repeated', met: null, figure: 'not measured' };
  const wall = median(runs.map((r) => r.wallMs));
  const checked = stress ? [...runs, stress] : runs;
  const lost = Math.max(...checked.map((r) => r.lost.length));
  const repeated = Math.max(...checked.map((r) => r.repeated.length));
  const unexpected = Math.max(...checked.map((r) => r.unexpected.length));
  const met = wall < THROUGHPUT_GOAL_MS && lost === 0 && repeated === 0 && unexpected === 0;
  return {
    name: 'enforcement: 100 accounts × 100 instances to Critical in under 60 s, none lost, none repeated',
    met,
    figure: `${formatMs(wall)} median of ${runs.length}; lost ${lost}, repeated ${repeated}, unexpected ${unexpected} (worst run${stress ? ', stress run included' : ''})`,
    why: met ? undefined : wall >= THROUGHPUT_GOAL_MS
      ? 'the slowest accounts wait on throttling backoff (SDK standard retry: 500 ms base for throttling); raise per-account concurrency for reads, batch IAM calls per principal, or spread accounts over more concurrent invocations'
      : 'a change was lost or made twice: see the lists under "Enforcement throughput" — a ledger claim or an action is not idempotent',
  };
}

function costGoal(cost: CostModelResult | undefined): Goal {
  const model = cost?.models.find((m) => m.accounts === COST_GOAL.accounts);
  if (!model) return { name: 'running cost under $0.10 per account-month at 100 accounts', met: null, figure: 'not computed' };
  const met = model.perAccountUsd < COST_GOAL.perAccountUsd;
  const top = [...model.lines].sort((a, b) => b.monthlyUsd - a.monthlyUsd).slice(0, 2);
  return {
    name: 'running cost under $0.10 per account-month at 100 accounts',
    met,
    figure: `${formatUsd(model.perAccountUsd)} per account-month (${formatUsd(model.totalUsd)} total)`,
    why: met ? undefined : `the largest items are ${top.map((l) => `${l.item} (${formatUsd(l.monthlyUsd)})`).join(' and ')}; see "What would bring it under the goal" below`,
  };
}

/** The same org priced with fewer member alarms and/or other assumptions (same model, same synth facts otherwise). */
function whatIf(model: CostModel, cost: CostModelResult, synth: SynthScaleResult, alarms: (evaluated: number, now: number) => number, assumptions: Partial<Assumptions> = {}): CostModel | undefined {
  const size = synth.sizes.find((s) => s.accounts === model.accounts);
  if (!size) return undefined;
  const now = size.summary.memberResourceCounts.aws_cloudwatch_metric_alarm ?? 0;
  const kept = Math.min(now, alarms(size.catalogStats.evaluatedAccounts, now));
  return computeCostModel({
    synth: {
      ...size.summary,
      memberBillingAlarms: Math.min(size.summary.memberBillingAlarms, kept),
      memberResourceCounts: { ...size.summary.memberResourceCounts, aws_cloudwatch_metric_alarm: kept },
    },
    catalog: size.catalogStats, initMs: cost.initMsUsed, emitsCustomMetrics: cost.emitsCustomMetrics,
    assumptions: { ...cost.assumptions, ...assumptions },
  });
}

export function goalsOf(report: BenchReport): Goal[] {
  return [
    ...(report.synth.result ? synthGoals(report.synth.result) : [{ name: 'synth at scale', met: null, figure: report.synth.error ?? 'not run' }]),
    ...bundleGoals(report),
    throughputGoal(report.throughput.result?.runs, report.throughput.result?.stress),
    costGoal(report.cost.result),
    ...forecastGoals(report.forecast?.result),
    ...(report.orgScale ? orgScaleGoals(report.orgScale.result, report.orgScale.error) : []),
    {
      name: '`npm run bench` under 10 minutes',
      met: report.totalMs < BENCH_MINUTES_GOAL * 60_000,
      figure: formatMs(report.totalMs),
      why: report.totalMs < BENCH_MINUTES_GOAL * 60_000 ? undefined : 'lower the repetitions with BENCH_RUNS=2 or run sizes separately (BENCH_SIZES=10,100)',
    },
  ];
}

function synthSection(s: SynthScaleResult): string {
  const rows = s.sizes.map((x) => [
    x.accounts, x.runs.length, formatMs(x.median.wallMs), formatMs(x.median.loadMs), formatMs(x.median.buildMs), formatMs(x.median.synthMs),
    formatMs(x.median.cpuMs), formatBytes(x.median.maxRssBytes), x.stacks, x.resources, formatBytes(x.outputBytes), `${round(x.median.wallMs / x.accounts, 1)} ms`,
  ]);
  const last = s.sizes[s.sizes.length - 1];
  const hubCounts = last.summary.hub?.resourceCounts ?? {};
  const types = [...new Set([...Object.keys(last.summary.memberResourceCounts), ...Object.keys(hubCounts)])].sort();
  const perType = types.map((t) => [t, hubCounts[t] ?? 0, last.summary.memberResourceCounts[t] ?? 0, round((last.summary.memberResourceCounts[t] ?? 0) / last.accounts, 2)]);
  const tf = s.terraformValidate;
  const tfText = tf.error
    ? `Not measured: ${tf.error}`
    : [
      `Stack \`${tf.stack}\` (${tf.resources} resources, the largest member of a 10-account catalog), offline provider mirror:`,
      '',
      table(['step', 'time'], [
        ['`terraform init` (cold plugin cache)', formatMs(tf.initColdMs!)],
        ['`terraform init` (warm `TF_PLUGIN_CACHE_DIR`)', formatMs(tf.initCachedMs!)],
        [`\`terraform validate\` (median of ${tf.validateMs!.length}: ${tf.validateMs!.map((v) => formatMs(v)).join(', ')})`, formatMs(tf.validateMedianMs!)],
      ]),
      '',
      `**CI scaling.** Validating every stack of a 1,000-account org costs about ${formatMs(1000 * (tf.validateMedianMs! + tf.initCachedMs!))} of init + validate `
        + `(${formatMs((1000 * (tf.validateMedianMs! + tf.initCachedMs!)) / 2)} on 2 parallel jobs) — too slow for every pull request. Recommended: `
        + 'synthesize everything (cheap, see above), then `terraform validate` only the stacks whose `cdk.tf.json` changed against the base branch '
        + '(an account-file change touches its own member stack and the hub), with one shared `TF_PLUGIN_CACHE_DIR` so `init` links the provider instead of copying it; '
        + 'run the full validation nightly or when `modules/`, `core/` or the provider version changes, sharded across parallel jobs.',
    ].join('\n');
  return [
    `Catalogs from the seeded generator (seed ${s.seed}; \`bench/lib/catalog-generator.ts\`) written as catalog folders; every feature is used by some accounts. `
      + 'Each synth runs in a fresh process: load + validate the folder, build the stacks, synthesize (what `npm run synth` does). Wall time is spawn to exit (includes `tsx` start-up); peak memory is the process\'s max RSS.',
    '',
    `Before timing, one 10-account synth with the function bundle cache emptied (what a fresh CI machine pays once for bundling the functions): ${formatMs(s.warmUp.wallMs)}. The timed runs below reuse the cache, as every later synth does.`,
    '',
    table(['accounts', 'runs', 'wall (median)', 'load + validate', 'build', 'synth', 'CPU (user + sys)', 'peak RSS', 'stacks', 'resources', 'output', 'wall per account'], rows),
    '',
    `Marginal cost per added account: ${s.marginalMsPerAccount.map((m) => `${m.from}→${m.to}: ${round(m.ms, 2)} ms and ${formatBytes(Math.max(0, m.rssBytes))}`).join('; ')}.`,
    '',
    `Resources by type at ${last.accounts} accounts (what the cost model counts):`,
    '',
    table(['type', 'hub', 'all members', 'per member'], perType),
    '',
    '### terraform validate, one member stack',
    '',
    tfText,
  ].join('\n');
}

function bundleSection(report: BenchReport): string {
  const rows = report.bundles.result?.rows ?? [];
  const cold = report.coldStart.result;
  const names = [...new Set([...rows.map((r) => r.name), ...(cold?.functions.map((f) => f.name) ?? [])])];
  const body = names.map((name) => {
    const b = rows.find((r) => r.name === name);
    const c = cold?.functions.find((f) => f.name === name);
    return [
      name, b ? formatBytes(b.zippedBytes) : '—', b ? mark(b.zippedBytes < BUNDLE_GOAL_BYTES) : '—',
      c ? formatMs(c.medianInitMs) : '—', c ? `${formatMs(Math.min(...c.initMs))}–${formatMs(Math.max(...c.initMs))}` : '—',
      c ? formatMs(c.medianProcessReadyMs) : '—', c ? mark(c.withinGoal) : '—',
    ];
  });
  const missing = [...new Set([...(report.bundles.result?.missing ?? []), ...(cold?.missing ?? [])])];
  return [
    `Sizes: ${report.bundles.result?.source ?? report.bundles.error ?? 'not measured'}. Cold init: each bundle (the zip synth produces) unpacked and \`require\`d in a fresh \`node\` process with the hub's environment and \`NODE_OPTIONS=--enable-source-maps\`, ${cold?.runs ?? 10} times; "init" is the module load (the part of Lambda's Init Duration the bundle decides), "process ready" adds Node's own start-up.`,
    '',
    table(['function', 'zipped', '< 1 MB', 'init (median)', 'init range', 'process ready', '< 300 ms'], body),
    ...(missing.length ? ['', `Not measured (no \`functions/<name>/handler.ts\` at run time): ${missing.join(', ')}.`] : []),
    ...(report.coldStart.error ? ['', `Cold start error: ${report.coldStart.error}`] : []),
  ].join('\n');
}

function throughputSection(runs: readonly ThroughputResult[], stress: ThroughputResult | undefined): string {
  const r = runs[0];
  const all = stress ? [...runs, stress] : runs;
  const rows = all.map((x, i) => [
    i < runs.length ? i + 1 : `stress: ${x.accounts} accounts, ${Math.round(x.throttleShare * 100)} % throttled`, formatMs(x.wallMs), formatMs(x.accountMedianMs), formatMs(x.accountMaxMs), x.apiAttempts, x.throttledAttempts, x.ledgerCalls,
    x.invocations + x.reconcileInvocations, Object.entries(x.outcomes).map(([k, v]) => `${k} ${v}`).join(', '), x.failedFirstRound, x.lost.length, x.repeated.length, x.unexpected.length,
  ]);
  const problems = all.flatMap((x) => [...x.lost.map((l) => `lost: ${l}`), ...x.repeated.map((l) => `repeated: ${l}`), ...x.unexpected.map((l) => `unexpected: ${l}`)]).slice(0, 20);
  return [
    `The enforcer's \`enforce()\` (functions/enforcer/enforce.ts) with its real planner, actions and SDK v3 clients; only the wire is fake: each call waits ${r.latencyMs[0]}–${r.latencyMs[1]} ms and ${Math.round(r.throttleShare * 100)} % of attempts answer the service's throttling error (\`RequestLimitExceeded\` for EC2, \`Throttling\` for IAM, \`ThrottlingException\` elsewhere), retried by the SDK's standard strategy. The ledger is an in-memory \`Ledger\` with DynamoLedger's conditions and 5–15 ms per call.`,
    '',
    `Scenario: ${r.accounts} accounts in 2 regions, ${r.instances} instances (2 exempt and 3 already stopped per account-region), ${r.autoScalingGroups} Auto Scaling groups, ${r.iamChanges} IAM changes (PowerUserAccess detached from a role and a user, the Critical lockdown attached to a role and a group). Every account goes On target → Over (tag unapproved) → Critical (stop, 0/0/0, detach, lockdown), all accounts concurrently; each Critical event is delivered twice at once. Accounts with failed actions get another Critical event (the next evaluation), up to 3 rounds. Then every change in the fake world is checked against the ${r.expectedChanges} expected ones.`,
    '',
    table(['run', 'wall', 'per account (median)', 'slowest account', 'API attempts', 'throttled', 'ledger calls', 'invocations', 'outcomes', 'failed, 1st round', 'lost', 'repeated', 'unexpected'], rows),
    ...(stress ? ['', `The stress row repeats the scenario for ${stress.accounts} accounts with ${Math.round(stress.throttleShare * 100)} % of attempts throttled, so that some actions exhaust the SDK's retries (${stress.failedFirstRound} failed in the first round) and are finished by the reconcile (${stress.reconcileInvocations} extra invocations): it checks that a failed action is neither lost nor repeated. It is not part of the 60 s goal.`] : []),
    ...(problems.length ? ['', ...problems.map((p) => `- ${p}`)] : []),
  ].join('\n');
}

function costSection(cost: CostModelResult, synth: SynthScaleResult | undefined): string {
  const summary = cost.models.map((m) => [
    m.accounts, formatUsd(m.totalUsd), formatUsd(m.perAccountUsd), formatUsd(m.budgetsActionsUsd), `${ratio(m.budgetsActionsUsd, m.totalUsd)}×`,
  ]);
  const at = cost.models.find((m) => m.accounts === COST_GOAL.accounts) ?? cost.models[cost.models.length - 1];
  const lines = at.lines.map((l) => [l.item, round(l.quantity, 3), `$${PRICES[l.price].usd < 0.001 ? PRICES[l.price].usd.toExponential(3) : PRICES[l.price].usd} per ${PRICES[l.price].per}`, formatUsd(l.monthlyUsd), l.basis, `[price](${PRICES[l.price].url})`]);
  const inv = at.invocations.map((f) => [f.functionName, round(f.invocations, 0), `${f.memoryMb} MB ${f.architecture}`, round(f.gbSeconds, 1)]);
  const fix: string[] = [];
  if (at.perAccountUsd >= COST_GOAL.perAccountUsd && synth) {
    const scenarios = [
      ['one billing alarm per evaluated account (its lowest threshold); the evaluator raises the other threshold alerts', whatIf(at, cost, synth, (evaluated) => evaluated)],
      ['no member alarms: every alert comes from the evaluator\'s schedule (up to one schedule period later)', whatIf(at, cost, synth, () => 0)],
      ['no member alarms, and runtime datums sent 20 per PutMetricData request', whatIf(at, cost, synth, () => 0, { metricDatumsPerRequest: 20 })],
    ] as const;
    fix.push('', '### What would bring it under the goal', '',
      'Billing alarms are $0.10 each per month, so the default three actual-spend thresholds (50/80/100 %) alone cost $0.30 per account, three times the goal; each alarm transition also starts an evaluator run that pays a Cost Explorer request. '
      + 'The evaluator already reads every account\'s spend in one Cost Explorer call per run, so alarms only buy latency. Priced with the same model:',
      '',
      table(['change', `per account at ${at.accounts}`, 'total'], scenarios.filter(([, m]) => m).map(([what, m]) => [what, formatUsd(m!.perAccountUsd), formatUsd(m!.totalUsd)])),
      '',
      'What remains is mostly fixed cost (the evaluation schedule\'s Cost Explorer requests, the KMS key, hub alarms), so the per-account figure keeps falling as accounts are added (see the 1,000-account row).');
  }
  return [
    `${PRICE_NOTE}. Free tiers are ignored (in an organization they are shared by all accounts). Quantities come from the synthesized JSON of each catalog (alarms, functions and their \`memory_size\`/architecture, rule patterns and schedule expressions, topics and subscriptions, KMS keys), the catalog's counts, the measured cold init, and the assumptions listed below.`,
    '',
    table(['accounts', 'guardrail per month', 'per account', 'AWS Budgets Actions (1 per account)', 'Budgets Actions ÷ guardrail'], summary),
    '',
    `AWS Budgets Actions: $${PRICES.budgetsActionDay.usd} per action-enabled budget per day ≈ ${formatUsd(PRICES.budgetsActionDay.usd * 365.25 / 12)} per budget-month ([price](${PRICES.budgetsActionDay.url})); the first two action-enabled budgets are free, which does not change the comparison at these sizes. Budgets Actions also only apply IAM/SCP policies or stop EC2/RDS instances; they do not cover ASGs, Redshift, policy detachment or runtime budgets.`,
    '',
    `Line items at ${at.accounts} accounts:`,
    '',
    table(['item', 'quantity / month', 'unit price', 'monthly', 'basis', 'source'], lines),
    '',
    `Lambda at ${at.accounts} accounts (invocations from the synthesized rules' schedules and event patterns; GB-s from the warm-duration model plus measured init):`,
    '',
    table(['function', 'invocations / month', 'memory', 'GB-s / month'], inv),
    ...(at.unpricedDetailTypes.length ? ['', `Detail-types routed by the hub that the model has no volume for (counted as 0): ${at.unpricedDetailTypes.join(', ')}.`] : []),
    '',
    'Assumptions (volumes nobody can measure offline; change them in `bench/lib/cost.ts`):',
    '',
    ...Object.entries(cost.assumptions).map(([k, v]) => `- \`${k}\`: ${v}`),
    `- custom metrics are ${cost.emitsCustomMetrics ? 'published (PutMetricData found in functions/): one per runtime group' : 'not published (no PutMetricData in functions/)'}`,
    `- not charged: ${FREE_CALLS.join('; ')}`,
    ...fix,
  ].join('\n');
}

export function renderResults(report: BenchReport): string {
  const goals = goalsOf(report);
  const m = report.machine;
  const section = <T>(title: string, s: Section<T>, render: (r: T) => string) =>
    [`## ${title}`, '', s.result ? render(s.result) : `Not measured: ${s.error ?? 'not run'}`, ...(s.note ? ['', s.note] : []), ''].join('\n');
  return [
    '# Benchmark results',
    '',
    `Written by \`${report.command}\` on ${report.startedAt} (whole run ${formatMs(report.totalMs)}).`,
    '',
    `Machine: ${m.cpus} CPUs (\`nproc\`), ${m.cpuModel}; ${formatBytes(m.memoryBytes)} memory; Node ${m.node}; ${m.platform}; ${m.terraform ?? 'terraform not found'}.`,
    `Load average (1 min) at start and end of the run: ${report.loadAverage[0].toFixed(2)} / ${report.loadAverage[1].toFixed(2)} on ${m.cpus} CPUs. These machines are noisy: figures are medians of several runs, CPU time is shown beside wall time, and comparisons are given as ratios.`,
    'Raw figures: `bench/results/*.json`.',
    '',
    '## Goals',
    '',
    table(['goal', 'result', 'figure'], goals.map((g) => [g.name, mark(g.met), g.figure])),
    '',
    ...goals.filter((g) => g.met === false && g.why).map((g) => `- **${g.name}** missed: ${g.why}.`),
    '',
    section('Synth at scale', report.synth, synthSection),
    `## Bundles and cold start\n\n${bundleSection(report)}\n`,
    section('Enforcement throughput', report.throughput, (t) => throughputSection(t.runs, t.stress)),
    section('Running cost', report.cost, (c) => costSection(c, report.synth.result)),
    section('Runtime budget overrun', report.overrun, (o) => o.markdown),
    SECTION_START,
    section('Forecast accuracy', report.forecast ?? { error: 'not run' }, forecastAccuracyMarkdown),
    SECTION_END,
    ...(report.orgScale ? [ORG_SCALE_START, section('Org scale within AWS limits', report.orgScale, orgScaleMarkdown), ORG_SCALE_END] : []),
  ].join('\n');
}
