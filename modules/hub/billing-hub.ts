import { Construct } from 'constructs';
import type { Catalog } from '../../core/catalog/types';
import { FUNCTION_NAMES, FunctionName, functionRoleArn } from '../../core/naming/resources';
import { GuardrailFunction } from '../function/guardrail-function';
import { HubBus } from './bus';
import { HubEmail } from './email';
import { functionEnvironment } from './environment';
import { EventRouting, TargetRetry } from './event-routing';
import { FUNCTION_PERMISSIONS } from './function-permissions';
import { hubRoutes } from './routes';
import { HubScheduler } from './scheduler';
import { HubTable } from './table';
import { HubTopics, topicKeyUse } from './topics';

export interface BillingHubProps {
  readonly catalog: Catalog;
  /**
   * Days the bus archive keeps events for replay.
   * @default 30
   */
  readonly archiveRetentionDays?: number;
  /**
   * Deletion protection on the hub table.
   * @default true
   */
  readonly tableDeletionProtection?: boolean;
  /**
   * Retries and maximum event age of every EventBridge target before its dead-letter queue.
   * @default { maximumRetryAttempts: 8, maximumEventAgeSeconds: 3600 }
   */
  readonly targetRetry?: TargetRetry;
  /**
   * Where each function's handler module lives (relative to the project root, or absolute).
   * @default `functions/<name>/handler.ts`
   */
  readonly handlerEntry?: (name: FunctionName) => string;
}

/**
 * The billing hub (docs/architecture.md): the org-only bus and its archive, the rules that route
 * events and schedules to the six guardrail functions, the table holding the catalog as data,
 * the owners' and ops topics, the SES identity, and the scheduler group and role.
 */
/**
 * Timeouts follow what each function waits for: the runtime meter may wait up to its schedule lead
 * (30 s) for an exhaustion instant and then reconciles; enforcer and reset walk many accounts with
 * bounded concurrency; everything else is one short pass.
 */
const FUNCTION_SIZING: Record<FunctionName, { readonly timeoutSeconds: number; readonly memorySize: number }> = {
  evaluator: { timeoutSeconds: 120, memorySize: 256 },
  enforcer: { timeoutSeconds: 300, memorySize: 512 },
  notifier: { timeoutSeconds: 60, memorySize: 256 },
  'runtime-meter': { timeoutSeconds: 120, memorySize: 256 },
  'tag-policy': { timeoutSeconds: 300, memorySize: 256 },
  reset: { timeoutSeconds: 900, memorySize: 512 },
};

export class BillingHub extends Construct {
  readonly bus: HubBus;
  readonly table: HubTable;
  readonly topics: HubTopics;
  readonly email: HubEmail;
  readonly scheduler: HubScheduler;
  readonly functions: ReadonlyMap<FunctionName, GuardrailFunction>;
  readonly routing: EventRouting;

  constructor(scope: Construct, id: string, props: BillingHubProps) {
    super(scope, id);
    const { org, accounts } = props.catalog;
    const environment = functionEnvironment(org);
    this.topics = new HubTopics(this, 'topics', {
      org,
      accounts,
      publisherRoleArns: FUNCTION_NAMES.map((name) => functionRoleArn(org, name)),
    });
    const opsTopic = this.topics.ops.arn;

    this.bus = new HubBus(this, 'bus', { org, accounts, archiveRetentionDays: props.archiveRetentionDays });
    this.table = new HubTable(this, 'table', { org, accounts, deletionProtection: props.tableDeletionProtection });
    this.email = new HubEmail(this, 'email', { org });
    this.scheduler = new HubScheduler(this, 'scheduler', { org });

    const functions = new Map<FunctionName, GuardrailFunction>();
    for (const name of FUNCTION_NAMES) {
      functions.set(name, new GuardrailFunction(this, name, {
        name,
        org,
        statements: [...FUNCTION_PERMISSIONS[name]({ org, accounts }), topicKeyUse(org)],
        environment,
        opsTopicArn: opsTopic,
        entry: props.handlerEntry?.(name),
        ...FUNCTION_SIZING[name],
      }));
    }
    this.functions = functions;

    this.topics.attachPolicies([...functions.values()].map((f) => f.role));

    this.routing = new EventRouting(this, 'routing', {
      org,
      routes: hubRoutes(org),
      functions,
      busName: this.bus.bus.name,
      opsTopicArn: opsTopic,
      retry: props.targetRetry,
    });
  }
}
