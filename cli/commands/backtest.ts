import { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { backtest } from '../../core/backtest/backtest';
import { CostHistory, HistoryError, HistoryFormat, isCalendarDay } from '../../core/backtest/history';
import { FOCUS_COST_COLUMNS, FocusCostColumn } from '../../core/backtest/read-focus';
import { readHistory } from '../../core/backtest/read-history';
import { COST_METRICS } from '../../core/forecast/cost-and-usage';
import { DEFAULT_ACCOUNTS_DIR, loadOrReport } from '../catalog';
import { EXIT, Io, UsageError } from '../io';
import { backtestMarkdown, backtestText } from './backtest-report';

interface BacktestOptions {
  accounts: string;
  account?: string[];
  format?: string;
  metric?: string;
  focusCost?: string;
  from?: string;
  to?: string;
  every?: string;
  json?: boolean;
  markdown?: boolean;
}

const FORMATS: readonly HistoryFormat[] = ['cost-explorer', 'csv', 'focus'];

/** `rate(N hours)` of the catalog when it divides a day, else 4. */
export function everyHoursOf(schedule: string): number {
  const m = /^rate\((\d+) hours?\)$/.exec(schedule);
  const n = m ? Number(m[1]) : 4;
  return 24 % n === 0 ? n : 4;
}

function day(value: string | undefined, option: string): string | undefined {
  if (value !== undefined && !isCalendarDay(value)) throw new UsageError(`${option} must be a day as yyyy-mm-dd, e.g. ${option} 2026-01-01 (got "${value}")`);
  return value;
}

export function backtestCommand(io: Io, setExit: (code: number) => void): Command {
  return new Command('backtest')
    .description('replay cost history through the evaluator: the state each day, what decided it, what the catalog would have run')
    .argument('<files...>', 'cost history: Cost Explorer GetCostAndUsage JSON, a CSV (date,account,recordType,amountUsd) or a FOCUS 1.0 CSV')
    .option('--accounts <dir>', 'catalog folder', DEFAULT_ACCOUNTS_DIR)
    .option('--account <name>', 'only this account (name or id); repeat for more', (name: string, all: string[] = []) => [...all, name])
    .option('--format <format>', `input format (${FORMATS.join('|')}); default: recognised from the content`)
    .option('--metric <metric>', `Cost Explorer JSON: the metric to read (${COST_METRICS.join('|')})`)
    .option('--focus-cost <column>', `FOCUS: the cost column (${FOCUS_COST_COLUMNS.join('|')})`, 'BilledCost')
    .option('--from <day>', 'first day replayed (yyyy-mm-dd); default: the first day of the history')
    .option('--to <day>', 'last day replayed (yyyy-mm-dd); default: the last day of the history')
    .option('--every <hours>', 'hours between evaluations (default: the catalog\'s evaluationSchedule, else 4)')
    .option('--json', 'print JSON')
    .option('--markdown', 'print a Markdown table for a pull request')
    .addHelpText('after', [
      '',
      'Examples:',
      '  guardrails backtest costs-2026-h1.json',
      '  guardrails backtest --account web-service --markdown focus-2026-*.csv',
      '  guardrails backtest --format csv --from 2026-01-01 --to 2026-06-30 --json daily.csv',
      '',
      'A false escalation is Critical or Shutdown entered on a forecast in a month whose final actual',
      'stayed below that state\'s actual threshold. Exit status: 0 done, 1 catalog problems, 2 usage or input error.',
    ].join('\n'))
    .action(async (files: string[], opts: BacktestOptions) => {
      if (opts.json && opts.markdown) throw new UsageError('give --json or --markdown, not both');
      if (opts.format !== undefined && !FORMATS.includes(opts.format as HistoryFormat)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${opts.format}")`);
      if (opts.metric !== undefined && !(COST_METRICS as readonly string[]).includes(opts.metric)) throw new UsageError(`--metric must be one of ${COST_METRICS.join(', ')} (got "${opts.metric}")`);
      if (!(FOCUS_COST_COLUMNS as readonly string[]).includes(opts.focusCost ?? 'BilledCost')) throw new UsageError(`--focus-cost must be one of ${FOCUS_COST_COLUMNS.join(', ')} (got "${opts.focusCost}")`);
      const every = opts.every === undefined ? undefined : Number(opts.every);
      if (every !== undefined && !(Number.isInteger(every) && every > 0 && 24 % every === 0)) throw new UsageError(`--every must divide a day: 1, 2, 3, 4, 6, 8, 12 or 24 (got "${opts.every}")`);
      const from = day(opts.from, '--from');
      const to = day(opts.to, '--to');
      const catalog = await loadOrReport(opts.accounts, io);
      if (!catalog) return setExit(EXIT.invalidCatalog);
      const histories: CostHistory[] = [];
      for (const file of files) {
        let text: string;
        try {
          text = await readFile(file, 'utf8');
        } catch (error) {
          throw new UsageError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); give the path of an exported cost file`);
        }
        try {
          histories.push(await readHistory(text, file, { format: opts.format as HistoryFormat | undefined, metric: opts.metric, focusCost: opts.focusCost as FocusCostColumn }));
        } catch (error) {
          if (error instanceof HistoryError) throw new UsageError(error.message);
          throw error;
        }
      }
      let result;
      try {
        result = backtest(histories, catalog.accounts, { from, to, everyHours: every ?? everyHoursOf(catalog.org.evaluationSchedule), accounts: opts.account });
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      io.out(opts.json ? JSON.stringify(result) : opts.markdown ? backtestMarkdown(result) : backtestText(result));
      return setExit(EXIT.ok);
    });
}
