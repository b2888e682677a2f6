import fc from 'fast-check';
import type { TagPolicy } from '../../core/catalog/types';
import { EXEMPT_TAG } from '../../core/naming/resources';
import { evaluateInstance } from '../../core/tags/evaluate';
import { evaluateTagFunction, utcDate } from '../../core/tags/functions';
import { inScope, isExempt } from '../../core/tags/scope';
import type { InstanceView } from '../../core/tags/types';
import { accountOf, shippedCatalog } from '../support/catalog';

const NOW = new Date('2026-03-30T23:30:00Z');

const policy = (over: Partial<TagPolicy> = {}): TagPolicy => ({
  rules: [
    { key: 'ProjectCode', required: true, action: 'update', default: 'Proj007' },
    { key: 'CreatedBy', required: true, action: 'userLookup' },
    { key: 'Expires', required: true, action: 'function', function: 'today()+7d' },
  ],
  scope: { vpcIds: [], tags: {} },
  untagged: 'stop',
  lookbackDays: 7,
  ...over,
});

const instance = (tags: Record<string, string>, over: Partial<InstanceView> = {}): InstanceView =>
  ({ id: 'i-0abc', region: 'us-east-1', state: 'running', vpcId: 'vpc-11111111', tags, ...over });

describe('tag functions', () => {
  it('computes today() and today()+Nd as UTC dates, across month ends', () => {
    expect(evaluateTagFunction('today()', NOW)).toBe('2026-03-30');
    expect(evaluateTagFunction('today()+2d', NOW)).toBe('2026-04-01');
    expect(evaluateTagFunction('today()+365d', new Date('2028-01-01T00:00:00Z'))).toBe('2028-12-31');
  });

  it('uses the UTC date, not the local one', () => {
    expect(utcDate(new Date('2026-06-01T00:30:00+02:00'))).toBe('2026-05-31');
  });

  it('rejects an unsupported function with the fix', () => {
    expect(() => evaluateTagFunction('now()', NOW)).toThrow('use "today()" or "today()+Nd"');
  });

  it('today()+Nd is always N days after today()', () => {
    fc.assert(fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }), fc.integer({ min: 0, max: 9999 }), (now, n) => {
      const today = Date.parse(evaluateTagFunction('today()', now));
      const later = Date.parse(evaluateTagFunction(`today()+${n}d`, now));
      return later - today === n * 86_400_000;
    }));
  });
});

describe('scope and exemption', () => {
  it('an empty scope takes every instance', () => {
    expect(inScope(instance({}), { vpcIds: [], tags: {} })).toBe(true);
    expect(inScope(instance({}, { vpcId: undefined }), { vpcIds: [], tags: {} })).toBe(true);
  });

  it('limits to the listed VPCs; an instance outside any VPC is out of a VPC scope', () => {
    const scope = { vpcIds: ['vpc-22222222'], tags: {} };
    expect(inScope(instance({}, { vpcId: 'vpc-22222222' }), scope)).toBe(true);
    expect(inScope(instance({}, { vpcId: 'vpc-11111111' }), scope)).toBe(false);
    expect(inScope(instance({}, { vpcId: undefined }), scope)).toBe(false);
  });

  it('requires every scope tag with its exact value', () => {
    const scope = { vpcIds: [], tags: { env: 'dev', team: 'x' } };
    expect(inScope(instance({ env: 'dev', team: 'x', other: '1' }), scope)).toBe(true);
    expect(inScope(instance({ env: 'dev' }), scope)).toBe(false);
    expect(inScope(instance({ env: 'prod', team: 'x' }), scope)).toBe(false);
  });

  it('recognises the exemption tag', () => {
    expect(isExempt(instance({ [EXEMPT_TAG.key]: 'true' }))).toBe(true);
    // Exactly `true`, as the enforcement role's IAM deny matches it: every part of the guardrail agrees.
    expect(isExempt(instance({ [EXEMPT_TAG.key]: 'TRUE' }))).toBe(false);
    expect(isExempt(instance({ [EXEMPT_TAG.key]: 'false' }))).toBe(false);
    expect(isExempt(instance({}))).toBe(false);
  });
});

