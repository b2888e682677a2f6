/**
 * A FinOps FOCUS 1.0 cost export (what AWS Data Exports writes as "FOCUS 1.0 with AWS columns"):
 * one row per charge and charge period, read as daily charges per AWS account.
 *
 * - ChargePeriodStart "2024-09-18 22:00:00" (or ISO 8601, UTC) gives the day; hourly rows add up.
 * - SubAccountId is the AWS account; an id that lost its leading zeros in a spreadsheet is padded to 12 digits.
 * - ChargeCategory (Usage, Purchase, Tax, Credit, Adjustment) and ChargeClass ("Correction") give
 *   the kind: only Usage makes a rate; purchases (RI, Savings Plans, subscriptions), tax, credits and
 *   adjustments are known amounts.
 * - BilledCost (what is invoiced, the default) or EffectiveCost (commitments amortized).
 * - Rows of other providers (ProviderName not AWS) are left out and counted. NULL is an empty value.
 */
import { chargeKindOfFocus } from '../forecast/record-types';
import { readCsv, requireColumns } from './csv';
import { CostHistory, CostLine, HistoryError, isCalendarDay, mergeLines } from './history';

export const FOCUS_COST_COLUMNS = ['BilledCost', 'EffectiveCost'] as const;
export type FocusCostColumn = (typeof FOCUS_COST_COLUMNS)[number];
export const FOCUS_REQUIRED = ['ChargePeriodStart', 'SubAccountId', 'ChargeCategory'] as const;

const nullable = (v: string | undefined) => (v === undefined || v.trim() === '' || v.trim() === 'NULL' ? null : v.trim());
const AWS = /^(aws|amazon web services)$/i;
const PERIOD = /^(\d{4}-\d{2}-\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]00:?00)?)?$/;

export async function readFocusCsv(text: string, file: string, costColumn: FocusCostColumn = 'BilledCost'): Promise<CostHistory> {
  const { header, records } = await readCsv(text, file);
  requireColumns(header, [...FOCUS_REQUIRED, costColumn], file, 'export FOCUS 1.0 columns (AWS Data Exports, "FOCUS 1.0")');
  const lines: CostLine[] = [];
  const others = new Map<string, number>();
  for (const { line, values } of records) {
    const provider = nullable(values.ProviderName);
    if (provider !== null && !AWS.test(provider)) {
      others.set(provider, (others.get(provider) ?? 0) + 1);
      continue;
    }
    const currency = nullable(values.BillingCurrency);
    if (currency !== null && currency !== 'USD') throw new HistoryError(file, line, 'BillingCurrency', `is "${currency}"; targets are in USD, so export the costs in USD`);
    const start = nullable(values.ChargePeriodStart) ?? '';
    const day = PERIOD.exec(start)?.[1];
    if (!day || !isCalendarDay(day)) throw new HistoryError(file, line, 'ChargePeriodStart', `"${start}" is not a UTC date-time; FOCUS writes "yyyy-mm-dd hh:mm:ss" or ISO 8601 in UTC`);
    const sub = nullable(values.SubAccountId) ?? '';
    if (!/^\d{1,12}$/.test(sub)) throw new HistoryError(file, line, 'SubAccountId', `"${sub}" is not an AWS account id; an AWS row names its 12-digit member account`);
    const category = nullable(values.ChargeCategory) ?? '';
    const chargeClass = nullable(values.ChargeClass);
    let kind;
    try {
      kind = chargeKindOfFocus(category, chargeClass);
    } catch (error) {
      throw new HistoryError(file, line, 'ChargeCategory', `${(error as Error).message}`);
    }
    const raw = nullable(values[costColumn]);
    const usd = raw === null ? NaN : Number(raw);
    if (!Number.isFinite(usd)) throw new HistoryError(file, line, costColumn, `"${values[costColumn]}" is not an amount; FOCUS requires a number in every row`);
    const recordType = chargeClass === null ? category : `${category} (${chargeClass})`;
    lines.push({ accountId: sub.padStart(12, '0'), day, recordType, kind, usd, estimated: false });
  }
  const skipped = [...others].map(([provider, rows]) => ({ why: `ProviderName "${provider}" is not AWS`, rows }));
  return { format: 'focus', amounts: costColumn, lines: mergeLines(lines), skipped };
}
