import { Command } from 'commander';
import { BudgetState, STATE_LABELS, computeState } from '../../core/budget/state';
import type { AccountPolicy } from '../../core/catalog/types';
import { DEFAULT_ACCOUNTS_DIR, findAccount, loadOrReport, parseUsd } from '../catalog';
import { usd } from '../format';
import { EXIT, Io, UsageError } from '../io';

interface SimulateOptions {
  account: string;
  actual?: string;
  forecast?: string;
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

export function simulateSpend(account: AccountPolicy, actualUsd: number, forecastUsd: number | undefined): Simulation {
  if (account.targetUsd === null) throw new UsageError(`account "${account.name}" has no targetUsd (mode skip); nothing to simulate`);
  const forecast = Math.max(actualUsd, forecastUsd ?? actualUsd);
  const state = computeState({ targetUsd: account.targetUsd, actualUsd, forecastUsd: forecast }, account.states);
  return { account: account.name, state, targetUsd: account.targetUsd, actualUsd, forecastUsd: forecast };
}

export function simulateCommand(io: Io, setExit: (code: number) => void): Command {
  return new Command('simulate')
    .description('what-if: the budget state an account would be in for the given spend')
    .requiredOption('--account <name>', 'account name (file name in the catalog) or id')
    .option('--actual <usd>', 'month-to-date actual spend in USD')
    .option('--forecast <usd>', 'forecast for the whole month in USD (default: the actual)')
    .option('--accounts <dir>', 'catalog folder', DEFAULT_ACCOUNTS_DIR)
    .option('--json', 'print JSON instead of text')
    .addHelpText('after', '\nExample:\n  guardrails simulate --account data-science --actual 5001 --forecast 5001 --json\n\nExit status: 0 done, 1 catalog problems, 2 usage error.')
    .action(async (opts: SimulateOptions) => {
      const catalog = await loadOrReport(opts.accounts, io);
      if (!catalog) return setExit(EXIT.invalidCatalog);
      const account = findAccount(catalog, opts.account);
      if (opts.actual === undefined) throw new UsageError('--actual is required, e.g. --actual 5001');
      const actual = parseUsd(opts.actual, '--actual');
      const forecast = opts.forecast === undefined ? undefined : parseUsd(opts.forecast, '--forecast');
      const result = simulateSpend(account, actual, forecast);
      if (opts.json) io.out(JSON.stringify(result));
      else io.out(`${result.account}: ${STATE_LABELS[result.state].toUpperCase()} (target ${usd(result.targetUsd)}, actual ${usd(result.actualUsd)}, forecast ${usd(result.forecastUsd)})`);
      return setExit(EXIT.ok);
    });
}
