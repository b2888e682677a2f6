/** RFC 4180 CSV (quoted fields, doubled quotes, line breaks inside quotes) through csv-parse, with each record's line number. */
import { parse } from 'csv-parse';
import { HistoryError } from './history';

export interface CsvRecord {
  /** The line the record ends on (1 = the header; a quoted line break makes a record span lines). */
  readonly line: number;
  readonly values: Readonly<Record<string, string>>;
}

export async function readCsv(text: string, file: string): Promise<{ header: string[]; records: CsvRecord[] }> {
  const rows = await new Promise<{ record: string[]; info: { lines: number } }[]>((resolve, reject) => {
    parse(text.replace(/^\uFEFF/, ''), { info: true, relax_column_count: false, skip_empty_lines: true, trim: false }, (err, out) => {
      if (err) reject(new HistoryError(file, (err as { lines?: number }).lines ?? null, '(file)', `${err.message.replace(/^Invalid Record Length: /, '')}; save it as CSV with one header row and the same number of columns on every row`));
      else resolve(out as unknown as { record: string[]; info: { lines: number } }[]);
    });
  });
  if (rows.length === 0) throw new HistoryError(file, null, '(file)', 'is empty; export the cost history with a header row');
  const header = rows[0].record.map((h) => h.trim());
  const records = rows.slice(1).map(({ record, info }) => ({
    line: info.lines,
    values: Object.fromEntries(header.map((h, i) => [h, record[i]])),
  }));
  return { header, records };
}

export function requireColumns(header: readonly string[], wanted: readonly string[], file: string, what: string): void {
  const missing = wanted.filter((w) => !header.includes(w));
  if (missing.length > 0) {
    throw new HistoryError(file, 1, missing.join(', '), `column${missing.length > 1 ? 's' : ''} missing from the header; ${what} (found: ${header.join(', ')})`);
  }
}
