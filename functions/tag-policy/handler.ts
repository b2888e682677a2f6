/**
 * Tag policy function: the hourly schedule scans every account with a tag policy; a forwarded
 * EC2 `running` state change checks that one instance. Parses the event, then hands over to
 * run.ts with clients created once per container.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { CLIENT_DEFAULTS } from '../aws/clients';
import { readEnv } from '../shared/env';
import { createTagPolicyDeps } from './deps';
import { RunResult, TagPolicyDeps, runForInstance, runScheduled } from './run';
import { RejectedEvent, parseTrigger } from './trigger';

interface Runtime {
  readonly deps: TagPolicyDeps;
  readonly sns: SNSClient;
  readonly opsTopicArn: string;
}

let runtime: Runtime | undefined;

function createRuntime(): Runtime {
  const env = readEnv(['table', 'busName', 'opsTopicArn']);
  return {
    deps: createTagPolicyDeps(env, () => new Date()),
    sns: new SNSClient(CLIENT_DEFAULTS),
    opsTopicArn: env.opsTopicArn,
  };
}

/** A rejected event is reported to the operators and not retried: retrying cannot make it valid. */
async function reportRejection(rt: Runtime, reason: string, event: unknown): Promise<RunResult> {
  console.error(JSON.stringify({ level: 'error', message: 'tag-policy event rejected', reason, event }));
  await rt.sns.send(new PublishCommand({
    TopicArn: rt.opsTopicArn,
    Subject: 'budget-guardrails: tag-policy rejected an event',
    Message: `${reason}\n\n${JSON.stringify(event, null, 2).slice(0, 200_000)}`,
  }));
  return { reports: [], ignored: reason };
}

export async function handler(event: unknown): Promise<RunResult> {
  const rt = (runtime ??= createRuntime());
  try {
    const trigger = parseTrigger(event);
    if (trigger.kind === 'ignored') return { reports: [], ignored: trigger.reason };
    if (trigger.kind === 'schedule') return await runScheduled(rt.deps);
    return await runForInstance(rt.deps, trigger);
  } catch (error) {
    if (error instanceof RejectedEvent) return reportRejection(rt, error.message, event);
    throw error;
  }
}

/** Tests start each case from a fresh container. */
export function resetRuntimeForTests(): void {
  runtime = undefined;
}
