import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Aspects, Lazy } from 'cdktf';
import { Construct } from 'constructs';
import type { Catalog } from '../../core/catalog/types';
import { FUNCTION_NAMES, FunctionName, functionRoleArn } from '../../core/naming/resources';
import { formatIssue } from '../../core/catalog/errors';
import { APPROVAL_URL_ENV } from '../../core/naming/env';
import { GuardrailFunction } from '../function/guardrail-function';
import { limitIssuesOf } from '../limits/synth-limits';
import { LockdownScps } from '../member/lockdown-scp';
import { ApprovalEndpoint } from './approval-endpoint';
import { HubBus } from './bus';
import { ChatNotifications, chatProviderProblem } from './chat';
import { HubEmail } from './email';
import { UseProvider, defaultAwsProvider, hubProviderProblems } from './hub-provider';
import { functionEnvironment } from './environment';
import { EventRouting, TargetRetry } from './event-routing';
import { FUNCTION_PERMISSIONS } from './function-permissions';
import { hubRoutes } from './routes';
import { HubScheduler } from './scheduler';
import { HubTable } from './table';
import { HubTopics, topicKeyUse } from './topics';

export interface BillingHubProps {
  /** The loaded catalog (`loadCatalog`): org settings and every member account. */
  readonly catalog: Catalog;
  /**
   * The payer account's AWS provider; every AWS resource of the hub uses it. A region or allowed
   * account ids given as plain values must match `hubRegion` and `hubAccountId` in org.ts
   * (checked at synth), because member accounts trust ARNs derived from those.
   * @default the stack's default AWS provider (checked the same way when the app synthesizes)
   */
  readonly provider?: AwsProvider;
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
   * A handler module of your own per function (relative to the package root, or absolute),
   * bundled with esbuild at synth time instead of the prebuilt bundle.
   * @default the prebuilt bundles the package ships (dist/bundles/)
   */
  readonly handlerEntry?: (name: FunctionName) => string;
  /**
   * A provider for the payer account in `chat.region` of org.ts, for the AWS Chatbot configuration
   * (the Chatbot API is served only from us-east-2, us-west-2, eu-west-1 and ap-southeast-1).
   * Required when org.ts sets `chat` in a region other than the hub's; HubStack passes one.
   * @default the hub's provider (when `chat.region` is the hub region)
   */
  readonly chatProvider?: AwsProvider;
}

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
  approvals: { timeoutSeconds: 15, memorySize: 256 },
};

/** The approval endpoint is public: cap what a flood of requests can cost or take from the account's concurrency. */
const APPROVALS_RESERVED_CONCURRENCY = 5;

/**
 * The billing hub (docs/architecture.md, docs/hub.md): the org-only bus and its archive, the rules
 * that route events and schedules to the guardrail functions, the approval endpoint, the table holding the catalog as
 * data, the owners' and ops topics, the SES identity, the scheduler group and role, and the
 * lockdown service control policies the enforcer attaches. One `new` into the payer account's
 * stack is the whole hub.
 */
export class BillingHub extends Construct {
  readonly bus: HubBus;
  readonly table: HubTable;
  readonly topics: HubTopics;
  readonly email: HubEmail;
  readonly scheduler: HubScheduler;
  readonly functions: ReadonlyMap<FunctionName, GuardrailFunction>;
  readonly routing: EventRouting;
  /** The Slack / Microsoft Teams channel of org.ts `chat`, when set. */
  readonly chat?: ChatNotifications;
  /** One SCP per state for each account with `lockdownOn.via: 'scp'` (AWS Organizations lives in the payer account). */
  readonly lockdownScps: LockdownScps;
  /** The approval links' function URL and HMAC key. */
  readonly approvals: ApprovalEndpoint;

  constructor(scope: Construct, id: string, props: BillingHubProps) {
    super(scope, id);
    const { org, accounts } = props.catalog;
    const chatProblem = chatProviderProblem(org, props.chatProvider);
    if (chatProblem) throw new Error(chatProblem);
    this.placeInPayerAccount(props);
    const environment = functionEnvironment(org);
    this.topics = new HubTopics(this, 'topics', {
      org,
      publisherRoleArns: FUNCTION_NAMES.map((name) => functionRoleArn(org, name)),
    });
    const opsTopic = this.topics.ops.arn;

    this.bus = new HubBus(this, 'bus', { org, accounts, archiveRetentionDays: props.archiveRetentionDays });
    this.table = new HubTable(this, 'table', { org, accounts, deletionProtection: props.tableDeletionProtection });
    this.email = new HubEmail(this, 'email', { org });
    this.scheduler = new HubScheduler(this, 'scheduler', { org });

    const functions = new Map<FunctionName, GuardrailFunction>();
    // The notifier puts the approval endpoint's URL (known after apply) in its links.
    const approvalUrl: { value?: string } = {};
    const notifierEnvironment = { ...environment, [APPROVAL_URL_ENV]: Lazy.stringValue({ produce: () => approvalUrl.value }) };
    for (const name of FUNCTION_NAMES) {
      functions.set(name, new GuardrailFunction(this, name, {
        name,
        org,
        statements: [...FUNCTION_PERMISSIONS[name]({ org, accounts }), topicKeyUse(org)],
        environment: name === 'notifier' ? notifierEnvironment : environment,
        opsTopicArn: opsTopic,
        entry: props.handlerEntry?.(name),
        ...(name === 'approvals' ? { reservedConcurrentExecutions: APPROVALS_RESERVED_CONCURRENCY } : {}),
        ...FUNCTION_SIZING[name],
      }));
    }
    this.functions = functions;
    this.approvals = new ApprovalEndpoint(this, 'approval-endpoint', { org, fn: functions.get('approvals')! });
    approvalUrl.value = this.approvals.url.functionUrl;

    this.topics.attachPolicies([...functions.values()].map((f) => f.role));

    this.routing = new EventRouting(this, 'routing', {
      org,
      routes: hubRoutes(org),
      functions,
      busName: this.bus.bus.name,
      opsTopicArn: opsTopic,
      retry: props.targetRetry,
    });

    this.lockdownScps = new LockdownScps(this, 'lockdown-scps', { catalog: props.catalog });
    // Wherever it is composed, its documents are measured against AWS's limits when the app synthesizes.
    this.node.addValidation({ validate: () => limitIssuesOf(this, undefined).map(formatIssue) });

    if (org.chat) {
      const topicArns = { notifications: this.topics.notifications.arn, ops: this.topics.ops.arn };
      this.chat = new ChatNotifications(this, 'chat', {
        chat: org.chat, topicArns: org.chat.topics.map((t) => topicArns[t]), provider: props.chatProvider,
      });
    }
  }

  /** The given provider for every AWS resource, or the stack's default one; either checked against org.ts. */
  private placeInPayerAccount(props: BillingHubProps): void {
    const { org } = props.catalog;
    if (props.provider) {
      const problems = hubProviderProblems(props.provider, org);
      if (problems.length > 0) throw new Error(problems.join('\n'));
      Aspects.of(this).add(new UseProvider(props.provider));
      return;
    }
    this.node.addValidation({
      validate: () => {
        const provider = defaultAwsProvider(this);
        return provider ? hubProviderProblems(provider, org)
          : [`BillingHub: the stack has no default AWS provider; create one for the payer account (${org.hubAccountId}) in ${org.hubRegion}, or pass it as BillingHub's provider`];
      },
    });
  }
}