describe('evaluateInstance', () => {
  it('fixes every missing required tag with its value source', () => {
    const verdict = evaluateInstance(instance({ Name: 'web' }), policy(), NOW);
    expect(verdict.disposition).toBe('checked');
    expect(verdict.untagged).toBe(false);
    expect(verdict.lifecycle).toBeUndefined();
    expect(verdict.fixes).toEqual([
      { key: 'ProjectCode', problem: 'missing', source: { kind: 'value', value: 'Proj007' } },
      { key: 'CreatedBy', problem: 'missing', source: { kind: 'creator' } },
      { key: 'Expires', problem: 'missing', source: { kind: 'value', value: '2026-04-06' } },
    ]);
  });

  it('sets the default on an empty or blank value, even when the rule is not required', () => {
    const p = policy({ rules: [{ key: 'ProjectCode', action: 'update', default: 'Proj007' }] });
    expect(evaluateInstance(instance({ ProjectCode: '' }), p, NOW).fixes).toEqual([
      { key: 'ProjectCode', problem: 'empty', source: { kind: 'value', value: 'Proj007' } },
    ]);
    expect(evaluateInstance(instance({ ProjectCode: '  ' }), p, NOW).fixes).toHaveLength(1);
    // Not required and absent: nothing to do.
    expect(evaluateInstance(instance({ Name: 'a' }), p, NOW).fixes).toEqual([]);
  });

  it('never changes a key that already has a value', () => {
    const tags = { ProjectCode: 'Other', CreatedBy: 'alice', Expires: '2020-01-01' };
    const verdict = evaluateInstance(instance(tags), policy(), NOW);
    expect(verdict.fixes).toEqual([]);
    expect(verdict.lifecycle).toBeUndefined();
  });

  it('stops a running instance with no tags, and still applies the rules so its owner is named', () => {
    const verdict = evaluateInstance(instance({}), policy(), NOW);
    expect(verdict.untagged).toBe(true);
    expect(verdict.lifecycle).toBe('stop');
    expect(verdict.fixes.map((f) => f.key)).toEqual(['ProjectCode', 'CreatedBy', 'Expires']);
  });

  it('does not stop an untagged instance that is already stopping or stopped', () => {
    expect(evaluateInstance(instance({}, { state: 'stopped' }), policy(), NOW).lifecycle).toBeUndefined();
    expect(evaluateInstance(instance({}, { state: 'stopping' }), policy(), NOW).lifecycle).toBeUndefined();
    expect(evaluateInstance(instance({}, { state: 'pending' }), policy(), NOW).lifecycle).toBe('stop');
  });

  it('terminates an untagged instance only when asked, without tagging it first', () => {
    const verdict = evaluateInstance(instance({}, { state: 'stopped' }), policy({ untagged: 'terminate' }), NOW);
    expect(verdict.lifecycle).toBe('terminate');
    expect(verdict.fixes).toEqual([]);
  });

  it('ignore leaves an untagged instance running (the rules still apply)', () => {
    const verdict = evaluateInstance(instance({}), policy({ untagged: 'ignore' }), NOW);
    expect(verdict.untagged).toBe(true);
    expect(verdict.lifecycle).toBeUndefined();
    expect(verdict.fixes).toHaveLength(3);
  });

  it('leaves exempt and out-of-scope instances alone', () => {
    expect(evaluateInstance(instance({ [EXEMPT_TAG.key]: 'true' }), policy(), NOW))
      .toEqual(expect.objectContaining({ disposition: 'exempt', fixes: [] }));
    const scoped = policy({ scope: { vpcIds: ['vpc-99999999'], tags: {} } });
    const verdict = evaluateInstance(instance({}), scoped, NOW);
    expect(verdict).toEqual(expect.objectContaining({ disposition: 'out-of-scope', fixes: [] }));
    expect(verdict.lifecycle).toBeUndefined();
  });

  it('uses the first rule when two rules name the same key', () => {
    const p = policy({ rules: [
      { key: 'Owner', required: true, action: 'update', default: 'platform' },
      { key: 'Owner', required: true, action: 'userLookup' },
    ] });
    expect(evaluateInstance(instance({ a: 'b' }), p, NOW).fixes).toEqual([
      { key: 'Owner', problem: 'missing', source: { kind: 'value', value: 'platform' } },
    ]);
  });

  it('an instance after its fixes are applied is compliant (property)', () => {
    const tagArb = fc.dictionary(fc.constantFrom('ProjectCode', 'CreatedBy', 'Expires', 'Name'), fc.constantFrom('', ' ', 'x'));
    fc.assert(fc.property(tagArb, (tags) => {
      const first = evaluateInstance(instance(tags), policy({ untagged: 'ignore' }), NOW);
      const fixed: Record<string, string> = { ...tags };
      for (const fix of first.fixes) fixed[fix.key] = fix.source.kind === 'value' ? fix.source.value : 'someone';
      return evaluateInstance(instance(fixed), policy({ untagged: 'ignore' }), NOW).fixes.length === 0;
    }));
  });

  it('the shipped sandbox policy tags a bare instance and stops it', async () => {
    const sandbox = accountOf(await shippedCatalog(), 'sandbox');
    if (!sandbox.tagPolicy) throw new Error('the shipped sandbox account has a tag policy');
    const verdict = evaluateInstance(instance({}), sandbox.tagPolicy, NOW);
    expect(verdict.lifecycle).toBe('stop');
    expect(verdict.fixes).toEqual([
      { key: 'ProjectCode', problem: 'missing', source: { kind: 'value', value: 'Proj007' } },
      { key: 'CreatedBy', problem: 'missing', source: { kind: 'creator' } },
      { key: 'Expires', problem: 'missing', source: { kind: 'value', value: '2026-03-30' } },
    ]);
  });
});
