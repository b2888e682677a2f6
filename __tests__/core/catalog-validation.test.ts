import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { formatIssue } from '../../core/catalog/errors';
import { displayPath, loadCatalog } from '../../core/catalog/load';
import { validateCatalog } from '../../core/catalog/validate';
import { ACCOUNTS_DIR, ORG_SOURCE, accountSource, shippedCatalog, writeCatalog } from '../support/catalog';

const BAD = path.resolve(__dirname, '..', 'fixtures', 'bad-catalog');

async function linesFor(dir: string): Promise<string[]> {
  const { issues } = await loadCatalog(dir);
  return issues.map(formatIssue).map((l) => l.replace(`${displayPath(dir)}/`, 'accounts/'));
}

describe('the shipped catalog', () => {
  it('loads, with the file name as the account name and defaults from org.ts', async () => {
    const catalog = await shippedCatalog();
    expect(catalog.accounts.map((a) => a.name)).toEqual(['analytics', 'data-science', 'sandbox', 'web-service']);
    const ds = catalog.accounts.find((a) => a.name === 'data-science')!;
    expect(ds).toMatchObject({ id: '222222222222', mode: 'enforce', targetUsd: 5000 });
    expect(ds.states.shutdown).toEqual({ actualPct: 125, forecastPct: 160 });
    expect(ds.enforcement.critical.lockdown).toContain('rds:StartDB*');
    expect(ds.runtimeBudgets[0]).toMatchObject({ name: 'gpu-training', minutesPerMonth: 1000, alertPct: [50, 80, 100] });
    const web = catalog.accounts.find((a) => a.name === 'web-service')!;
    expect(web.enforcement.shutdown.scaleToZero).toEqual(['achampionship-webservice']);
    expect(web.workloadRegions).toEqual(['us-east-1']);
  });

  it('uses ids that are valid in form and distinct', async () => {
    const ids = (await shippedCatalog()).accounts.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    ids.forEach((id) => expect(id).toMatch(/^\d{12}$/));
  });
});

describe('every catalog mistake of docs/architecture.md#bad-input gives one line naming the file, the field and the fix', () => {
  let lines: string[];
  beforeAll(async () => { lines = await linesFor(BAD); });

  it.each([
    ['negative-target', 'targetUsd: -5 is negative; give a monthly amount in USD of 0 or more'],
    ['missing-target', 'targetUsd: is missing, and mode "check" needs a monthly target; add targetUsd'],
    ['short-id', 'id: "12345" is not a valid account id; use the 12-digit AWS account id'],
    ['dup-b', 'id: account 200000000004 is already defined in'],
    ['hub-member', 'id: 111111111111 is the hub account'],
    ['bad-email', 'owners[0]: "not-an-email" is not a valid email address; use name@domain'],
    ['thresholds', 'states.shutdown.actual: shutdown actual (120 %) must be above critical actual (150 %): thresholds out of order; keep'],
    ['bad-action', 'enforcement.critical.lockdown[0]: "ec2:RunInstance" is not an IAM action; did you mean "ec2:RunInstances"?'],
    ['bad-asg', 'enforcement.shutdown.scaleToZero[0]: "web:asg" is not a valid Auto Scaling group name; use'],
    ['bad-principal', 'enforcement.lockdownOn.roles[0]: "arn:aws:iam::200000000010:role/Dev" is not a valid IAM role name; use'],
  ])('%s', (file, expected) => {
    const mine = lines.filter((l) => l.startsWith(`accounts/${file}.ts: `));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toContain(`accounts/${file}.ts: ${expected}`);
  });

  it('reports nothing else, one line per mistake, each with a fix after "; "', () => {
    expect(lines).toHaveLength(10);
    lines.forEach((l) => expect(l).toMatch(/^accounts\/[a-z-]+\.ts: [^:]+: .+; .+/));
  });
});

