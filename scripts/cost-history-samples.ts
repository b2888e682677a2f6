/**
 * Writes examples/cost-history/: the same two months of cost history for the example catalog in
 * the three formats `guardrails backtest` reads (Cost Explorer JSON, plain CSV, FOCUS 1.0 CSV).
 * Run: npx tsx scripts/cost-history-samples.ts
 *
 * May and June 2026:
 * - web-service ($12): $0.26-0.32/day of usage, a $1.00 Route 53 hosted-zone fee on the 1st, tax at month end.
 * - data-science ($5,000): $100/day, covered in part by a Savings Plan (covered usage, negation and
 *   recurring fee), a credit mid-May; a real overrun from June 10 ($300/day).
 * - analytics ($20,000): $450/day on weekdays, $300 at weekends, a $3,000 RI fee and a $400 support fee on the 1st, tax at month end.
 * - 012345678901: an account the catalog does not have.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

interface Line { readonly day: string; readonly account: string; readonly recordType: string; readonly usd: number }

const OUT = path.resolve(__dirname, '..', 'examples', 'cost-history');
const days = (month: string, n: number) => Array.from({ length: n }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
const DAYS = [...days('2026-05', 31), ...days('2026-06', 30)];
const weekend = (day: string) => [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());
const round = (x: number) => Math.round(x * 10000) / 10000;

export function sampleLines(): Line[] {
  const lines: Line[] = [];
  const add = (day: string, account: string, recordType: string, usd: number) => lines.push({ day, account, recordType, usd: round(usd) });
  for (const day of DAYS) {
    const first = day.endsWith('-01');
    const last = day === '2026-05-31' || day === '2026-06-30';
    // web-service
    add(day, '333333333333', 'Usage', weekend(day) ? 0.26 : 0.32);
    if (first) add(day, '333333333333', 'Fee', 1);
    if (last) add(day, '333333333333', 'Tax', 0.62);
    // data-science: $40 of the day's compute is covered by the Savings Plan (unblended: covered usage cancelled by the negation)
    const overrun = day >= '2026-06-10';
    add(day, '222222222222', 'Usage', overrun ? 300 : 60);
    add(day, '222222222222', 'SavingsPlanCoveredUsage', 40);
    add(day, '222222222222', 'SavingsPlanNegation', -40);
    if (first) add(day, '222222222222', 'SavingsPlanRecurringFee', 29.2 * (day.startsWith('2026-05') ? 31 : 30));
    if (day === '2026-05-15') add(day, '222222222222', 'Credit', -250);
    // analytics
    add(day, '444444444444', 'Usage', weekend(day) ? 300 : 450);
    if (first) { add(day, '444444444444', 'RIFee', 3000); add(day, '444444444444', 'Support fee', 400); }
    if (last) add(day, '444444444444', 'Tax', 1100);
    // not in the catalog
    add(day, '012345678901', 'Usage', 12.5);
  }
  return lines;
}

function costExplorerJson(lines: readonly Line[]): string {
  const periods = DAYS.map((day) => {
    const end = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const groups = lines.filter((l) => l.day === day).map((l) => ({ Keys: [l.account, l.recordType], Metrics: { UnblendedCost: { Amount: l.usd.toFixed(10), Unit: 'USD' } } }));
    return `    ${JSON.stringify({ TimePeriod: { Start: day, End: end }, Total: {}, Groups: groups, Estimated: day >= '2026-06-29' })}`;
  });
  // Two pages, as a saved NextPageToken walk gives them.
  const half = 31;
  const page = (items: string[], token?: string) => `  {\n    "GroupDefinitions": [{ "Type": "DIMENSION", "Key": "LINKED_ACCOUNT" }, { "Type": "DIMENSION", "Key": "RECORD_TYPE" }],\n${token ? `    "NextPageToken": "${token}",\n` : ''}    "ResultsByTime": [\n${items.map((p) => `  ${p}`).join(',\n')}\n    ],\n    "DimensionValueAttributes": []\n  }`;
  return `[\n${page(periods.slice(0, half), 'eyJwYWdlIjoyfQ==')},\n${page(periods.slice(half))}\n]\n`;
}

function plainCsv(lines: readonly Line[]): string {
  return ['date,account,recordType,amountUsd', ...lines.map((l) => `${l.day},${l.account},${l.recordType},${l.usd.toFixed(4)}`)].join('\n') + '\n';
}

const FOCUS_HEADER = ['BilledCost', 'BillingAccountId', 'BillingCurrency', 'ChargeCategory', 'ChargeClass', 'ChargeDescription', 'ChargeFrequency', 'ChargePeriodEnd', 'ChargePeriodStart', 'EffectiveCost', 'ProviderName', 'ServiceName', 'SubAccountId', 'SubAccountName', 'Tags'];
const NAMES: Record<string, string> = { '333333333333': 'web-service', '222222222222': 'data-science', '444444444444': 'analytics', '012345678901': 'legacy' };

/** FOCUS rows: daily (web-service's usage in two 12-hour periods), NULLs unquoted, JSON Tags quoted with doubled quotes, an id that lost its leading zero, one Microsoft row. */
function focusCsv(lines: readonly Line[]): string {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const rows: string[] = [FOCUS_HEADER.map(q).join(',')];
  const push = (l: Line, category: string, frequency: string, billed: number, effective: number, start: string, end: string, description: string, service: string) => {
    const account = l.account.replace(/^0+/, ''); // as a spreadsheet round trip leaves it
    const tags = l.account === '333333333333' ? q(JSON.stringify({ Project: 'achampionship-webservice', 'cost-center': 'web, edge' })) : 'NULL';
    rows.push([billed.toFixed(10), q('111111111111'), q('USD'), q(category), 'NULL', q(description), q(frequency), q(end), q(start), effective.toFixed(10), q('AWS'), q(service), q(account), q(NAMES[l.account]), tags].join(','));
  };
  for (const l of lines) {
    const next = new Date(Date.parse(`${l.day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    if (l.recordType === 'SavingsPlanNegation') continue; // FOCUS has no negation line: BilledCost of covered usage is 0
    if (l.recordType === 'Usage' || l.recordType === 'SavingsPlanCoveredUsage') {
      const covered = l.recordType === 'SavingsPlanCoveredUsage';
      // web-service's usage in two 12-hour periods (exports are hourly or daily; periods of a day add up).
      const periods = l.account === '333333333333' ? [[`${l.day} 00:00:00`, `${l.day} 12:00:00`], [`${l.day} 12:00:00`, `${next} 00:00:00`]] : [[`${l.day} 00:00:00`, `${next} 00:00:00`]];
      for (const [from, to] of periods) {
        const share = l.usd / periods.length;
        push(l, 'Usage', 'Usage-Based', covered ? 0 : share, share, from, to, covered ? 'Savings Plan covered usage' : 'On-demand usage', 'Amazon Elastic Compute Cloud');
      }
      continue;
    }
    const category = l.recordType === 'Tax' ? 'Tax' : l.recordType === 'Credit' ? 'Credit' : 'Purchase';
    const frequency = category === 'Purchase' ? 'Recurring' : 'One-Time';
    push(l, category, frequency, l.usd, l.recordType === 'SavingsPlanRecurringFee' ? 0 : l.usd, `${l.day} 00:00:00`, `${next} 00:00:00`, l.recordType, l.recordType === 'Fee' ? 'Amazon Route 53' : 'AWS');
  }
  rows.push([ '12.5000000000', q('/providers/Microsoft.Billing/billingAccounts/8611537'), q('USD'), q('Usage'), 'NULL', q('D2s v3'), q('Usage-Based'), q('2026-05-02 00:00:00'), q('2026-05-01 00:00:00'), '12.5000000000', q('Microsoft'), q('Virtual Machines'), q('9c1d5a43-1b47-4f6e-9a53-1f0e8f5d7c21'), q('azure-sub'), 'NULL'].join(','));
  return rows.join('\n') + '\n';
}

if (require.main === module) {
  mkdirSync(OUT, { recursive: true });
  const lines = sampleLines();
  writeFileSync(path.join(OUT, 'cost-explorer.json'), costExplorerJson(lines));
  writeFileSync(path.join(OUT, 'daily.csv'), plainCsv(lines));
  writeFileSync(path.join(OUT, 'focus-1.0.csv'), focusCsv(lines));
  console.log(`wrote ${OUT}/{cost-explorer.json,daily.csv,focus-1.0.csv}`);
}
