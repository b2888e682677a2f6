/**
 * `guardrails backtest` on the committed sample histories (examples/cost-history, written by
 * scripts/cost-history-samples.ts): the same two months as Cost Explorer JSON, plain CSV and FOCUS 1.0.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { BacktestResult } from '../../core/backtest/backtest';
import { ACCOUNTS_DIR } from '../support/catalog';
import { cli } from '../support/cli';

const SAMPLES = path.resolve(__dirname, '..', '..', 'examples', 'cost-history');
const FILES = { 'cost-explorer': 'cost-explorer.json', csv: 'daily.csv', focus: 'focus-1.0.csv' } as const;

async function backtest(...args: string[]): Promise<BacktestResult> {
  const { code, out, err } = await cli('backtest', '--accounts', ACCOUNTS_DIR, '--json', ...args);
  expect({ code, err }).toEqual({ code: 0, err: '' });
  return JSON.parse(out) as BacktestResult;
}
const account = (r: BacktestResult, name: string) => r.accounts.find((a) => a.name === name)!;

describe.each(Object.entries(FILES))('%s sample', (format, file) => {
  let result: BacktestResult;
  beforeAll(async () => { result = await backtest(path.join(SAMPLES, file)); });

  it(`is read as ${format} and covers May and June 2026, every 4 hours (the catalog's schedule)`, () => {
    expect(result).toMatchObject({ from: '2026-05-01', to: '2026-06-30', everyHours: 4 });
    expect(result.sources[0].format).toBe(format);
    expect(result.notInCatalog).toEqual(['012345678901']);
    expect(result.accounts.map((a) => a.name)).toEqual(['analytics', 'data-science', 'web-service']);
  });

  it('web-service: the $1 Route 53 fee on the 1st never escalates; the months end On target', () => {
    const web = account(result, 'web-service');
    expect(web.escalations).toEqual([]);
    expect(new Set(web.days.map((d) => d.peak))).toEqual(new Set(['under', 'on-target']));
    expect(web.months).toEqual([{ month: '2026-05', finalActualUsd: 10.94, complete: true }, { month: '2026-06', finalActualUsd: 10.74, complete: true }]);
  });

  it('analytics: a $3,000 RI fee and a $400 support fee on the 1st are known amounts, not a rate', () => {
    const analytics = account(result, 'analytics');
    expect(analytics.escalations).toEqual([]);
    expect(analytics.days[0]).toMatchObject({ day: '2026-05-01', state: 'on-target', decidedBy: 'forecast' });
  });

  it('data-science: the real June overrun escalates to Over and Critical on forecast, Shutdown on actual; none false', () => {
    const ds = account(result, 'data-science');
    expect(ds.escalations.map((e) => [e.at, e.from, e.to, e.decidedBy, e.falseAlarm])).toEqual([
      // Usage ×5 from June 10th: Over at the first evaluation after the 10th is a complete day;
      // Critical waits for the rise to be confirmed on a second day (and more: the confirmed rate drops the dearest day).
      ['2026-06-11T03:59:00.000Z', 'under', 'over', 'forecast', false],
      ['2026-06-15T19:59:00.000Z', 'over', 'critical', 'forecast', false],
      ['2026-06-26T03:59:00.000Z', 'critical', 'shutdown', 'actual', null],
    ]);
    expect(ds.escalations[1].actions).toEqual([
      'stop EC2 instances tagged team=data-science',
      'lockdown on role DataScientist: ec2:RunInstances, ec2:StartInstances, rds:StartDB*, redshift:CreateCluster',
    ]);
    expect(ds.summary).toMatchObject({ escalations: 3, falseEscalations: 0, daysIn: { under: 41, 'on-target': 0, over: 4, critical: 11, shutdown: 5 } });
  });
});

it('the three formats replay to the same state on every day', async () => {
  const states = async (file: string) => (await backtest(path.join(SAMPLES, file))).accounts.map((a) => a.days.map((d) => `${d.day}:${d.state}:${d.decidedBy}`));
  const ce = await states(FILES['cost-explorer']);
  expect(await states(FILES.csv)).toEqual(ce);
  expect(await states(FILES.focus)).toEqual(ce);
});

describe('false escalations', () => {
  // data-science ($5,000): a three-day batch job on the 5th-7th, then a quiet month: the forecast points
  // to Shutdown, the month ends at 62 %.
  const spike = () => {
    const rows = ['date,account,recordType,amountUsd'];
    for (let d = 1; d <= 30; d++) rows.push(`2026-09-${String(d).padStart(2, '0')},222222222222,Usage,${d < 5 ? 100 : d <= 7 ? 600 : 40}`);
    const dir = mkdtempSync(path.join(tmpdir(), 'backtest-'));
    writeFileSync(path.join(dir, 'spike.csv'), rows.join('\n'));
    return path.join(dir, 'spike.csv');
  };

  it('counts a destructive state entered on forecast in a month that ended below its actual threshold', async () => {
    const ds = account(await backtest(spike()), 'data-science');
    const destructive = ds.escalations.filter((e) => e.to === 'critical' || e.to === 'shutdown');
    expect(destructive.length).toBeGreaterThan(0);
    expect(destructive.every((e) => e.decidedBy === 'forecast' && e.falseAlarm === true)).toBe(true);
    expect(ds.summary.falseEscalations).toBe(destructive.length);
    expect(ds.months).toEqual([{ month: '2026-09', finalActualUsd: 3120, complete: true }]);
  });

  it('leaves a month the history does not finish unresolved', async () => {
    const ds = account(await backtest(spike(), '--to', '2026-09-12'), 'data-science');
    expect(ds.months).toEqual([{ month: '2026-09', finalActualUsd: 3120, complete: false }]);
    expect(ds.summary.falseEscalations).toBe(0);
    expect(ds.summary.unresolved).toBeGreaterThan(0);
  });
});

describe('output formats', () => {
  it('text: the state by day, what decided it, and what the catalog would run', async () => {
    const { code, out } = await cli('backtest', '--accounts', ACCOUNTS_DIR, '--account', 'data-science', path.join(SAMPLES, FILES.csv));
    expect(code).toBe(0);
    expect(out).toContain('data-science (222222222222), target $5,000, mode enforce');
    expect(out).toMatch(/2026-06-15\.\.2026-06-22 +Critical +forecast/);
    expect(out).toContain('2026-06-15T19:59Z Over → Critical by forecast');
    expect(out).toContain('      - stop EC2 instances tagged team=data-science');
    expect(out).not.toContain('web-service');
  });

  it('Markdown: a table fit for a pull request', async () => {
    const { code, out } = await cli('backtest', '--accounts', ACCOUNTS_DIR, '--markdown', path.join(SAMPLES, FILES.focus));
    expect(code).toBe(0);
    expect(out).toContain('| account | target | mode | Unused | Under | On target | Over | Critical | Shutdown | escalations | false escalations |');
    expect(out).toContain('| `data-science` | $5,000 | enforce | 0 | 41 | 0 | 4 | 11 | 5 | 3 | 0 |');
    expect(out).toContain('1 left out: ProviderName "Microsoft" is not AWS');
    expect(out).toMatch(/<details><summary><code>web-service<\/code>: 0 escalation\(s\), 0 false<\/summary>/);
    // GitHub's comment limit is 65,536 characters.
    expect(out.length).toBeLessThan(65_536);
  });
});

describe('bad input names the file, the line, the field and the fix (exit 2)', () => {
  const write = (name: string, text: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'backtest-bad-'));
    writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };

  it.each([
    ['a day that does not exist', 'x.csv', 'date,account,recordType,amountUsd\n2026-02-30,222222222222,Usage,1\n', /x\.csv:2: date: "2026-02-30" is not a day; write it as yyyy-mm-dd/],
    ['an account id without its leading zero', 'x.csv', 'date,account,recordType,amountUsd\n2026-02-03,12345678901,Usage,1\n', /x\.csv:2: account: "12345678901" is not a 12-digit AWS account id; keep the leading zeros/],
    ['an amount that is not a number', 'x.csv', 'date,account,recordType,amountUsd\n2026-02-03,222222222222,Usage,"1,50"\n', /x\.csv:2: amountUsd: "1,50" is not an amount/],
    ['a missing column', 'x.csv', 'date,account,amountUsd\n2026-02-03,222222222222,1\n', /x\.csv:1: recordType: column missing from the header; a plain cost CSV has the header date,account,recordType,amountUsd/],
    ['a FOCUS file in another currency', 'f.csv', 'ChargePeriodStart,SubAccountId,ChargeCategory,BilledCost,BillingCurrency\n2026-02-03 00:00:00,222222222222,Usage,1,EUR\n', /f\.csv:2: BillingCurrency: is "EUR"; targets are in USD/],
    ['Cost Explorer grouped by account only', 'c.json', JSON.stringify({ ResultsByTime: [{ TimePeriod: { Start: '2026-02-03', End: '2026-02-04' }, Groups: [{ Keys: ['222222222222'], Metrics: { UnblendedCost: { Amount: '1', Unit: 'USD' } } }] }] }), /c\.json: ResultsByTime: .*must group by DIMENSION LINKED_ACCOUNT and DIMENSION RECORD_TYPE/],
    ['a ragged CSV row', 'x.csv', 'date,account,recordType,amountUsd\n2026-02-03,222222222222,Usage\n', /x\.csv:2: \(file\): .*same number of columns/],
  ])('%s', async (_what, name, text, message) => {
    const { code, err, out } = await cli('backtest', '--accounts', ACCOUNTS_DIR, write(name, text));
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(message);
  });

  it('refuses options that make no sense', async () => {
    expect((await cli('backtest', '--accounts', ACCOUNTS_DIR, '--every', '5', path.join(SAMPLES, FILES.csv))).err).toMatch(/--every must divide a day/);
    expect((await cli('backtest', '--accounts', ACCOUNTS_DIR, '--from', '2026-13-01', path.join(SAMPLES, FILES.csv))).err).toMatch(/--from must be a day as yyyy-mm-dd/);
    expect((await cli('backtest', '--accounts', ACCOUNTS_DIR, '--account', 'nobody', path.join(SAMPLES, FILES.csv))).err).toMatch(/account "nobody" is not in the catalog with a target/);
    expect((await cli('backtest', '--accounts', ACCOUNTS_DIR, '/nonexistent/costs.json')).err).toMatch(/\/nonexistent\/costs\.json: cannot be read \(ENOENT\)/);
  });
});