describe('other catalog checks', () => {
  const withAccount = (body: string) => linesFor(writeCatalog({ 'org.ts': ORG_SOURCE, 'acct.ts': accountSource(body) }));
  const base = "id: '200000000001', owners: ['a@example.com'], mode: 'enforce', targetUsd: 100";

  it.each([
    ['an unknown field', `{ ${base}, budget: 5 }`, 'budget: unknown field "budget"; remove it'],
    ['an unknown region', `{ ${base}, workloadRegions: ['us-east-9'] }`, 'workloadRegions[0]: "us-east-9" is not an AWS region'],
    ['a region listed twice', `{ ${base}, workloadRegions: ['us-east-1', 'us-east-1'] }`, 'workloadRegions[1]: region "us-east-1" is listed twice'],
    ['an alert threshold listed twice', `{ ${base}, alerts: { actual: [50, 50, 100] } }`, 'alerts.actual[1]: 50 % is listed twice'],
    ['alert thresholds out of order', `{ ${base}, alerts: { actual: [80, 50] } }`, 'alerts.actual[1]: 50 % comes after 80 %'],
    ['an unknown IAM service', `{ ${base}, enforcement: { over: { lockdown: ['ec3:RunInstances'] }, lockdownOn: { roles: ['Dev'] } } }`, 'enforcement.over.lockdown[0]: unknown IAM service "ec3" in "ec3:RunInstances"; did you mean "ec2:RunInstances"?'],
    ['a wildcard that matches nothing', `{ ${base}, enforcement: { over: { lockdown: ['ec2:Frobnicate*'] }, lockdownOn: { roles: ['Dev'] } } }`, 'enforcement.over.lockdown[0]: "ec2:Frobnicate*" matches no ec2 action; check'],
    ['lockdown with nobody to apply it to', `{ ${base}, enforcement: { over: { lockdown: ['ec2:RunInstances'] } } }`, 'enforcement.lockdownOn: lockdown lists are set but no principal'],
    ['a detach with no principal', `{ ${base}, enforcement: { over: { detachPolicies: [{ policy: 'AllowGPUAccess' }] } } }`, 'enforcement.over.detachPolicies[0]: policy "AllowGPUAccess" names no principal'],
    ['a bad RDS identifier', `{ ${base}, enforcement: { critical: { stopRdsClusters: ['1reporting'] } } }`, 'enforcement.critical.stopRdsClusters[0]: "1reporting" is not a valid RDS cluster identifier'],
    ['a bad tag function', `{ ${base}, tagPolicy: { rules: [{ key: 'Expires', action: 'function', function: 'now()' }] } }`, 'tagPolicy.rules[0].function: must be "today()" or "today()+Nd"'],
    ['a selector tag key with "="', `{ ${base}, enforcement: { critical: { stopInstances: [{ 'cost=center': 'ml' }] } } }`, 'enforcement.critical.stopInstances[0].cost=center: "cost=center" is not a valid selector tag key; use 1-128 characters'],
    ['a missing owner list', `{ id: '200000000001', mode: 'check', targetUsd: 1 }`, 'owners: is missing; add owners'],
    // IAM documents accept only U+0009/000A/000D and U+0020–U+00FF (IAM quotas page, "IAM name requirements").
    ['a CJK selector tag value (it lands in an IAM condition)', `{ ${base}, enforcement: { critical: { stopInstances: [{ team: '機械学習' }] } } }`,
      'enforcement.critical.stopInstances[0].team: "機械学習" holds "機" (U+6A5F), but this tag value is written into IAM policies, which accept only tab, line breaks and U+0020–U+00FF (Latin-1); use Latin letters'],
    ['a Greek runtime group tag key', `{ ${base}, runtimeBudgets: [{ name: 'gpu', minutesPerMonth: 10, instanceTags: { 'ομάδα': 'ml' } }] }`,
      'runtimeBudgets[0].instanceTags.ομάδα: "ομάδα" holds "ο" (U+03BF), but this selector tag key is written into IAM policies'],
    ['a Cyrillic team resource tag', `{ ${base}, teamAccess: [{ name: 'ml', group: 'ml', services: ['ec2'], resourceTag: { key: 'team', value: 'команда' } }] }`,
      'teamAccess[0].resourceTag.value: "команда" holds "к" (U+043A)'],
    ['an emoji tag-rule key', `{ ${base}, tagPolicy: { rules: [{ key: 'owner🙂', action: 'userLookup' }] } }`, 'tagPolicy.rules[0].key: "owner🙂" holds "🙂" (U+1F642)'],
  ])('%s', async (_what, body, expected) => {
    const lines = await withAccount(body);
    expect(lines).toEqual([expect.stringContaining(`accounts/acct.ts: ${expected}`)]);
  });

  it('accepts Latin-1 tag text, accents included (U+00C0–U+00FF are allowed in IAM documents)', async () => {
    expect(await withAccount(`{ ${base}, enforcement: { critical: { stopInstances: [{ 'équipe': 'Données' }] } } }`)).toEqual([]);
  });

  it('accepts wildcards that match real actions', async () => {
    expect(await withAccount(`{ ${base}, enforcement: { shutdown: { lockdown: ['ec2:*', 'sagemaker:Create*', 'rds:StartDB*'] }, lockdownOn: { roles: ['Dev'] } } }`)).toEqual([]);
  });

  it('lets a skip-mode account omit its target', async () => {
    expect(await withAccount("{ id: '200000000001', owners: ['a@example.com'], mode: 'skip' }")).toEqual([]);
  });

  it('reports a missing org.ts, a file that does not load, and one with no default export', async () => {
    const dir = writeCatalog({
      'broken.ts': 'export default defineAccount({ id: ',
      'nodefault.ts': "export const x = 1;\n",
    });
    const lines = await linesFor(dir);
    expect(lines).toEqual([
      expect.stringMatching(/^accounts\/org\.ts: \(file\): is missing; create it with/),
      expect.stringMatching(/^accounts\/broken\.ts: \(file\): cannot be evaluated \(line 1:35: Unexpected end of file\); fix the TypeScript/),
      expect.stringMatching(/^accounts\/nodefault\.ts: \(file\): has no default export; end the file with `export default defineAccount/),
    ]);
  });

  it('names a file whose name cannot be an account name', async () => {
    const lines = await linesFor(writeCatalog({ 'org.ts': ORG_SOURCE, 'Data_Science.ts': accountSource(`{ ${base} }`) }));
    expect(lines).toEqual([expect.stringContaining('accounts/Data_Science.ts: (file): "Data_Science" is not a valid account name; rename the file')]);
  });

  it('validates the shipped folder in well under a second per account', async () => {
    const { issues } = await loadCatalog(ACCOUNTS_DIR);
    expect(issues).toEqual([]);
  });
});

describe('validator properties', () => {
  const org = { file: 'accounts/org.ts', name: 'org', value: { hubAccountId: '111111111111', hubRegion: 'us-east-1', organizationId: 'o-exampleorg1', senderEmail: 'g@example.com' } };

  it('accepts any well-formed account and rejects any id that is not 12 digits', async () => {
    await fc.assert(fc.asyncProperty(
      fc.stringMatching(/^\d{12}$/).filter((id) => id !== '111111111111'),
      fc.double({ min: 0, max: 1e7, noNaN: true }),
      fc.constantFrom('check', 'enforce'),
      async (id, targetUsd, mode) => {
        const ok = await validateCatalog(org, [{ file: 'accounts/a.ts', name: 'a1', value: { id, owners: ['o@example.com'], mode, targetUsd } }]);
        return ok.issues.length === 0;
      },
    ), { numRuns: 200 });
    await fc.assert(fc.asyncProperty(
      fc.string().filter((s) => !/^\d{12}$/.test(s)),
      async (id) => {
        const bad = await validateCatalog(org, [{ file: 'accounts/a.ts', name: 'a1', value: { id, owners: ['o@example.com'], mode: 'check', targetUsd: 1 } }]);
        return bad.issues.length === 1 && bad.issues[0].field === 'id';
      },
    ), { numRuns: 200 });
  });

  it('finds every problem in one pass: n bad files give n lines', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 12 }), async (n) => {
      const files = Array.from({ length: n }, (_, i) => ({ file: `accounts/a${i}.ts`, name: `a${i}x`, value: { id: `${i}`, owners: ['o@example.com'], mode: 'check', targetUsd: 1 } }));
      const { issues } = await validateCatalog(org, files);
      return issues.length === n;
    }), { numRuns: 30 });
  });
});

describe('review fixes: one clear line per mistake, all in one pass', () => {
  const base = "id: '200000000001', owners: ['a@example.com'], mode: 'enforce', targetUsd: 100";
  const withAccount = (body: string) => linesFor(writeCatalog({ 'org.ts': ORG_SOURCE, 'acct.ts': accountSource(body) }));
  const orgWith = (extra: string) => ORG_SOURCE.replace("senderEmail: 'guardrails@example.com',", `senderEmail: 'guardrails@example.com',\n  ${extra}`);

  it.each([
    ['a target given as a string', `{ ${base.replace('targetUsd: 100', "targetUsd: '100'")} }`, 'targetUsd: must be a number of US dollars; '],
    ['an id given as a number', `{ ${base.replace("'200000000001'", '200000000001')} }`, 'id: account id must be a string; use the 12-digit AWS account id'],
    ['owners given as one string', `{ ${base.replace("['a@example.com']", "'a@example.com'")} }`, 'owners: '],
    ['a flag given as a string', `{ ${base}, enforcement: { restartInstancesOnRestore: 'yes' } }`, 'enforcement.restartInstancesOnRestore: must be true or false; '],
  ])('%s is reported as the wrong type, not as missing', async (_what, body, expected) => {
    const lines = await withAccount(body);
    expect(lines).toEqual([expect.stringContaining(`accounts/acct.ts: ${expected}`)]);
    expect(lines[0]).not.toContain('is missing');
  });

  it('a default export that is not an object says what to export', async () => {
    const lines = await linesFor(writeCatalog({ 'org.ts': ORG_SOURCE, 'acct.ts': 'export default 42;\n' }));
    expect(lines).toEqual([expect.stringMatching(/^accounts\/acct\.ts: \(file\): .*the default export is a number, not an object; end the file with `export default defineAccount\(\{ \.\.\. \}\)`/)]);
  });

  it('a CloudTrail look-back of 0 days says the range', async () => {
    const lines = await withAccount(`{ ${base}, tagPolicy: { rules: [{ key: 'A', action: 'userLookup' }], lookbackDays: 0 } }`);
    expect(lines).toEqual([expect.stringContaining('accounts/acct.ts: tagPolicy.lookbackDays: must be 1-90 (CloudTrail event history keeps 90 days)')]);
  });

  it('a negative service alarm amount is one line', async () => {
    const lines = await withAccount(`{ ${base}, serviceAlarms: [{ service: 'AmazonEC2', amountUsd: -1 }] }`);
    expect(lines).toEqual([expect.stringContaining('accounts/acct.ts: serviceAlarms[0].amountUsd: ')]);
  });

  it('a file that throws undefined or null is reported, not a crash', async () => {
    const lines = await linesFor(writeCatalog({ 'org.ts': ORG_SOURCE, 'a1.ts': 'throw undefined;\n', 'a2.ts': 'throw null;\n' }));
    expect(lines).toEqual([
      expect.stringMatching(/^accounts\/a1\.ts: \(file\): cannot be evaluated \(undefined\); fix the TypeScript/),
      expect.stringMatching(/^accounts\/a2\.ts: \(file\): cannot be evaluated \(null\); fix the TypeScript/),
    ]);
  });

  it('a helper module next to the accounts is told to move into a subfolder, which works', async () => {
    const helperUser = "import { defineAccount } from 'budget-guardrails';\nimport { owners } from './common';\n"
      + `export default defineAccount({ ${base.replace("['a@example.com']", 'owners')} });\n`;
    const flat = await linesFor(writeCatalog({ 'org.ts': ORG_SOURCE, 'acct.ts': helperUser, 'common.ts': "export const owners = ['a@example.com'];\n" }));
    expect(flat).toEqual([expect.stringMatching(/^accounts\/common\.ts: \(file\): has no default export; .*move .*subfolder/)]);
    const dir = writeCatalog({ 'org.ts': ORG_SOURCE, 'acct.ts': helperUser.replace("'./common'", "'./lib/common'") });
    mkdirSync(path.join(dir, 'lib'));
    writeFileSync(path.join(dir, 'lib', 'common.ts'), "export const owners = ['a@example.com'];\n");
    expect(await linesFor(dir)).toEqual([]);
  });

  it('a log retention CloudWatch does not offer is refused (Terraform would reject it)', async () => {
    const lines = await linesFor(writeCatalog({ 'org.ts': orgWith('logRetentionDays: 45,') }));
    expect(lines).toEqual([expect.stringMatching(/^accounts\/org\.ts: logRetentionDays: 45 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14, 30, 60, 90/)]);
    expect(await linesFor(writeCatalog({ 'org.ts': orgWith('logRetentionDays: 365,') }))).toEqual([]);
  });

  it('a mistake in org.ts does not hide the rule mistakes of the accounts', async () => {
    const dir = writeCatalog({
      'org.ts': ORG_SOURCE.replace("'guardrails@example.com'", "'not-an-email'"),
      'acct.ts': accountSource(`{ id: '200000000001', owners: ['a@example.com'], mode: 'enforce', alerts: { actual: [80, 50] },
        enforcement: { over: { lockdown: ['ec2:RunInstance'] }, lockdownOn: { roles: ['Dev'] } } }`),
      'hub.ts': accountSource("{ id: '111111111111', owners: ['a@example.com'], targetUsd: 5 }"),
    });
    const lines = await linesFor(dir);
    expect(lines).toEqual([
      expect.stringContaining('accounts/org.ts: senderEmail: "not-an-email" is not a valid email address'),
      expect.stringContaining('accounts/acct.ts: targetUsd: is missing, and mode "enforce" needs a monthly target'),
      expect.stringContaining('accounts/acct.ts: alerts.actual[1]: 50 % comes after 80 %'),
      expect.stringContaining('accounts/acct.ts: enforcement.over.lockdown[0]: "ec2:RunInstance" is not an IAM action'),
      expect.stringContaining('accounts/hub.ts: id: 111111111111 is the hub account'),
    ]);
  });

  it('a mistake in the defaults of org.ts is reported once, in org.ts, not again in every account that inherits it', async () => {
    const dir = writeCatalog({
      'org.ts': orgWith('defaults: { alerts: { actual: [80, 50] }, states: { under: 150 } },'),
      'a1.ts': accountSource(`{ ${base} }`),
      'a2.ts': accountSource(`{ ${base.replace('200000000001', '200000000002')}, alerts: { actual: [90, 70] } }`),
    });
    expect(await linesFor(dir)).toEqual([
      expect.stringContaining('accounts/org.ts: defaults.alerts.actual[1]: 50 % comes after 80 %'),
      expect.stringContaining('accounts/org.ts: defaults.states.under: under (150 %) is above 100 %'),
      expect.stringContaining('accounts/a2.ts: alerts.actual[1]: 70 % comes after 90 %'),
    ]);
  });
});
