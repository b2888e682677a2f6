/** enforcement.<state>.graceMinutes and .approval: defaults, resolution into `gates`, and mistakes. */
import { formatIssue } from '../../core/catalog/errors';
import { displayPath, loadCatalog } from '../../core/catalog/load';
import { ORG_SOURCE, accountSource, writeCatalog } from '../support/catalog';

const account = (shutdown: string) => accountSource(`{
  id: '333333333333', owners: ['web@example.com'], mode: 'enforce', targetUsd: 100,
  enforcement: { critical: { lockdown: ['ec2:RunInstances'] }, lockdownOn: { groups: ['developers'] }, shutdown: { scaleToZero: ['web'], ${shutdown} } },
}`);

async function load(shutdown: string) {
  const dir = writeCatalog({ 'org.ts': ORG_SOURCE, 'web.ts': account(shutdown) });
  const { catalog, issues } = await loadCatalog(dir);
  return { catalog, lines: issues.map(formatIssue).map((l) => l.replace(`${displayPath(dir)}/`, 'accounts/')) };
}

it('resolve into gates, beside the actions; unset states act at once without asking', async () => {
  const { catalog } = await load("graceMinutes: 60, approval: 'manual'");
  const web = catalog!.accounts[0];
  expect(web.gates).toEqual({
    over: { graceMinutes: 0, approval: 'auto' },
    critical: { graceMinutes: 0, approval: 'auto' },
    shutdown: { graceMinutes: 60, approval: 'manual' },
  });
  expect(web.enforcement.shutdown).not.toHaveProperty('graceMinutes');
  expect(web.enforcement.shutdown).not.toHaveProperty('approval');
  expect(web.enforcement.shutdown.scaleToZero).toEqual(['web']);
});

it.each([
  ['graceMinutes: -5', /^accounts\/web\.ts: enforcement\.shutdown\.graceMinutes: must be 0 \(act at once\) to 10080 minutes/],
  ['graceMinutes: 20000', /^accounts\/web\.ts: enforcement\.shutdown\.graceMinutes: must be at most 10080 minutes \(7 days\); for longer, use approval: "manual"/],
  ['graceMinutes: 1.5', /^accounts\/web\.ts: enforcement\.shutdown\.graceMinutes: must be a whole number of minutes/],
  ["approval: 'yes'", /^accounts\/web\.ts: enforcement\.shutdown\.approval: must be "auto" \(act without asking\) or "manual"/],
])('%s is refused with the file, the field and the fix', async (field, expected) => {
  const { catalog, lines } = await load(field);
  expect(catalog).toBeNull();
  expect(lines).toContainEqual(expect.stringMatching(expected));
});

it('the pull-request summary says when a gated state acts, and its diff shows a changed gate', async () => {
  const { catalog } = await load("graceMinutes: 60, approval: 'manual'");
  const web = catalog!.accounts[0];
  const { describeAccount } = await import('../../core/summary/describe');
  const { diffAccount } = await import('../../core/summary/diff');
  expect(describeAccount(web).atState.shutdown).toContainEqual(
    "Shutdown's actions run 60 minutes after the owners are told, if the state still holds, and only once approved (email link or guardrails approve)",
  );
  expect(describeAccount(web).atState.critical.some((l) => l.includes('actions run'))).toBe(false);
  const before = { ...web, gates: { ...web.gates, shutdown: { graceMinutes: 0, approval: 'auto' as const } } };
  expect(diffAccount(before, web)).toEqual(expect.arrayContaining(['gates.shutdown.graceMinutes: 0 → 60', 'gates.shutdown.approval: auto → manual']));
});
