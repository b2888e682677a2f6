/** Shared setup of the evaluator tests: mocked clients, the fake table, events and Cost Explorer pages. */
import type { ResultByTime } from '@aws-sdk/client-cost-explorer';
import { APPROVAL_URL_ENV, FUNCTION_ENV } from '../../../core/naming/env';
import { actualAlarmName } from '../../../core/naming/resources';

export const HUB = '111111111111';
export const NOW = new Date('2026-11-18T12:00:00Z');
export const MONTH = '2026-11';

export const ENV: NodeJS.ProcessEnv = {
  [FUNCTION_ENV.table]: 'budget-guardrails',
  [FUNCTION_ENV.busName]: 'budget-guardrails',
  [FUNCTION_ENV.busArn]: `arn:aws:events:us-east-1:${HUB}:event-bus/budget-guardrails`,
  [FUNCTION_ENV.opsTopicArn]: `arn:aws:sns:us-east-1:${HUB}:budget-guardrails-ops`,
  [FUNCTION_ENV.hubAccountId]: HUB,
  [FUNCTION_ENV.hubRegion]: 'us-east-1',
  [FUNCTION_ENV.organizationId]: 'o-exampleorg1',
  [FUNCTION_ENV.senderEmail]: 'budget-guardrails@example.com',
  [FUNCTION_ENV.sesConfigurationSet]: 'budget-guardrails',
  [FUNCTION_ENV.approvalKeyId]: 'alias/budget-guardrails-approvals',
  [APPROVAL_URL_ENV]: 'https://k3x7q2m9v4.lambda-url.us-east-1.on.aws/',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'secret',
  AWS_REGION: 'us-east-1',
};

/** Days 1..17 of November 2026 (the clock is on the 18th). */
export const DAYS = Array.from({ length: 17 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`);

const next = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** One Cost Explorer page (grouped by LINKED_ACCOUNT and RECORD_TYPE): every listed account has `perDay[id]` of usage on each day. */
export function costPage(perDay: Record<string, number>, days: readonly string[] = DAYS, recordType = 'Usage'): ResultByTime[] {
  return days.map((day) => ({
    TimePeriod: { Start: day, End: next(day) },
    Total: {},
    Estimated: day >= '2026-11-16',
    Groups: Object.entries(perDay).map(([id, usd]) => ({
      Keys: [id, recordType],
      Metrics: { UnblendedCost: { Amount: usd.toFixed(10), Unit: 'USD' } },
    })),
  }));
}

export const scheduleEvent = (account = HUB) => ({
  version: '0', id: 'sched-1', 'detail-type': 'Scheduled Event', source: 'aws.events', account,
  time: NOW.toISOString(), region: 'us-east-1', resources: [`arn:aws:events:us-east-1:${HUB}:rule/budget-guardrails-evaluate`], detail: {},
});

export function alarmEvent(accountId: string, accountName: string, pct: number, opts: { state?: 'ALARM' | 'OK'; alarmName?: string; value?: number } = {}) {
  const alarmName = opts.alarmName ?? actualAlarmName(accountName, pct);
  return {
    version: '0', id: `alarm-${accountId}-${pct}`, 'detail-type': 'CloudWatch Alarm State Change', source: 'aws.cloudwatch',
    account: accountId, time: NOW.toISOString(), region: 'us-east-1',
    resources: [`arn:aws:cloudwatch:us-east-1:${accountId}:alarm:${alarmName}`],
    detail: {
      alarmName,
      state: {
        value: opts.state ?? 'ALARM',
        reason: opts.value === undefined ? 'Threshold Crossed' : `Threshold Crossed: 1 out of the last 1 datapoints [${opts.value} (18/11/26 06:00:00)] was greater than or equal to the threshold (5000.0) (minimum 1 datapoint for OK -> ALARM transition).`,
        timestamp: NOW.toISOString(),
      },
      previousState: { value: 'OK' },
    },
  };
}

export const runtimeLedgerEvent = (accountId: string, putBy = HUB) => ({
  version: '0', id: `runtime-${accountId}`, 'detail-type': 'Runtime Ledger Changed', source: 'budget-guardrails',
  account: putBy, time: NOW.toISOString(), region: 'us-east-1', resources: [], detail: { accountId, month: MONTH, group: 'gpu-training' },
});
