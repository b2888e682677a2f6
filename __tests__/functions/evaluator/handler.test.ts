import { CostExplorerClient, GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { shippedCatalog } from '../../support/catalog';
import { AnyStub, FakeTable } from './fake-table';
import { ENV, HUB } from './support';

describe('evaluator Lambda entry', () => {
  const saved = { ...process.env };
  afterAll(() => { process.env = saved; });

  it('builds its clients from the hub environment and runs one org-wide evaluation', async () => {
    process.env = { ...saved, ...ENV };
    const ce = mockClient(CostExplorerClient);
    mockClient(EventBridgeClient);
    const sns = mockClient(SNSClient);
    const table = new FakeTable(mockClient(DynamoDBDocumentClient) as unknown as AnyStub);
    const catalog = await shippedCatalog();
    table.seedCatalog(catalog.org, catalog.accounts);
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [] });

    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const { handler } = await import('../../../functions/evaluator/handler');
    const result = await handler({
      version: '0', id: 'x', 'detail-type': 'Scheduled Event', source: 'aws.events', account: HUB,
      time: new Date().toISOString(), region: 'us-east-1', resources: [], detail: {},
    });

    expect(result).toMatchObject({ status: 'evaluated', trigger: 'schedule', costData: 'none' });
    expect(ce.commandCalls(GetCostAndUsageCommand)).toHaveLength(1);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('"status":"evaluated"'));
    log.mockRestore();
  });

  it('fails loudly naming the missing environment', async () => {
    const { buildEvaluatorDeps } = await import('../../../functions/evaluator/handler');
    expect(() => buildEvaluatorDeps({})).toThrow(/GUARDRAILS_TABLE.*set by the hub stack/);
  });
});
