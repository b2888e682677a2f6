/** Reads a cost history file in any of the three formats, told or recognised from its content. */
import { CostHistory, HistoryError, HistoryFormat } from './history';
import { readCostExplorerJson } from './read-cost-explorer';
import { FocusCostColumn, readFocusCsv } from './read-focus';
import { readPlainCsv } from './read-plain-csv';

export interface ReadOptions {
  readonly format?: HistoryFormat;
  /** Cost Explorer JSON: which metric (default: the only one in the file, else UnblendedCost). */
  readonly metric?: string;
  /** FOCUS: which cost column (default BilledCost). */
  readonly focusCost?: FocusCostColumn;
}

export function detectFormat(text: string): HistoryFormat {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return 'cost-explorer';
  const header = start.split(/\r?\n/, 1)[0];
  return /(^|,)"?ChargePeriodStart"?(,|$)/.test(header) ? 'focus' : 'csv';
}

export async function readHistory(text: string, file: string, options: ReadOptions = {}): Promise<CostHistory> {
  const format = options.format ?? detectFormat(text);
  switch (format) {
    case 'cost-explorer': return readCostExplorerJson(text, file, options.metric);
    case 'focus': return readFocusCsv(text, file, options.focusCost);
    case 'csv': return readPlainCsv(text, file);
    default: throw new HistoryError(file, null, '--format', `"${String(format)}" is not a format; use cost-explorer, csv or focus`);
  }
}
