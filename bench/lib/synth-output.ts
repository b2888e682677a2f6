/**
 * Reads what `cdktf synth` wrote (stacks/<name>/cdk.tf.json and assets) and summarises it: resource
 * counts by type, sizes, and the facts the cost model prices (functions with their memory,
 * what triggers them, alarms, queues, topics, table items). Nothing here is assumed: a resource
 * that is not in the synthesized JSON is not counted.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

type Resources = Record<string, Record<string, Record<string, unknown>>>;

export interface FunctionFacts {
  readonly functionName: string;
  readonly memoryMb: number;
  readonly architecture: string;
  readonly timeoutS: number;
}

/** What starts a function: a schedule (with its expression) or an event pattern. */
export interface TriggerFacts {
  readonly functionName: string;
  readonly via: 'event-rule' | 'scheduler';
  readonly scheduleExpression?: string;
  readonly detailTypes?: readonly string[];
  readonly sources?: readonly string[];
  /** For alarm rules: the alarm states the pattern lets through (undefined: every state). */
  readonly alarmStates?: readonly string[];
  /** For EC2 state-change rules: the instance states the pattern lets through (undefined: every state). */
  readonly ec2States?: readonly string[];
}

export interface StackSummary {
  readonly name: string;
  readonly jsonBytes: number;
  readonly resourceCounts: Record<string, number>;
}

export interface SynthSummary {
  readonly stacks: number;
  readonly totalBytes: number;
  readonly jsonBytes: number;
  readonly assetBytes: number;
  readonly hub: StackSummary | null;
  /** Resource counts summed over every member stack. */
  readonly memberResourceCounts: Record<string, number>;
  readonly resourceCounts: Record<string, number>;
  readonly functions: readonly FunctionFacts[];
  readonly triggers: readonly TriggerFacts[];
  /** Metric alarms in member stacks whose namespace is AWS/Billing. */
  readonly memberBillingAlarms: number;
  readonly hubAlarms: number;
  /** Member forwarding rules by the detail-type they match (e.g. one per workload region for EC2). */
  readonly memberRulesByDetailType: Record<string, number>;
  /** Email subscriptions and topics in the hub (SNS). */
  readonly hubEmailSubscriptions: number;
  readonly hubTopics: number;
  /** Zipped function archives found among the synthesized assets, by file name. */
  readonly assetArchives: readonly { readonly path: string; readonly bytes: number }[];
}

function folderBytes(dir: string, onFile?: (file: string, bytes: number) => void): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += folderBytes(full, onFile);
    else if (entry.isFile()) {
      const bytes = statSync(full).size;
      onFile?.(full, bytes);
      total += bytes;
    }
  }
  return total;
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/** `${aws_lambda_function.evaluator_fn_123.arn}` → `evaluator_fn_123`. */
export function referencedId(value: unknown, type: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  return new RegExp(`\\$\\{${type}\\.([\\w-]+)\\.`).exec(value)?.[1];
}

const asStrings = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : undefined;

function parsePattern(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(value) as Record<string, unknown>;
  } catch {
    return undefined; // a Terraform expression rather than literal JSON
  }
}

export function functionsOf(resources: Resources): Map<string, FunctionFacts> {
  const out = new Map<string, FunctionFacts>();
  for (const [id, fn] of Object.entries(resources.aws_lambda_function ?? {})) {
    out.set(id, {
      functionName: String(fn.function_name ?? id),
      memoryMb: Number(fn.memory_size ?? 128),
      architecture: String((fn.architectures as string[] | undefined)?.[0] ?? 'x86_64'),
      timeoutS: Number(fn.timeout ?? 3),
    });
  }
  return out;
}

