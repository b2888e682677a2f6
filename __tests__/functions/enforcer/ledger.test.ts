/** The DynamoDB ledger: conditional intent before acting, prior values, results, state ordering. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { PlannedAction } from '../../../core/posture/types';
import { DynamoLedger, activePostures } from '../../../functions/aws/action-ledger';

const ddbMock = mockClient(DynamoDBDocumentClient);
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const ledger = new DynamoLedger(ddb, 'budget-guardrails');
const NOW = new Date('2026-11-10T12:00:00Z');
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

const apply: PlannedAction = {
  kind: 'scale-to-zero', target: 'web', region: 'us-east-1', from: 'recorded size', to: '0/0/0', direction: 'apply', month: '2026-11',
};

beforeEach(() => ddbMock.reset());

describe('DynamoLedger', () => {
  it('claims the record keyed by account, month, kind and target with a conditional write', async () => {
    ddbMock.on(UpdateCommand).resolves({ Attributes: { direction: 'apply', status: 'failed', prior: { min: 2, max: 6, desired: 3 } } });
    const out = await ledger.claim('222222222222', apply, { token: 't1', state: 'shutdown', now: NOW });
    expect(out).toEqual({ claimed: true, prior: { min: 2, max: 6, desired: 3 } });
    const input = ddbMock.commandCalls(UpdateCommand)[0].args[0].input;
    expect(input.Key).toEqual({ pk: 'ACCOUNT#222222222222', sk: 'ACTION#2026-11#scale-to-zero#web@us-east-1' });
    expect(input.ConditionExpression).toContain('attribute_not_exists(pk)');
    expect(input.ConditionExpression).toContain('#status <> :intent OR #updatedAt < :stale');
    expect(input.ExpressionAttributeValues).toMatchObject({ ':posture': '0/0/0', ':direction': 'apply', ':token': 't1', ':stale': '2026-11-10T11:45:00.000Z' });
  });

  it('reads its own records and leaves the runtime meter\'s records (same key space) to the meter', async () => {
    ddbMock.on(QueryCommand).resolves({ Items: [
      { pk: 'ACCOUNT#222222222222', sk: 'ACTION#2026-11#scale-to-zero#web@us-east-1', kind: 'scale-to-zero', target: 'web', status: 'done' },
      { pk: 'ACCOUNT#222222222222', sk: 'ACTION#2026-11#detach-policy#runtime:gpu-training:user/DataScienceUser:arn', kind: 'detach-policy', target: 'runtime:gpu-training:user/DataScienceUser:arn', origin: 'runtime-meter', status: 'applied' },
    ] });
    const records = await ledger.records('222222222222', '2026-11');
    expect(records.map((r) => r.kind)).toEqual(['scale-to-zero']);
  });

  it('reports a held or already done record as not claimed', async () => {
    ddbMock.on(UpdateCommand).rejects(conditionFailed());
    expect(await ledger.claim('222222222222', apply, { token: 't2', state: 'shutdown', now: NOW })).toEqual({ claimed: false });
  });

  it('forgets prior values after a completed revert, so a later apply reads the group afresh', async () => {
    ddbMock.on(UpdateCommand).resolves({ Attributes: { direction: 'revert', status: 'done', prior: { min: 2, max: 6, desired: 3 } } });
    expect(await ledger.claim('222222222222', apply, { token: 't3', state: 'shutdown', now: NOW })).toEqual({ claimed: true, prior: undefined });
    ddbMock.reset();
    ddbMock.on(UpdateCommand).resolves({});
    await ledger.complete('222222222222', { ...apply, direction: 'revert', from: '0/0/0', to: 'recorded size' }, 't3', { outcome: 'applied' }, NOW);
    expect(ddbMock.commandCalls(UpdateCommand)[0].args[0].input.UpdateExpression).toContain('REMOVE #prior');
  });

  it('writes prior values and results only while holding the intent', async () => {
    ddbMock.on(UpdateCommand).resolves({});
    await ledger.remember('222222222222', apply, 't1', { min: 2, max: 6, desired: 3 });
    await ledger.fail('222222222222', apply, 't1', 'AccessDenied', NOW);
    for (const call of ddbMock.commandCalls(UpdateCommand)) {
      expect(call.args[0].input).toMatchObject({ ConditionExpression: '#token = :token', ExpressionAttributeValues: expect.objectContaining({ ':token': 't1' }) });
    }
  });

  it('accepts a state event unless a newer one was acted on (times compared in UTC)', async () => {
    ddbMock.on(PutCommand).resolvesOnce({}).rejectsOnce(conditionFailed());
    expect(await ledger.advanceState('222222222222', '2026-11', 'critical', '2026-11-10T13:00:00+01:00', 'e1')).toBe(true);
    expect(await ledger.advanceState('222222222222', '2026-11', 'over', '2026-11-09T00:00:00Z', 'e0')).toBe(false);
    const input = ddbMock.commandCalls(PutCommand)[0].args[0].input;
    expect(input.Item).toMatchObject({ pk: 'ACCOUNT#222222222222', sk: 'ENFORCED#2026-11', state: 'critical', at: '2026-11-10T12:00:00.000Z' });
    expect(input.ConditionExpression).toBe('attribute_not_exists(pk) OR #at <= :at');
  });

  it('reads the month\'s records page by page; completed reverts are no longer active', async () => {
    ddbMock.on(QueryCommand)
      .resolvesOnce({ Items: [{ kind: 'scale-to-zero', target: 'web', region: 'us-east-1', month: '2026-11', posture: '0/0/0', direction: 'apply', status: 'done' }], LastEvaluatedKey: { pk: 'x', sk: 'y' } })
      .resolvesOnce({ Items: [
        { kind: 'detach-policy', target: 'user/u:P', region: null, month: '2026-11', posture: 'detached', direction: 'revert', status: 'done' },
        { kind: 'attach-lockdown', target: 'role/r', region: null, month: '2026-11', posture: 'budget-guardrails-lockdown-critical', direction: 'apply', status: 'failed' },
      ] });
    const records = await ledger.records('222222222222', '2026-11');
    expect(records).toHaveLength(3);
    expect(ddbMock.commandCalls(QueryCommand)[0].args[0].input.ExpressionAttributeValues).toEqual({ ':pk': 'ACCOUNT#222222222222', ':prefix': 'ACTION#2026-11#' });
    expect(activePostures(records)).toEqual([
      { kind: 'scale-to-zero', target: 'web', region: 'us-east-1', posture: '0/0/0', month: '2026-11', pending: false },
      { kind: 'attach-lockdown', target: 'role/r', posture: 'budget-guardrails-lockdown-critical', month: '2026-11', pending: true },
    ]);
  });
});
