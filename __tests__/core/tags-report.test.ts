import { tagPolicyReportSchema } from '../../core/events/schemas';
import { creatorFromEvent } from '../../core/tags/creator';
import { buildTagPolicyReport, violationsOf } from '../../core/tags/report';
import type { InstanceVerdict } from '../../core/tags/types';

const event = (userIdentity: object) => JSON.stringify({ eventName: 'RunInstances', userIdentity });

describe('creatorFromEvent', () => {
  it('names the role session of an assumed role (an SSO user, a CI job)', () => {
    expect(creatorFromEvent(event({
      type: 'AssumedRole', arn: 'arn:aws:sts::555555555555:assumed-role/AWSReservedSSO_Dev_abc/alice@example.com',
    }))).toBe('alice@example.com');
  });

  it('names an IAM user, the root user and a service', () => {
    expect(creatorFromEvent(event({ type: 'IAMUser', userName: 'bob', arn: 'arn:aws:iam::555555555555:user/bob' }))).toBe('bob');
    expect(creatorFromEvent(event({ type: 'IAMUser', arn: 'arn:aws:iam::555555555555:user/ops/carol' }))).toBe('carol');
    expect(creatorFromEvent(event({ type: 'Root', arn: 'arn:aws:iam::555555555555:root' }))).toBe('root');
    expect(creatorFromEvent(event({ type: 'AWSService', invokedBy: 'autoscaling.amazonaws.com' }))).toBe('autoscaling.amazonaws.com');
  });

  it('falls back to the Username field, and to nothing', () => {
    expect(creatorFromEvent('not json', 'dave')).toBe('dave');
    expect(creatorFromEvent(event({ type: 'AWSService' }), undefined)).toBeUndefined();
    expect(creatorFromEvent(undefined, '  ')).toBeUndefined();
  });

  it('keeps the value within the 256-character tag value limit', () => {
    const long = 'x'.repeat(300);
    expect(creatorFromEvent(undefined, long)).toHaveLength(256);
  });
});

const verdict = (over: Partial<InstanceVerdict>): InstanceVerdict => ({
  instance: { id: 'i-0abc', region: 'eu-west-1', state: 'running', tags: {} },
  disposition: 'checked', untagged: false, fixes: [], ...over,
});

describe('violationsOf', () => {
  it('lists an untagged instance and each rule that fired', () => {
    const v = verdict({
      untagged: true,
      fixes: [
        { key: 'ProjectCode', problem: 'missing', source: { kind: 'value', value: 'Proj007' } },
        { key: 'CreatedBy', problem: 'empty', source: { kind: 'creator' } },
      ],
    });
    expect(violationsOf(v, new Set(), 7)).toEqual([
      { instanceId: 'i-0abc', region: 'eu-west-1', problem: 'instance has no tags' },
      { instanceId: 'i-0abc', region: 'eu-west-1', key: 'ProjectCode', problem: 'required tag is missing' },
      { instanceId: 'i-0abc', region: 'eu-west-1', key: 'CreatedBy', problem: 'tag has an empty value' },
    ]);
  });

  it('says when CloudTrail named nobody and the tag became "unknown"', () => {
    const v = verdict({ fixes: [{ key: 'CreatedBy', problem: 'missing', source: { kind: 'creator' } }] });
    expect(violationsOf(v, new Set(['CreatedBy']), 3)[0].problem)
      .toBe('required tag is missing; nobody was found launching it in CloudTrail within 3 day(s), so the value is "unknown"');
  });
});

describe('buildTagPolicyReport', () => {
  const base = {
    accountId: '555555555555', accountName: 'sandbox', dryRun: false, scannedInstances: 1,
    errors: [], at: new Date('2026-03-30T10:00:00Z'),
  };

  it('builds a report that passes the bus schema', () => {
    const report = buildTagPolicyReport({
      ...base,
      violations: [{ instanceId: 'i-1', region: 'us-east-1', problem: 'instance has no tags' }],
      actions: [{ instanceId: 'i-1', region: 'us-east-1', action: 'stop', outcome: 'applied' }],
    });
    expect(tagPolicyReportSchema.parse(report)).toEqual(report);
    expect(report.omitted).toBeUndefined();
    expect(report.errors).toBeUndefined();
    expect(report.at).toBe('2026-03-30T10:00:00.000Z');
  });

  it('leaves out the tail of long lists to fit one event, keeping actions first, and counts what it left out', () => {
    const violations = Array.from({ length: 500 }, (_, i) => ({ instanceId: `i-${i}`, region: 'us-east-1', key: 'ProjectCode', problem: 'required tag is missing' }));
    const actions = Array.from({ length: 500 }, (_, i) => ({ instanceId: `i-${i}`, region: 'us-east-1', action: 'tag' as const, key: 'ProjectCode', value: 'Proj007', outcome: 'applied' as const }));
    const report = buildTagPolicyReport({ ...base, violations, actions }, 20_000);
    expect(Buffer.byteLength(JSON.stringify(report))).toBeLessThanOrEqual(20_000);
    expect(report.actions.length).toBeGreaterThan(0);
    expect(report.omitted).toEqual({ violations: 500 - report.violations.length, actions: 500 - report.actions.length });
    expect(report.omitted!.violations + report.omitted!.actions).toBeGreaterThan(0);
    expect(report.actions).toEqual(actions.slice(0, report.actions.length));
    expect(tagPolicyReportSchema.safeParse(report).success).toBe(true);
  });
});
