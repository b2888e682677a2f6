import { TerraformStack, Testing } from 'cdktf';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Catalog } from '../../../core/catalog/types';
import { GuardrailFunction } from '../../../modules/function/guardrail-function';
import { guardrailProvider } from '../../../modules/stacks/providers';
import { shippedCatalog } from '../../support/catalog';

const FIXTURE = '__tests__/fixtures/functions/echo/handler.ts';
const OPS = 'arn:aws:sns:us-east-1:111111111111:budget-guardrails-ops';

type Synth = { resource: Record<string, Record<string, Record<string, unknown>>> };

function synthFunction(catalog: Catalog): { json: Synth; outdir: string; fn: GuardrailFunction } {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'fn');
  guardrailProvider(stack, 'aws', { region: 'us-east-1', sessionName: 't', tags: {}, options: { planMode: 'offline-plan' } });
  const fn = new GuardrailFunction(stack, 'evaluator', {
    name: 'evaluator',
    org: catalog.org,
    statements: [{ Sid: 'Own', Effect: 'Allow', Action: ['ce:GetCostAndUsage'], Resource: ['*'] }],
    environment: { GUARDRAILS_TABLE: 'budget-guardrails' },
    opsTopicArn: OPS,
    entry: FIXTURE,
  });
  const json = JSON.parse(Testing.synth(stack)) as Synth;
  app.synth();
  return { json, outdir: app.outdir, fn };
}

const only = (json: Synth, type: string) => {
  const all = Object.values(json.resource[type] ?? {});
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
};

describe('GuardrailFunction', () => {
  let first: ReturnType<typeof synthFunction>;
  let second: ReturnType<typeof synthFunction>;
  beforeAll(async () => {
    const catalog = await shippedCatalog();
    first = synthFunction(catalog);
    second = synthFunction(catalog);
  });

  it('runs the bundled handler on Node.js 22, arm64, with the bundle hash as source_code_hash', () => {
    const lambda = only(first.json, 'aws_lambda_function');
    expect(lambda).toMatchObject({
      function_name: 'budget-guardrails-evaluator',
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      handler: 'index.handler',
      source_code_hash: first.fn.bundle.sourceCodeHash,
      memory_size: 256,
      timeout: 60,
      environment: { variables: { GUARDRAILS_TABLE: 'budget-guardrails', NODE_OPTIONS: '--enable-source-maps' } },
    });
    expect(lambda.filename).toContain(first.fn.bundle.sha256);
    expect(existsSync(path.join(first.outdir, 'stacks', 'fn', lambda.filename as string))).toBe(true);
  });

  it('gives the same asset hash and the same Terraform when synthesized twice', () => {
    expect(second.fn.asset.assetHash).toBe(first.fn.asset.assetHash);
    expect(second.json).toEqual(first.json);
  });

  it('creates the log group with retention before the function, and the role policy too', () => {
    expect(only(first.json, 'aws_cloudwatch_log_group')).toMatchObject({ name: '/aws/lambda/budget-guardrails-evaluator', retention_in_days: 30 });
    const dependsOn = only(first.json, 'aws_lambda_function').depends_on as string[];
    expect(dependsOn).toEqual(expect.arrayContaining([
      expect.stringMatching(/^aws_cloudwatch_log_group\./), expect.stringMatching(/^aws_iam_role_policy\./),
    ]));
  });

  it('retries asynchronous events, then sends them to its own dead-letter queue', () => {
    const config = only(first.json, 'aws_lambda_function_event_invoke_config');
    expect(config).toMatchObject({ maximum_retry_attempts: 2, maximum_event_age_in_seconds: 3600 });
    expect((config.destination_config as { on_failure: { destination: string } }).on_failure.destination).toMatch(/^\$\{aws_sqs_queue\..*\.arn\}$/);
    expect(only(first.json, 'aws_sqs_queue')).toMatchObject({ name: 'budget-guardrails-evaluator-dlq', sqs_managed_sse_enabled: true });
    const queuePolicy = JSON.parse(only(first.json, 'aws_sqs_queue_policy').policy as string);
    expect(queuePolicy.Statement[0]).toMatchObject({ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::111111111111:role/budget-guardrails-evaluator'] } });
  });

  it('has a role with the fixed name, trusted by Lambda in the hub account only, with its declared permissions plus logs and DLQ', () => {
    const role = only(first.json, 'aws_iam_role');
    expect(role.name).toBe('budget-guardrails-evaluator');
    expect(JSON.parse(role.assume_role_policy as string).Statement).toEqual([{
      Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
    }]);
    const policy = JSON.parse(only(first.json, 'aws_iam_role_policy').policy as string);
    expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['OwnLogs', 'OwnDeadLetterQueue', 'Own']);
    expect(policy.Statement[0].Resource).toEqual(['arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/budget-guardrails-evaluator:*']);
    expect(policy.Statement[1].Resource).toEqual(['arn:aws:sqs:us-east-1:111111111111:budget-guardrails-evaluator-dlq']);
  });

  it('alarms the ops topic on function errors and on dead letters', () => {
    const alarms = Object.values(first.json.resource.aws_cloudwatch_metric_alarm);
    expect(alarms.map((a) => [a.alarm_name, a.namespace, a.metric_name, a.alarm_actions]).sort()).toEqual([
      ['budget-guardrails-evaluator-dlq-not-empty', 'AWS/SQS', 'ApproximateNumberOfMessagesVisible', [OPS]],
      ['budget-guardrails-evaluator-errors', 'AWS/Lambda', 'Errors', [OPS]],
    ]);
  });
});
