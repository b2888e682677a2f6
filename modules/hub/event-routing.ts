import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { Construct } from 'constructs';
import type { OrgSettings } from '../../core/catalog/types';
import { FunctionName, PROJECT } from '../../core/naming/resources';
import { DeadLetterQueue } from '../function/dead-letter-queue';
import type { GuardrailFunction } from '../function/guardrail-function';
import { Route, ruleArn, ruleName } from './routes';

export interface TargetRetry {
  /** @default 8 */
  readonly maximumRetryAttempts?: number;
  /** @default 3600 */
  readonly maximumEventAgeSeconds?: number;
}

export interface EventRoutingProps {
  readonly org: OrgSettings;
  readonly routes: readonly Route[];
  readonly functions: ReadonlyMap<FunctionName, GuardrailFunction>;
  /** The hub bus resource (pattern rules depend on it existing). */
  readonly busName: string;
  readonly opsTopicArn: string;
  readonly retry?: TargetRetry;
}

/**
 * One rule per route; each target has a retry policy and its own dead-letter queue that only
 * that rule may send to, and each Lambda permission is scoped to the rule's ARN.
 */
export class EventRouting extends Construct {
  readonly rules: ReadonlyMap<string, CloudwatchEventRule>;
  readonly deadLetters: ReadonlyMap<string, DeadLetterQueue>;

  constructor(scope: Construct, id: string, props: EventRoutingProps) {
    super(scope, id);
    const { org } = props;
    const rules = new Map<string, CloudwatchEventRule>();
    const deadLetters = new Map<string, DeadLetterQueue>();
    for (const route of props.routes) {
      if ((route.pattern === undefined) === (route.schedule === undefined)) {
        throw new Error(`route "${route.id}" needs exactly one of pattern or schedule`);
      }
      const rule = new CloudwatchEventRule(this, route.id, {
        name: ruleName(route),
        description: route.description,
        // Scheduled rules run only on the default bus; patterns match on the hub bus.
        eventBusName: route.schedule ? undefined : props.busName,
        scheduleExpression: route.schedule,
        eventPattern: route.pattern ? JSON.stringify(route.pattern) : undefined,
      });
      rules.set(route.id, rule);
      for (const target of route.targets) {
        const fn = props.functions.get(target);
        if (!fn) throw new Error(`route "${route.id}" targets ${target}, which the hub does not create`);
        const key = `${route.id}-${target}`;
        const dlq = new DeadLetterQueue(this, `${key}-dlq`, {
          org,
          queueName: `${PROJECT}-${key}-dlq`,
          senders: { service: { principal: 'events.amazonaws.com', sourceArn: ruleArn(org, route) } },
          alarmTopicArn: props.opsTopicArn,
        });
        deadLetters.set(key, dlq);
        new LambdaPermission(this, `${key}-invoke`, {
          statementId: `events-${route.id}`,
          action: 'lambda:InvokeFunction',
          functionName: fn.fn.functionName,
          principal: 'events.amazonaws.com',
          sourceArn: rule.arn,
        });
        new CloudwatchEventTarget(this, `${key}-target`, {
          rule: rule.name,
          eventBusName: route.schedule ? undefined : props.busName,
          targetId: target,
          arn: fn.fn.arn,
          deadLetterConfig: { arn: dlq.queue.arn },
          retryPolicy: {
            maximumRetryAttempts: props.retry?.maximumRetryAttempts ?? 8,
            maximumEventAgeInSeconds: props.retry?.maximumEventAgeSeconds ?? 3600,
          },
        });
      }
    }
    this.rules = rules;
    this.deadLetters = deadLetters;
  }
}
