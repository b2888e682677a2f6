/** The catalog fields of the budget-state evidence rules: costs.metric, costs.includeCredits, states.forecastMinDays, and a $0 target. */
import { formatIssue } from '../../core/catalog/errors';
import { displayPath, loadCatalog } from '../../core/catalog/load';
import { ORG_SOURCE, accountSource, shippedCatalog, writeCatalog } from '../support/catalog';

async function load(body: string, org = ORG_SOURCE) {
  const dir = writeCatalog({ 'org.ts': org, 'acct.ts': accountSource(body) });
  const { catalog, issues } = await loadCatalog(dir);
  return { catalog, lines: issues.map(formatIssue).map((l) => l.replace(`${displayPath(dir)}/`, 'accounts/')) };
}
const base = "id: '200000000001', owners: ['a@example.com'], mode: 'enforce'";

describe('costs and forecastMinDays', () => {
  it('default to UnblendedCost, credits not counted, 3 complete days', async () => {
    const ds = (await shippedCatalog()).accounts.find((a) => a.name === 'data-science')!;
    expect(ds.costs).toEqual({ metric: 'UnblendedCost', includeCredits: false });
    expect(ds.states.forecastMinDays).toBe(3);
  });

  it('are set per org and overridden per account', async () => {
    const org = ORG_SOURCE.replace('defineOrg({', "defineOrg({ defaults: { costs: { metric: 'AmortizedCost', includeCredits: true }, states: { forecastMinDays: 5 } },");
    const { catalog, lines } = await load(`{ ${base}, targetUsd: 100, costs: { metric: 'NetUnblendedCost' } }`, org);
    expect(lines).toEqual([]);
    expect(catalog?.accounts[0].costs).toEqual({ metric: 'NetUnblendedCost', includeCredits: true });
    expect(catalog?.accounts[0].states.forecastMinDays).toBe(5);
  });

  it.each([
    [`{ ${base}, targetUsd: 100, costs: { metric: 'BlendedCost' } }`, 'accounts/acct.ts: costs.metric: must be "UnblendedCost" (the default), "NetUnblendedCost" (after discounts) or "AmortizedCost"'],
    [`{ ${base}, targetUsd: 100, costs: { includeCredits: 'yes' } }`, 'accounts/acct.ts: costs.includeCredits: must be true or false'],
    [`{ ${base}, targetUsd: 100, states: { forecastMinDays: 2.5 } }`, 'accounts/acct.ts: states.forecastMinDays: must be a whole number of days'],
    [`{ ${base}, targetUsd: 100, states: { forecastMinDays: 40 } }`, 'accounts/acct.ts: states.forecastMinDays: must be 0 to 28'],
  ])('refuses %s with the file, the field and the fix', async (body, expected) => {
    const { lines } = await load(body);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(expected);
  });
});

describe('a $0 target', () => {
  it('is valid with actions at Over: any spend is Over', async () => {
    const { lines, catalog } = await load(`{ ${base}, targetUsd: 0, enforcement: { over: { stopInstances: [{ team: 'sandbox' }] } } }`);
    expect(lines).toEqual([]);
    expect(catalog?.accounts[0].targetUsd).toBe(0);
  });

  it('refuses Critical and Shutdown actions, which would never run, with the fix', async () => {
    const { lines } = await load(`{ ${base}, targetUsd: 0, enforcement: { shutdown: { scaleToZero: ['web'] }, critical: { stopRdsInstances: ['db'] } } }`);
    expect(lines).toEqual([
      'accounts/acct.ts: enforcement.critical: targetUsd is 0, so any spend is Over and Critical is never reached: stopRdsInstances would never run; move them to enforcement.over, or set targetUsd above 0',
      'accounts/acct.ts: enforcement.shutdown: targetUsd is 0, so any spend is Over and Shutdown is never reached: scaleToZero would never run; move them to enforcement.over, or set targetUsd above 0',
    ]);
  });
});
