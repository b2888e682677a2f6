import { CreateTagsCommand, DescribeInstancesCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import type { AccountPolicy } from '../../../core/catalog/types';
import { AWS_DETAIL_TYPES } from '../../../core/events/schemas';
import { FUNCTION_ENV } from '../../../core/naming/env';
import { handler, resetRuntimeForTests } from '../../../functions/tag-policy/handler';
import { accountOf, shippedCatalog } from '../../support/catalog';
import { FakeFleet, mockAws } from './fake-aws';

const OPS_TOPIC = 'arn:aws:sns:us-east-1:111111111111:budget-guardrails-ops';
const MEMBER = '555555555555';

const envelope = (over: Record<string, unknown>) => ({
  id: 'e-1', version: '0', source: 'aws.ec2', account: MEMBER, time: '2026-03-30T12:00:00Z', region: 'us-east-1',
  resources: [], 'detail-type': AWS_DETAIL_TYPES.ec2StateChange, detail: { 'instance-id': 'i-0abc1', state: 'running' }, ...over,
});
const scheduled = envelope({ source: 'aws.events', account: '111111111111', 'detail-type': 'Scheduled Event', detail: {} });

let account: AccountPolicy;
let aws: ReturnType<typeof mockAws>;
let sns: AwsClientStub<SNSClient>;
let fleet: FakeFleet;
const savedEnv = { ...process.env };

beforeAll(async () => {
  const sandbox = accountOf(await shippedCatalog(), 'sandbox');
  // Only rules whose values do not depend on the day, so the handler's real clock does not matter.
  account = { ...sandbox, mode: 'enforce', tagPolicy: { ...sandbox.tagPolicy!, rules: [sandbox.tagPolicy!.rules[0]] } };
});

beforeEach(() => {
  resetRuntimeForTests();
  Object.assign(process.env, {
    [FUNCTION_ENV.table]: 'budget-guardrails', [FUNCTION_ENV.busName]: 'budget-guardrails', [FUNCTION_ENV.opsTopicArn]: OPS_TOPIC,
  });
  fleet = new FakeFleet().add(
    { id: 'i-0abc1', region: 'us-east-1', state: 'running', vpcId: 'vpc-1', tags: {} },
    { id: 'i-0abc2', region: 'us-east-1', state: 'running', vpcId: 'vpc-1', tags: { Name: 'x' } },
  );
  aws = mockAws(fleet, [account]);
  sns = mockClient(SNSClient);
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

afterEach(() => {
  aws.restore();
  sns.restore();
  process.env = { ...savedEnv };
});

describe('tag-policy handler', () => {
  it('on the schedule scans every account and publishes its report', async () => {
    const result = await handler(scheduled);
    expect(aws.ec2.commandCalls(DescribeInstancesCommand)[0].args[0].input.InstanceIds).toBeUndefined();
    expect(aws.ec2.commandCalls(CreateTagsCommand).map((c) => c.args[0].input.Resources)).toEqual([['i-0abc1'], ['i-0abc2']]);
    expect(aws.ec2.commandCalls(StopInstancesCommand).map((c) => c.args[0].input.InstanceIds)).toEqual([['i-0abc1']]);
    expect(aws.reports()).toHaveLength(1);
    expect(result.reports).toEqual(aws.reports());
  });

  it('on an EC2 running state change checks that instance in the member account and region', async () => {
    await handler(envelope({}));
    expect(aws.sts.commandCalls(AssumeRoleCommand)[0].args[0].input.RoleArn).toBe(`arn:aws:iam::${MEMBER}:role/budget-guardrails-enforcement`);
    expect(aws.ec2.commandCalls(DescribeInstancesCommand).map((c) => c.args[0].input.InstanceIds)).toEqual([['i-0abc1']]);
    expect(fleet.get('i-0abc1').state).toBe('stopped');
    expect(fleet.get('i-0abc2').tags).toEqual({ Name: 'x' });
  });

  it('ignores other instance states without touching any account', async () => {
    const result = await handler(envelope({ detail: { 'instance-id': 'i-0abc1', state: 'stopped' } }));
    expect(result).toEqual({ reports: [], ignored: 'instance state "stopped" is not checked' });
    expect(aws.sts.calls()).toHaveLength(0);
    expect(sns.calls()).toHaveLength(0);
  });

  it.each([
    ['an account outside the catalog', envelope({ account: '999999999999' }), 'account 999999999999 is not in the catalog'],
    ['a malformed detail', envelope({ detail: { 'instance-id': 'not-an-id', state: 'running' } }), 'invalid EC2 state-change detail from 555555555555'],
    ['an unknown detail-type', envelope({ 'detail-type': 'Something Else' }), 'detail-type "Something Else" is not handled'],
    ['something that is not an event', { hello: 'world' }, 'not an EventBridge event'],
  ])('rejects %s, reports it to operators and acts on nothing', async (_name, event, reason) => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const result = await handler(event);
    expect(JSON.parse(String(logged.mock.calls[0][0])).reason).toContain(reason);
    logged.mockRestore();
    expect(result.reports).toEqual([]);
    expect(result.ignored).toContain(reason);
    const published = sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
    expect(published).toHaveLength(1);
    expect(published[0].TopicArn).toBe(OPS_TOPIC);
    expect(published[0].Message).toContain(reason);
    expect(aws.ec2.calls()).toHaveLength(0);
    expect(aws.events.calls()).toHaveLength(0);
  });

  it('fails loudly when the hub environment is missing', async () => {
    delete process.env[FUNCTION_ENV.busName];
    await expect(handler(scheduled)).rejects.toThrow(`missing environment variable(s) ${FUNCTION_ENV.busName}`);
  });
});
