import { Command } from 'commander';
import { BUDGET_STATES, BudgetState, STATE_LABELS, computeState, parseState } from '../../core/budget/state';
import type { AccountPolicy, Mode } from '../../core/catalog/types';
import { ENFORCED_STATES } from '../../core/catalog/types';
import { SimulatedAction, simulatePosture } from '../../core/posture/simulate';
import { describeState } from '../../core/summary/actions';
import { DEFAULT_ACCOUNTS_DIR, findAccount, loadOrReport, parseUsd } from '../catalog';
import { textTable, usd } from '../format';
import { EXIT, Io, UsageError } from '../io';

interface SimulateOptions {
  account: string;
  actual?: string;
  forecast?: string;
  state?: string;
  accounts: string;
  json?: boolean;
}

export interface Simulation {
  readonly account: string;
  readonly state: BudgetState;
  readonly targetUsd: number;
  readonly actualUsd: number;
  readonly forecastUsd: number;
}

/** A simulation with its consequences: the planned actions and the same in words. */
export interface SimulationPlan {
  readonly account: string;
  readonly state: BudgetState;
  readonly mode: Mode;
  /** True in mode `check`: the actions are reported, not carried out. */
  readonly dryRun: boolean;
  readonly targetUsd: number | null;
  /** Null when the state was given with --state instead of spend figures. */
  readonly actualUsd: number | null;
  readonly forecastUsd: number | null;
  /** From a clean month: every change the state requires (core/posture). */
  readonly actions: readonly SimulatedAction[];
  /** The same changes in words, with the APIs a lockdown denies. */
  readonly effects: readonly string[];
}

export function simulateSpend(account: AccountPolicy, actualUsd: number, forecastUsd: number | undefined): Simulation {
  if (account.targetUsd === null) throw new UsageError(`account "${account.name}" has no targetUsd (mode skip); nothing to simulate`);
  const forecast = Math.max(actualUsd, forecastUsd ?? actualUsd);
  const state = computeState({ targetUsd: account.targetUsd, actualUsd, forecastUsd: forecast }, account.states);
  return { account: account.name, state, targetUsd: account.targetUsd, actualUsd, forecastUsd: forecast };
}

/** What the guardrail does to `account` at `state`; nothing at all for an account in mode skip. */
export function planForState(account: AccountPolicy, state: BudgetState, spend?: Simulation): SimulationPlan {
  const acts = account.mode !== 'skip';
  const enforced = ENFORCED_STATES.find((s) => s === state);
  return {
    account: account.name,
    state,
    mode: account.mode,
    dryRun: account.mode === 'check',
    targetUsd: account.targetUsd,
    actualUsd: spend?.actualUsd ?? null,
    forecastUsd: spend?.forecastUsd ?? null,
    actions: acts ? simulatePosture(account, state) : [],
    effects: acts && enforced ? describeState(account, enforced) : [],
  };
}

function parseStateOption(text: string): BudgetState {
  const state = parseState(text);
  if (!state) throw new UsageError(`--state must be one of ${BUDGET_STATES.join(', ')} (got "${text}")`);
  return state;
}

function headline(plan: SimulationPlan): string {
  const label = STATE_LABELS[plan.state].toUpperCase();
  if (plan.actualUsd === null || plan.forecastUsd === null || plan.targetUsd === null) {
    return `${plan.account} at ${label}${plan.targetUsd === null ? '' : ` (target ${usd(plan.targetUsd)}/month)`}`;
  }
  return `${plan.account}: ${label} (target ${usd(plan.targetUsd)}, actual ${usd(plan.actualUsd)}, forecast ${usd(plan.forecastUsd)})`;
}

export function planText(plan: SimulationPlan): string {
  const lines = [headline(plan)];
  if (plan.mode === 'skip') return [...lines, 'mode skip: the account is not evaluated; nothing happens at any state.'].join('\n');
  if (plan.actions.length === 0) {
    const why = (ENFORCED_STATES as readonly string[]).includes(plan.state) ? 'nothing is configured up to this state' : 'enforcement starts at Over';
    return [...lines, `no changes (${why}); the owners are notified of state changes.`].join('\n');
  }
  const intro = plan.dryRun
    ? `mode check (dry run): these changes would be made, but are only reported:`
    : `mode enforce: these changes are made (cumulative: everything configured up to ${STATE_LABELS[plan.state]}):`;
  const table = textTable(
    ['action', 'target', 'region', 'change'],
    plan.actions.map((a) => [a.kind, a.target, a.region ?? '-', `${a.from} → ${a.to}`]),
  );
  return [...lines, intro, '', table, '', 'In words:', ...plan.effects.map((e) => `- ${e}`)].join('\n');
}

export function simulateCommand(io: Io, setExit: (code: number) => void): Command {
  return new Command('simulate')
    .description('what-if: the budget state an account would be in for the given spend, and what the guardrail would do')
    .requiredOption('--account <name>', 'account name (file name in the catalog) or id')
    .option('--actual <usd>', 'month-to-date actual spend in USD')
    .option('--forecast <usd>', 'forecast for the whole month in USD (default: the actual)')
    .option('--state <state>', `show what happens at this state, without spend figures (${BUDGET_STATES.join('|')})`)
    .option('--accounts <dir>', 'catalog folder', DEFAULT_ACCOUNTS_DIR)
    .option('--json', 'print JSON instead of text')
    .addHelpText('after', [
      '',
      'Example:',
      '  guardrails simulate --account data-science --actual 5001 --forecast 5001 --json',
      'Example (what happens at a state, without spend figures):',
      '  guardrails simulate --account web-service --state shutdown',
      '',
      'Give either --actual (with an optional --forecast) or --state.',
      'Exit status: 0 done, 1 catalog problems, 2 usage error.',
    ].join('\n'))
    .action(async (opts: SimulateOptions) => {
      const catalog = await loadOrReport(opts.accounts, io);
      if (!catalog) return setExit(EXIT.invalidCatalog);
      const account = findAccount(catalog, opts.account);
      if (opts.state !== undefined && (opts.actual !== undefined || opts.forecast !== undefined)) {
        throw new UsageError('give either --state or spend figures (--actual, --forecast), not both');
      }
      let plan: SimulationPlan;
      if (opts.state !== undefined) {
        plan = planForState(account, parseStateOption(opts.state));
      } else {
        if (opts.actual === undefined) throw new UsageError('--actual is required (or --state), e.g. --actual 5001');
        const actual = parseUsd(opts.actual, '--actual');
        const forecast = opts.forecast === undefined ? undefined : parseUsd(opts.forecast, '--forecast');
        const spend = simulateSpend(account, actual, forecast);
        plan = planForState(account, spend.state, spend);
      }
      io.out(opts.json ? JSON.stringify(plan) : planText(plan));
      return setExit(EXIT.ok);
    });
}
