/** The cost history readers on the shapes real exports have. */
import { detectFormat, readHistory } from '../../core/backtest/read-history';
import { chargeKindOfFocus } from '../../core/forecast/record-types';

const FOCUS_HEAD = '"BilledCost","ChargeCategory","ChargeClass","ChargePeriodStart","EffectiveCost","ProviderName","SubAccountId","Tags"';

describe('FOCUS 1.0', () => {
  it('adds hourly rows into days, pads an account id that lost its leading zero, reads NULL and quoted JSON tags', async () => {
    const text = [
      FOCUS_HEAD,
      '0.5,"Usage",NULL,"2026-03-02 22:00:00",0.4,"AWS","12345678901","{""team"": ""web, edge""}"',
      '0.25,"Usage",NULL,"2026-03-02T23:00:00Z",0.2,"AWS","12345678901",NULL',
      '-3,"Credit",NULL,"2026-03-02 00:00:00",-3,"AWS","12345678901",NULL',
      '1.5,"Usage",NULL,"2026-03-02 00:00:00",1.5,"Microsoft","9c1d5a43-1b47-4f6e-9a53-1f0e8f5d7c21",NULL',
    ].join('\r\n');
    const h = await readHistory(text, 'focus.csv');
    expect(h.format).toBe('focus');
    expect(h.lines).toEqual([
      { accountId: '012345678901', day: '2026-03-02', recordType: 'Credit', kind: 'credit', usd: -3, estimated: false },
      { accountId: '012345678901', day: '2026-03-02', recordType: 'Usage', kind: 'usage', usd: 0.75, estimated: false },
    ]);
    expect(h.skipped).toEqual([{ why: 'ProviderName "Microsoft" is not AWS', rows: 1 }]);
    const effective = await readHistory(text, 'focus.csv', { focusCost: 'EffectiveCost' });
    expect(effective.lines.find((l) => l.kind === 'usage')?.usd).toBeCloseTo(0.6, 10);
  });

  it('maps charge categories to kinds: only Usage is a rate; a correction is a refund', () => {
    expect(chargeKindOfFocus('Usage', null)).toBe('usage');
    expect(chargeKindOfFocus('Purchase', null)).toBe('fee');
    expect(chargeKindOfFocus('Tax', null)).toBe('tax');
    expect(chargeKindOfFocus('Credit', null)).toBe('credit');
    expect(chargeKindOfFocus('Adjustment', null)).toBe('refund');
    expect(chargeKindOfFocus('Usage', 'Correction')).toBe('refund');
    expect(() => chargeKindOfFocus('Rebate', null)).toThrow(/"Rebate" is not a FOCUS 1.0 category/);
  });

  it('refuses a row whose period is not a UTC date-time, naming the line', async () => {
    await expect(readHistory(`${FOCUS_HEAD}\n1,"Usage",NULL,"03/02/2026",1,"AWS","222222222222",NULL\n`, 'f.csv'))
      .rejects.toThrow('f.csv:2: ChargePeriodStart: "03/02/2026" is not a UTC date-time');
  });
});

describe('Cost Explorer JSON', () => {
  const response = (metrics: Record<string, string>) => ({
    ResultsByTime: [{ TimePeriod: { Start: '2026-03-01', End: '2026-03-02' }, Groups: [{ Keys: ['222222222222', 'RIFee'], Metrics: Object.fromEntries(Object.entries(metrics).map(([m, a]) => [m, { Amount: a, Unit: 'USD' }])) }] }],
  });

  it('reads the only metric in the file, or the one asked for', async () => {
    expect((await readHistory(JSON.stringify(response({ AmortizedCost: '24.33' })), 'c.json')).amounts).toBe('AmortizedCost');
    const both = JSON.stringify([response({ UnblendedCost: '730', AmortizedCost: '24.33' })]);
    expect((await readHistory(both, 'c.json')).lines[0]).toMatchObject({ usd: 730, kind: 'fee' });
    expect((await readHistory(both, 'c.json', { metric: 'AmortizedCost' })).lines[0].usd).toBe(24.33);
    await expect(readHistory(both, 'c.json', { metric: 'NetUnblendedCost' })).rejects.toThrow(/c\.json: Metrics: "NetUnblendedCost" is not in the file \(found UnblendedCost, AmortizedCost\)/);
  });
});

it('recognises the format from the content', () => {
  expect(detectFormat('\uFEFF[{"ResultsByTime": []}]')).toBe('cost-explorer');
  expect(detectFormat(`${FOCUS_HEAD}\n`)).toBe('focus');
  expect(detectFormat('date,account,recordType,amountUsd\n')).toBe('csv');
});
