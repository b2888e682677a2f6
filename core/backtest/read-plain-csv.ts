/**
 * A plain CSV of daily costs, one row per account, day and record type:
 *
 *   date,account,recordType,amountUsd
 *   2026-06-01,333333333333,Fee,1.00
 *   2026-06-01,333333333333,Usage,0.30
 *
 * recordType is a Cost Explorer RECORD_TYPE (Usage, Fee, RIFee, Tax, Credit, ...); rows of the same
 * account, day and record type add up.
 */
import { chargeKindOf } from '../forecast/record-types';
import { readCsv, requireColumns } from './csv';
import { CostHistory, CostLine, HistoryError, isCalendarDay, mergeLines } from './history';

export const PLAIN_CSV_COLUMNS = ['date', 'account', 'recordType', 'amountUsd'] as const;

export async function readPlainCsv(text: string, file: string): Promise<CostHistory> {
  const { header, records } = await readCsv(text, file);
  requireColumns(header, PLAIN_CSV_COLUMNS, file, `a plain cost CSV has the header ${PLAIN_CSV_COLUMNS.join(',')}`);
  const lines: CostLine[] = records.map(({ line, values }) => {
    const day = values.date.trim();
    if (!isCalendarDay(day)) throw new HistoryError(file, line, 'date', `"${day}" is not a day; write it as yyyy-mm-dd (UTC), e.g. 2026-06-01`);
    const accountId = values.account.trim();
    if (!/^\d{12}$/.test(accountId)) throw new HistoryError(file, line, 'account', `"${accountId}" is not a 12-digit AWS account id; keep the leading zeros (format the column as text)`);
    const recordType = values.recordType.trim();
    if (!recordType) throw new HistoryError(file, line, 'recordType', 'is empty; give the Cost Explorer record type, e.g. Usage, Fee, Tax or Credit');
    const usd = Number(values.amountUsd.trim());
    if (values.amountUsd.trim() === '' || !Number.isFinite(usd)) {
      throw new HistoryError(file, line, 'amountUsd', `"${values.amountUsd}" is not an amount; give US dollars as a plain number, e.g. 12.50 or -3`);
    }
    return { accountId, day, recordType, kind: chargeKindOf(recordType), usd, estimated: false };
  });
  return { format: 'csv', amounts: 'amountUsd', lines: mergeLines(lines), skipped: [] };
}
