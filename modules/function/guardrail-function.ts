import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import type { OrgSettings } from '../../core/catalog/types';
import { PolicyStatement, policyDocument } from '../../core/iam/policy';
import { FunctionName, functionName, functionRoleArn, functionRoleName } from '../../core/naming/resources';
import { BUNDLE_HANDLER, Bundle, bundleHandler } from './bundle';
import { DeadLetterQueue } from './dead-letter-queue';
import { prebuiltBundle } from './prebuilt';

export const LAMBDA_RUNTIME = 'nodejs22.x';
export const LAMBDA_ARCHITECTURE = 'arm64';

export interface GuardrailFunctionProps {
  /** One of FUNCTION_NAMES; fixes the function, role and log group names. */
  readonly name: FunctionName;
  readonly org: OrgSettings;
  /** The function's own permissions (functions/<name>/permissions.ts); logs and DLQ access are added here. */
  readonly statements: readonly PolicyStatement[];
  /** Environment variables (the hub sets every FUNCTION_ENV key). */
  readonly environment: Readonly<Record<string, string>>;
  /** Topic the error and dead-letter alarms notify. */
  readonly opsTopicArn: string;
  /**
   * A handler module of your own (relative to the package root, or absolute), bundled with esbuild
   * at synth time. Without it the function runs the prebuilt bundle the package ships
   * (dist/bundles/), and synth runs no bundler.
   * @default the prebuilt bundle of `name`
   */
  readonly entry?: string;
  /** @default 256 */
  readonly memorySize?: number;
  /** @default 60 */
  readonly timeoutSeconds?: number;
  /**
   * Retries of a failed asynchronous invocation (EventBridge targets) before it goes to the DLQ.
   * @default 2
   */
  readonly maximumRetryAttempts?: number;
  /**
   * Age after which an undelivered asynchronous event goes to the DLQ.
   * @default 3600
   */
  readonly maximumEventAgeSeconds?: number;
  /**
   * Concurrency reserved for (and limiting) the function.
   * @default none (the account's unreserved pool)
   */
  readonly reservedConcurrentExecutions?: number;
  /** @default org.logRetentionDays */
  readonly logRetentionDays?: number;
}

const DEFAULTS = { memorySize: 256, timeoutSeconds: 60, maximumRetryAttempts: 2, maximumEventAgeSeconds: 3600 } as const;

/** The statements every guardrail function gets besides its own: its log group and its DLQ. */
export function baseStatements(org: OrgSettings, name: FunctionName, dlqArn: string): PolicyStatement[] {
  const logGroup = `arn:aws:logs:${org.hubRegion}:${org.hubAccountId}:log-group:${logGroupName(name)}`;
  return [
    { Sid: 'OwnLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [`${logGroup}:*`] },
    { Sid: 'OwnDeadLetterQueue', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [dlqArn] },
  ];
}

export const logGroupName = (name: FunctionName) => `/aws/lambda/${functionName(name)}`;

/**
 * A hub Lambda function: its prebuilt deterministic bundle as the asset, Node.js 22 on
 * arm64, its own role (fixed name, so member roles can trust it before it exists), a log group
 * with retention created first, asynchronous retries with an SQS dead-letter queue, and alarms on
 * errors and on the queue's depth.
 */
export class GuardrailFunction extends Construct {
  readonly fn: LambdaFunction;
  readonly role: IamRole;
  readonly rolePolicy: IamRolePolicy;
  readonly logGroup: CloudwatchLogGroup;
  readonly deadLetter: DeadLetterQueue;
  readonly errorsAlarm: CloudwatchMetricAlarm;
  readonly bundle: Bundle;
  readonly asset: TerraformAsset;
  /** The role's inline policy as data (also what Terraform receives). */
  readonly policy: ReturnType<typeof policyDocument>;
  readonly roleArn: string;

  constructor(scope: Construct, id: string, props: GuardrailFunctionProps) {
    super(scope, id);
    const { org, name } = props;
    const fnName = functionName(name);
    this.roleArn = functionRoleArn(org, name);

    this.bundle = props.entry === undefined ? prebuiltBundle(name) : bundleHandler({ entry: props.entry });
    this.asset = new TerraformAsset(this, 'code', { path: this.bundle.zipPath, type: AssetType.FILE, assetHash: this.bundle.sha256 });

    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: logGroupName(name),
      retentionInDays: props.logRetentionDays ?? org.logRetentionDays,
    });

    this.role = new IamRole(this, 'role', {
      name: functionRoleName(name),
      description: `Execution role of ${fnName}; member enforcement roles trust this exact ARN.`,
      assumeRolePolicy: JSON.stringify(policyDocument([{
        Effect: 'Allow',
        Principal: { Service: 'lambda.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': org.hubAccountId } },
      }])),
    });

    this.deadLetter = new DeadLetterQueue(this, 'dlq', {
      org,
      queueName: `${fnName}-dlq`,
      senders: { roleArns: [this.roleArn] },
      alarmTopicArn: props.opsTopicArn,
      dependsOn: [this.role],
    });

    this.policy = policyDocument([...baseStatements(org, name, this.deadLetter.arn), ...props.statements]);
    this.rolePolicy = new IamRolePolicy(this, 'policy', {
      name: fnName,
      role: this.role.name,
      policy: JSON.stringify(this.policy),
    });

    this.fn = new LambdaFunction(this, 'function', {
      functionName: fnName,
      role: this.role.arn,
      runtime: LAMBDA_RUNTIME,
      architectures: [LAMBDA_ARCHITECTURE],
      handler: BUNDLE_HANDLER,
      filename: this.asset.path,
      sourceCodeHash: this.bundle.sourceCodeHash,
      memorySize: props.memorySize ?? DEFAULTS.memorySize,
      timeout: props.timeoutSeconds ?? DEFAULTS.timeoutSeconds,
      ...(props.reservedConcurrentExecutions === undefined ? {} : { reservedConcurrentExecutions: props.reservedConcurrentExecutions }),
      environment: { variables: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' } },
      loggingConfig: { logFormat: 'Text', logGroup: this.logGroup.name },
      dependsOn: [this.logGroup, this.rolePolicy],
    });

    new LambdaFunctionEventInvokeConfig(this, 'async', {
      functionName: this.fn.functionName,
      maximumRetryAttempts: props.maximumRetryAttempts ?? DEFAULTS.maximumRetryAttempts,
      maximumEventAgeInSeconds: props.maximumEventAgeSeconds ?? DEFAULTS.maximumEventAgeSeconds,
      destinationConfig: { onFailure: { destination: this.deadLetter.queue.arn } },
      // Lambda checks the role may send to the destination when the config is created.
      dependsOn: [this.rolePolicy, this.deadLetter.policy],
    });

    this.errorsAlarm = new CloudwatchMetricAlarm(this, 'errors', {
      alarmName: `${fnName}-errors`,
      alarmDescription: `${fnName} failed; see its log group ${logGroupName(name)}.`,
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      dimensions: { FunctionName: this.fn.functionName },
      statistic: 'Sum',
      period: 300,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      treatMissingData: 'notBreaching',
      alarmActions: [props.opsTopicArn],
      okActions: [props.opsTopicArn],
    });
  }
}