export function triggersOf(resources: Resources): TriggerFacts[] {
  const functions = functionsOf(resources);
  const triggers: TriggerFacts[] = [];
  const rules = resources.aws_cloudwatch_event_rule ?? {};
  for (const target of Object.values(resources.aws_cloudwatch_event_target ?? {})) {
    const fn = functions.get(referencedId(target.arn, 'aws_lambda_function') ?? '');
    const rule = rules[referencedId(target.rule, 'aws_cloudwatch_event_rule') ?? ''];
    if (!fn || !rule) continue;
    const pattern = parsePattern(rule.event_pattern);
    const state = (pattern?.detail as { state?: unknown } | undefined)?.state;
    const alarmState = (state as { value?: unknown } | undefined)?.value;
    triggers.push({
      functionName: fn.functionName,
      via: 'event-rule',
      scheduleExpression: typeof rule.schedule_expression === 'string' ? rule.schedule_expression : undefined,
      detailTypes: asStrings(pattern?.['detail-type']),
      sources: asStrings(pattern?.source),
      alarmStates: Array.isArray(state) ? undefined : asStrings(alarmState),
      ec2States: Array.isArray(state) ? asStrings(state) : undefined,
    });
  }
  for (const schedule of Object.values(resources.aws_scheduler_schedule ?? {})) {
    const target = (Array.isArray(schedule.target) ? schedule.target[0] : schedule.target) as Record<string, unknown> | undefined;
    const fn = functions.get(referencedId(target?.arn, 'aws_lambda_function') ?? '');
    if (!fn || typeof schedule.schedule_expression !== 'string') continue;
    triggers.push({ functionName: fn.functionName, via: 'scheduler', scheduleExpression: schedule.schedule_expression });
  }
  return triggers;
}

const isBillingAlarm = (alarm: Record<string, unknown>) =>
  alarm.namespace === 'AWS/Billing'
  || (Array.isArray(alarm.metric_query) && JSON.stringify(alarm.metric_query).includes('AWS/Billing'));

export function summarizeSynthOutput(outdir: string): SynthSummary {
  const stacksDir = path.join(outdir, 'stacks');
  const stackNames = readdirSync(stacksDir).filter((n) => statSync(path.join(stacksDir, n)).isDirectory()).sort();
  const memberResourceCounts: Record<string, number> = {};
  const resourceCounts: Record<string, number> = {};
  let hub: StackSummary | null = null;
  let functions: FunctionFacts[] = [];
  let triggers: TriggerFacts[] = [];
  let jsonBytes = 0;
  let memberBillingAlarms = 0;
  let hubAlarms = 0;
  let hubEmailSubscriptions = 0;
  let hubTopics = 0;
  const memberRulesByDetailType: Record<string, number> = {};
  for (const name of stackNames) {
    const file = path.join(stacksDir, name, 'cdk.tf.json');
    const text = readFileSync(file, 'utf8');
    jsonBytes += text.length;
    const resources = (JSON.parse(text) as { resource?: Resources }).resource ?? {};
    const counts = Object.fromEntries(Object.entries(resources).map(([type, byId]) => [type, Object.keys(byId).length]));
    addCounts(resourceCounts, counts);
    const alarms = Object.values(resources.aws_cloudwatch_metric_alarm ?? {});
    if (name === 'hub') {
      hub = { name, jsonBytes: text.length, resourceCounts: counts };
      functions = [...functionsOf(resources).values()];
      triggers = triggersOf(resources);
      hubAlarms = alarms.length;
      hubTopics = Object.keys(resources.aws_sns_topic ?? {}).length;
      hubEmailSubscriptions = Object.values(resources.aws_sns_topic_subscription ?? {}).filter((s) => s.protocol === 'email').length;
    } else {
      for (const rule of Object.values(resources.aws_cloudwatch_event_rule ?? {})) {
        for (const type of asStrings(parsePattern(rule.event_pattern)?.['detail-type']) ?? ['(no detail-type)']) {
          memberRulesByDetailType[type] = (memberRulesByDetailType[type] ?? 0) + 1;
        }
      }
      addCounts(memberResourceCounts, counts);
      memberBillingAlarms += alarms.filter(isBillingAlarm).length;
    }
  }
  const assetArchives: { path: string; bytes: number }[] = [];
  const totalBytes = folderBytes(outdir, (file, bytes) => {
    if (file.endsWith('.zip')) assetArchives.push({ path: path.relative(outdir, file), bytes });
  });
  const assetBytes = assetArchives.reduce((s, a) => s + a.bytes, 0);
  return {
    stacks: stackNames.length, totalBytes, jsonBytes, assetBytes, hub, memberResourceCounts, resourceCounts,
    functions, triggers, memberBillingAlarms, hubAlarms, memberRulesByDetailType, hubEmailSubscriptions, hubTopics, assetArchives,
  };
}
