import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import {
  CreateTagsCommand, DescribeInstancesCommand, StopInstancesCommand, TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { AccountPolicy, TagPolicy } from '../../../core/catalog/types';
import { DETAIL_TYPES, EVENT_SOURCE } from '../../../core/events/schemas';
import { EXEMPT_TAG, enforcementRoleArn } from '../../../core/naming/resources';
import { createTagPolicyDeps } from '../../../functions/tag-policy/deps';
import { runForInstance, runScheduled } from '../../../functions/tag-policy/run';
import { accountOf, shippedCatalog } from '../../support/catalog';
import { FakeFleet, FakeInstance, mockAws, regionOf } from './fake-aws';

const NOW = new Date('2026-03-30T12:00:00Z');
const ACCOUNT_ID = '555555555555';

let sandbox: AccountPolicy;
beforeAll(async () => {
  sandbox = accountOf(await shippedCatalog(), 'sandbox');
});

/** The shipped sandbox account in `enforce` mode, with policy overrides. */
const account = (over: Partial<TagPolicy> = {}, mode: AccountPolicy['mode'] = 'enforce', extra: Partial<AccountPolicy> = {}): AccountPolicy =>
  ({ ...sandbox, mode, tagPolicy: { ...sandbox.tagPolicy!, ...over }, ...extra });

const compliantTags = { ProjectCode: 'Proj001', CreatedBy: 'alice', Expires: '2026-04-30' };
const inst = (id: string, tags: Record<string, string>, over: Partial<FakeInstance> = {}): FakeInstance =>
  ({ id, region: 'us-east-1', state: 'running', vpcId: 'vpc-11111111', tags, ...over });

const runEvent = (instanceId: string, user = 'alice@example.com') => ({
  EventName: 'RunInstances',
  Username: user,
  CloudTrailEvent: JSON.stringify({
    eventName: 'RunInstances',
    userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/Developer/${user}` },
    responseElements: { instancesSet: { items: [{ instanceId }] } },
  }),
});

let aws: ReturnType<typeof mockAws>;
const writes = () => ({
  createTags: aws.ec2.commandCalls(CreateTagsCommand).length,
  stop: aws.ec2.commandCalls(StopInstancesCommand).length,
  terminate: aws.ec2.commandCalls(TerminateInstancesCommand).length,
});
let fleet: FakeFleet;
const setup = (accounts: AccountPolicy[]) => {
  aws = mockAws(fleet, accounts);
  return createTagPolicyDeps({ table: 'budget-guardrails', busName: 'budget-guardrails' }, () => NOW);
};

beforeEach(() => {
  fleet = new FakeFleet();
});
afterEach(() => aws?.restore());

describe('update action', () => {
  it('creates a missing required tag with its default', async () => {
    fleet.add(inst('i-01', { CreatedBy: 'alice', Expires: '2026-04-30' }));
    const deps = setup([account()]);
    const { reports } = await runScheduled(deps);

    expect(aws.ec2.commandCalls(CreateTagsCommand).map((c) => c.args[0].input)).toEqual([
      { Resources: ['i-01'], Tags: [{ Key: 'ProjectCode', Value: 'Proj007' }] },
    ]);
    expect(fleet.get('i-01').tags.ProjectCode).toBe('Proj007');
    expect(reports[0].violations).toEqual([{ instanceId: 'i-01', region: 'us-east-1', key: 'ProjectCode', problem: 'required tag is missing' }]);
    expect(reports[0].actions).toEqual([
      { instanceId: 'i-01', region: 'us-east-1', action: 'tag', key: 'ProjectCode', value: 'Proj007', outcome: 'applied' },
    ]);
    expect(aws.ec2.commandCalls(StopInstancesCommand)).toHaveLength(0);
  });

  it('sets the default on a key that exists with an empty value', async () => {
    fleet.add(inst('i-02', { ...compliantTags, ProjectCode: '' }));
    const deps = setup([account()]);
    const { reports } = await runScheduled(deps);
    expect(fleet.get('i-02').tags.ProjectCode).toBe('Proj007');
    expect(reports[0].violations[0]).toEqual(expect.objectContaining({ key: 'ProjectCode', problem: 'tag has an empty value' }));
    expect(reports[0].actions).toEqual([expect.objectContaining({ action: 'tag', key: 'ProjectCode', value: 'Proj007', outcome: 'applied' })]);
  });
});

describe('userLookup action', () => {
  it('follows CloudTrail pagination within the look-back and tags who launched the instance', async () => {
    fleet.add(inst('i-03', { ProjectCode: 'P', Expires: '2026-04-01' }));
    const deps = setup([account()]);
    aws.cloudTrail.on(LookupEventsCommand)
      .resolvesOnce({ Events: [{ EventName: 'StopInstances', Username: 'bob' }, { EventName: 'CreateTags', Username: 'carol' }], NextToken: 'page-2' })
      .resolvesOnce({ Events: [runEvent('i-03', 'alice@example.com')] });

    const { reports } = await runScheduled(deps);

    const calls = aws.cloudTrail.commandCalls(LookupEventsCommand).map((c) => c.args[0].input);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toEqual(expect.objectContaining({
      LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'i-03' }],
      StartTime: new Date('2026-03-23T12:00:00Z'),
      EndTime: NOW,
    }));
    expect(calls[0].NextToken).toBeUndefined();
    expect(calls[1].NextToken).toBe('page-2');
    expect(fleet.get('i-03').tags.CreatedBy).toBe('alice@example.com');
    expect(reports[0].actions).toEqual([expect.objectContaining({ key: 'CreatedBy', value: 'alice@example.com', outcome: 'applied' })]);
    expect(reports[0].violations[0].problem).toBe('required tag is missing');
  });

  it('tags "unknown" when CloudTrail has no launch event, and the report says so', async () => {
    fleet.add(inst('i-04', { ProjectCode: 'P', Expires: '2026-04-01', CreatedBy: '' }));
    const deps = setup([account()]);
    aws.cloudTrail.on(LookupEventsCommand)
      .resolvesOnce({ Events: [{ EventName: 'StartInstances', Username: 'bob' }], NextToken: 't' })
      .resolvesOnce({ Events: [] });

    const { reports } = await runScheduled(deps);

    expect(aws.cloudTrail.commandCalls(LookupEventsCommand)).toHaveLength(2);
    expect(fleet.get('i-04').tags.CreatedBy).toBe('unknown');
    expect(reports[0].violations).toEqual([{
      instanceId: 'i-04', region: 'us-east-1', key: 'CreatedBy',
      problem: 'tag has an empty value; nobody was found launching it in CloudTrail within 7 day(s), so the value is "unknown"',
    }]);
    expect(reports[0].actions).toEqual([expect.objectContaining({ key: 'CreatedBy', value: 'unknown', outcome: 'applied' })]);
  });

  it('finds the launcher of a recent instance without waiting', async () => {
    fleet.add(inst('i-35', { ProjectCode: 'P', Expires: '2026-04-01' }, { launchedAt: new Date(NOW.getTime() - 60_000) }));
    const deps = setup([account()]);
    aws.cloudTrail.on(LookupEventsCommand).resolves({ Events: [runEvent('i-35', 'frank')] });
    await runScheduled(deps);
    expect(fleet.get('i-35').tags.CreatedBy).toBe('frank');
  });

  it('leaves the tag for a later run when the instance started too recently for CloudTrail to show its launch', async () => {
    fleet.add(inst('i-36', { Expires: '2026-04-01' }, { launchedAt: new Date(NOW.getTime() - 2 * 60_000) }));
    const deps = setup([account()]);
    const first = await runScheduled(deps);
    expect(fleet.get('i-36').tags).toEqual({ Expires: '2026-04-01', ProjectCode: 'Proj007' });
    expect(first.reports[0].actions.map((a) => a.key)).toEqual(['ProjectCode']);
    expect(first.reports[0].violations).toContainEqual(expect.objectContaining({
      key: 'CreatedBy', problem: expect.stringContaining('not in CloudTrail yet'),
    }));

    // An hour later the launch is still not found: now the answer is "unknown".
    const later = createTagPolicyDeps({ table: 'budget-guardrails', busName: 'budget-guardrails' }, () => new Date(NOW.getTime() + 3_600_000));
    await runScheduled(later);
    expect(fleet.get('i-36').tags.CreatedBy).toBe('unknown');
  });

  it('reports a failed lookup as a failed action and writes the other tags', async () => {
    fleet.add(inst('i-05', { Name: 'x' }));
    const deps = setup([account()]);
    aws.cloudTrail.on(LookupEventsCommand).rejects(Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' }));

    const { reports } = await runScheduled(deps);
    expect(fleet.get('i-05').tags).toEqual({ Name: 'x', ProjectCode: 'Proj007', Expires: '2026-03-30' });
    expect(reports[0].actions).toContainEqual(expect.objectContaining({
      action: 'tag', key: 'CreatedBy', outcome: 'failed', error: 'CloudTrail lookup failed: AccessDeniedException: not allowed',
    }));
  });
});

describe('function action', () => {
  it('writes today() and today()+Nd from the injected clock', async () => {
    fleet.add(inst('i-06', { ProjectCode: 'P', CreatedBy: 'alice' }));
    const rules: TagPolicy['rules'] = [
      { key: 'Expires', required: true, action: 'function', function: 'today()+3d' },
      { key: 'Checked', required: true, action: 'function', function: 'today()' },
    ];
    const deps = setup([account({ rules })]);
    await runScheduled(deps);
    expect(aws.ec2.commandCalls(CreateTagsCommand)[0].args[0].input.Tags).toEqual([
      { Key: 'Expires', Value: '2026-04-02' }, { Key: 'Checked', Value: '2026-03-30' },
    ]);
  });
});

describe('instances with no tags at all', () => {
  it('are stopped by default (and tagged so their owner is named)', async () => {
    fleet.add(inst('i-07', {}));
    const deps = setup([account()]);
    aws.cloudTrail.on(LookupEventsCommand).resolves({ Events: [runEvent('i-07', 'dave')] });
    const { reports } = await runScheduled(deps);

    expect(aws.ec2.commandCalls(StopInstancesCommand).map((c) => c.args[0].input)).toEqual([{ InstanceIds: ['i-07'] }]);
    expect(aws.ec2.commandCalls(TerminateInstancesCommand)).toHaveLength(0);
    expect(fleet.get('i-07')).toEqual(expect.objectContaining({
      state: 'stopped', tags: { ProjectCode: 'Proj007', CreatedBy: 'dave', Expires: '2026-03-30' },
    }));
    expect(reports[0].violations[0]).toEqual({ instanceId: 'i-07', region: 'us-east-1', problem: 'instance has no tags' });
    expect(reports[0].actions.map((a) => `${a.action}:${a.key ?? ''}:${a.outcome}`)).toEqual([
      'tag:ProjectCode:applied', 'tag:CreatedBy:applied', 'tag:Expires:applied', 'stop::applied',
    ]);
  });

  it('are terminated only when the catalog says terminate', async () => {
    fleet.add(inst('i-08', {}), inst('i-09', {}, { state: 'stopped' }));
    const deps = setup([account({ untagged: 'terminate' })]);
    const { reports } = await runScheduled(deps);
    expect(aws.ec2.commandCalls(TerminateInstancesCommand).map((c) => c.args[0].input.InstanceIds)).toEqual([['i-08'], ['i-09']]);
    expect(aws.ec2.commandCalls(StopInstancesCommand)).toHaveLength(0);
    expect(aws.ec2.commandCalls(CreateTagsCommand)).toHaveLength(0);
    expect(reports[0].actions.map((a) => a.action)).toEqual(['terminate', 'terminate']);
  });

  it('are left running with untagged: ignore', async () => {
    fleet.add(inst('i-10', {}));
    const deps = setup([account({ untagged: 'ignore' })]);
    await runScheduled(deps);
    expect(aws.ec2.commandCalls(StopInstancesCommand)).toHaveLength(0);
    expect(fleet.get('i-10').state).toBe('running');
  });

  it('an instance that disappears before the stop is not a failure', async () => {
    fleet.add(inst('i-11', {}));
    const deps = setup([account({ rules: [{ key: 'ProjectCode', action: 'update', default: 'P' }] })]);
    aws.ec2.on(StopInstancesCommand).callsFake(() => {
      fleet.get('i-11').state = 'gone';
      return fleet.existing(['i-11']);
    });
    const { reports } = await runScheduled(deps);
    expect(reports[0].actions).toEqual([]);
    expect(reports[0].violations).toEqual([expect.objectContaining({ instanceId: 'i-11', problem: 'instance has no tags' })]);
  });

  it('a failed stop is reported as failed', async () => {
    fleet.add(inst('i-12', {}));
    const deps = setup([account({ rules: [{ key: 'ProjectCode', action: 'update', default: 'P' }] })]);
    aws.ec2.on(StopInstancesCommand).rejects(Object.assign(new Error('denied'), { name: 'UnauthorizedOperation' }));
    const { reports } = await runScheduled(deps);
    expect(reports[0].actions).toEqual([{ instanceId: 'i-12', region: 'us-east-1', action: 'stop', outcome: 'failed', error: 'UnauthorizedOperation: denied' }]);
  });
});

describe('mode check', () => {
  it('reports planned actions and changes nothing', async () => {
    fleet.add(inst('i-13', {}), inst('i-14', { ...compliantTags, ProjectCode: '' }));
    const deps = setup([account({}, 'check')]);
    aws.cloudTrail.on(LookupEventsCommand).resolves({ Events: [runEvent('i-13', 'erin')] });
    const { reports } = await runScheduled(deps);

    expect(writes()).toEqual({ createTags: 0, stop: 0, terminate: 0 });
    expect(fleet.get('i-13')).toEqual(expect.objectContaining({ state: 'running', tags: {} }));
    expect(reports[0].dryRun).toBe(true);
    expect(reports[0].actions.every((a) => a.outcome === 'planned')).toBe(true);
    expect(reports[0].actions.map((a) => `${a.instanceId}:${a.action}:${a.key ?? ''}=${a.value ?? ''}`)).toEqual([
      'i-13:tag:ProjectCode=Proj007', 'i-13:tag:CreatedBy=erin', 'i-13:tag:Expires=2026-03-30', 'i-13:stop:=', 'i-14:tag:ProjectCode=Proj007',
    ]);
  });
});

describe('scope and exemption', () => {
  it('leaves an instance outside the VPC scope untouched, and narrows the listing to the VPCs', async () => {
    fleet.honourScopeFilters = false; // prove the engine's own check, not only the server-side filter
    fleet.add(inst('i-15', {}, { vpcId: 'vpc-0outside' }), inst('i-16', {}, { vpcId: 'vpc-0inside' }), inst('i-17', {}, { vpcId: undefined }));
    const deps = setup([account({ scope: { vpcIds: ['vpc-0inside'], tags: {} } })]);
    const { reports } = await runScheduled(deps);

    expect(aws.ec2.commandCalls(DescribeInstancesCommand)[0].args[0].input.Filters)
      .toContainEqual({ Name: 'vpc-id', Values: ['vpc-0inside'] });
    expect(aws.ec2.commandCalls(StopInstancesCommand).map((c) => c.args[0].input.InstanceIds)).toEqual([['i-16']]);
    expect(aws.ec2.commandCalls(CreateTagsCommand).map((c) => c.args[0].input.Resources)).toEqual([['i-16']]);
    expect(fleet.get('i-15')).toEqual(expect.objectContaining({ state: 'running', tags: {} }));
    expect(reports[0].scannedInstances).toBe(1);
  });

  it('checks only instances carrying the scope tags', async () => {
    fleet.honourScopeFilters = false;
    fleet.add(inst('i-18', { env: 'dev' }), inst('i-19', { env: 'prod' }));
    const deps = setup([account({ scope: { vpcIds: [], tags: { env: 'dev' } } })]);
    await runScheduled(deps);
    expect(aws.ec2.commandCalls(DescribeInstancesCommand)[0].args[0].input.Filters).toContainEqual({ Name: 'tag:env', Values: ['dev'] });
    expect(aws.ec2.commandCalls(CreateTagsCommand).map((c) => c.args[0].input.Resources)).toEqual([['i-18']]);
  });

  it('leaves an exempt instance alone', async () => {
    fleet.add(inst('i-20', { [EXEMPT_TAG.key]: EXEMPT_TAG.value }), inst('i-21', { [EXEMPT_TAG.key]: EXEMPT_TAG.value, ProjectCode: '' }));
    const deps = setup([account()]);
    const { reports } = await runScheduled(deps);
    expect(aws.ec2.commandCalls(CreateTagsCommand)).toHaveLength(0);
    expect(aws.ec2.commandCalls(StopInstancesCommand)).toHaveLength(0);
    expect(aws.cloudTrail.commandCalls(LookupEventsCommand)).toHaveLength(0);
    expect(reports[0]).toEqual(expect.objectContaining({ scannedInstances: 0, violations: [], actions: [] }));
  });
});

describe('idempotence', () => {
  it('a second run over the fixed fleet, and any run over a compliant fleet, does nothing', async () => {
    fleet.add(
      inst('i-22', {}), inst('i-23', { ...compliantTags, ProjectCode: '' }), inst('i-24', { Name: 'n' }),
      inst('i-25', compliantTags), inst('i-26', compliantTags, { state: 'stopped' }), inst('i-27', compliantTags),
    );
    const deps = setup([account()]);
    const first = await runScheduled(deps);
    expect(first.reports[0].actions.length).toBeGreaterThan(0);
    aws.ec2.resetHistory();
    aws.cloudTrail.resetHistory();

    const second = await runScheduled(deps);
    expect(writes()).toEqual({ createTags: 0, stop: 0, terminate: 0 });
    expect(aws.cloudTrail.commandCalls(LookupEventsCommand)).toHaveLength(0);
    expect(second.reports[0]).toEqual(expect.objectContaining({ scannedInstances: 6, violations: [], actions: [] }));
    // Every page of the listing was read: 6 instances at 2 per page.
    expect(aws.ec2.commandCalls(DescribeInstancesCommand)).toHaveLength(3);
  });
});

describe('accounts, regions and the report', () => {
  it('scans every workload region of every active account through its enforcement role, one report each', async () => {
    const other: AccountPolicy = { ...account(), name: 'lab', id: '666666666666', workloadRegions: ['us-east-1', 'eu-west-1'] };
    const skipped: AccountPolicy = { ...account({}, 'skip'), name: 'old', id: '777777777777' };
    const untagged: AccountPolicy = { ...account(), name: 'plain', id: '888888888888', tagPolicy: null };
    fleet.add(inst('i-28', {}, { region: 'eu-west-1' }));
    const deps = setup([other, sandbox, skipped, untagged]);
    const seenRegions: string[] = [];
    aws.ec2.on(DescribeInstancesCommand).callsFake(async (input, getClient) => {
      const region = await regionOf(getClient);
      seenRegions.push(`${(await getClient().config.credentials()).accessKeyId}@${region}`);
      return fleet.describe(input, region);
    });

    const { reports } = await runScheduled(deps);

    // Accounts run in catalog (name) order: lab, then sandbox; skip mode and no tag policy are not entered.
    expect(aws.sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleArn))
      .toEqual([enforcementRoleArn('666666666666'), enforcementRoleArn('555555555555')]);
    expect(seenRegions.sort()).toEqual(['AKIA555555555555@us-east-1', 'AKIA666666666666@eu-west-1', 'AKIA666666666666@us-east-1']);
    expect(reports.map((r) => r.accountName)).toEqual(['lab', 'sandbox']);
    expect(aws.reports()).toEqual(reports);
    const entry = aws.events.commandCalls(PutEventsCommand)[0].args[0].input.Entries![0];
    expect(entry).toEqual(expect.objectContaining({ Source: EVENT_SOURCE, DetailType: DETAIL_TYPES.tagPolicyReport, EventBusName: 'budget-guardrails' }));
    // The shipped sandbox is in check mode: its report is a dry run.
    expect(reports[1].dryRun).toBe(true);
    // Only the enforce-mode lab account stopped its eu-west-1 instance.
    expect(fleet.get('i-28').state).toBe('stopped');
  });

  it('one failing account does not stop the others; the run fails at the end with every failure named', async () => {
    const other: AccountPolicy = { ...account(), name: 'lab', id: '666666666666' };
    fleet.add(inst('i-29', {}));
    const deps = setup([other, account()]);
    aws.sts.on(AssumeRoleCommand, { RoleArn: enforcementRoleArn('666666666666') })
      .rejects(Object.assign(new Error('not authorized to assume'), { name: 'AccessDenied' }));

    await expect(runScheduled(deps)).rejects.toThrow('tag policy run incomplete: lab (666666666666): not authorized to assume');
    expect(aws.reports().map((r) => r.accountName)).toEqual(['sandbox']);
    expect(fleet.get('i-29').state).toBe('stopped');
  });

  it('a region that cannot be listed is named in the report, and the run fails after publishing it', async () => {
    const deps = setup([account({}, 'enforce', { workloadRegions: ['us-east-1', 'eu-west-1'] })]);
    fleet.add(inst('i-30', {}, { region: 'eu-west-1' }));
    aws.ec2.on(DescribeInstancesCommand).callsFake(async (input, getClient) => {
      const region = await regionOf(getClient);
      if (region === 'us-east-1') throw Object.assign(new Error('denied'), { name: 'UnauthorizedOperation' });
      return fleet.describe(input, region);
    });
    await expect(runScheduled(deps)).rejects.toThrow('us-east-1: could not list instances: UnauthorizedOperation: denied');
    const [report] = aws.reports();
    expect(report.errors).toEqual([{ region: 'us-east-1', error: 'could not list instances: UnauthorizedOperation: denied' }]);
    expect(report.actions.map((a) => a.action)).toContain('stop');
  });
});

describe('an EC2 instance entering running', () => {
  it('checks just that instance in its region', async () => {
    fleet.add(inst('i-31', {}), inst('i-32', {}));
    const deps = setup([account()]);
    const { reports } = await runForInstance(deps, { kind: 'instance', accountId: ACCOUNT_ID, region: 'us-east-1', instanceId: 'i-31' });
    expect(aws.ec2.commandCalls(DescribeInstancesCommand).map((c) => c.args[0].input.InstanceIds)).toEqual([['i-31']]);
    expect(aws.ec2.commandCalls(StopInstancesCommand).map((c) => c.args[0].input.InstanceIds)).toEqual([['i-31']]);
    expect(fleet.get('i-32').state).toBe('running');
    expect(reports).toHaveLength(1);
    expect(reports[0].scannedInstances).toBe(1);
  });

  it('an instance already gone yields an empty report', async () => {
    const deps = setup([account()]);
    const { reports } = await runForInstance(deps, { kind: 'instance', accountId: ACCOUNT_ID, region: 'us-east-1', instanceId: 'i-0dead' });
    expect(reports[0]).toEqual(expect.objectContaining({ scannedInstances: 0, violations: [], actions: [] }));
  });

  it('rejects an account that is not in the catalog, and a region the account does not use', async () => {
    const deps = setup([account()]);
    await expect(runForInstance(deps, { kind: 'instance', accountId: '999999999999', region: 'us-east-1', instanceId: 'i-33' }))
      .rejects.toThrow('account 999999999999 is not in the catalog');
    await expect(runForInstance(deps, { kind: 'instance', accountId: ACCOUNT_ID, region: 'ap-south-1', instanceId: 'i-33' }))
      .rejects.toThrow('region ap-south-1 is not a workload region of sandbox');
    expect(aws.sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
  });

  it('ignores an account in skip mode or without a tag policy', async () => {
    const deps = setup([account({}, 'skip')]);
    const result = await runForInstance(deps, { kind: 'instance', accountId: ACCOUNT_ID, region: 'us-east-1', instanceId: 'i-34' });
    expect(result).toEqual({ reports: [], ignored: 'account sandbox has mode skip' });
    expect(aws.sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
    expect(aws.events.commandCalls(PutEventsCommand)).toHaveLength(0);
  });
});
