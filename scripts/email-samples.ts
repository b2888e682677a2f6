/**
 * One realistic event of each type the notifier handles, against the shipped catalog: used by
 * `npm run preview:email` and by the notifier tests.
 */
import type { Catalog } from '../core/catalog/types';
import {
  BudgetStateChanged, BudgetThresholdCrossed, DETAIL_TYPES, GuardrailActionTaken, GuardrailExemptionChanged, GuardrailHoldChanged,
  RuntimeThresholdCrossed, TagPolicyReport,
} from '../core/events/schemas';
import { claimsText, joinToken } from '../core/gate/approval-token';
import type { NotifierEvent, NotifyContext } from '../core/notify';

export interface EmailSample {
  /** File name stem of the preview. */
  readonly name: string;
  readonly event: NotifierEvent;
  readonly ctx: NotifyContext;
}

const AT = '2026-11-18T14:05:00Z';

export const criticalStateChange: BudgetStateChanged = {
  accountId: '222222222222', accountName: 'data-science', month: '2026-11',
  previousState: 'over', state: 'critical',
  actualUsd: 5612.4, forecastUsd: 7100.25, targetUsd: 5000,
  reason: 'actual $5,612 of $5,000 (112%); forecast $7,100 (142%): run-rate $95.00/day over 12.4 days left + running costly instances $12.24/h ($318)',
  dryRun: false, at: AT,
};

export const checkModeStateChange: BudgetStateChanged = {
  accountId: '444444444444', accountName: 'analytics', month: '2026-11',
  previousState: 'on-target', state: 'over',
  actualUsd: 14230.1, forecastUsd: 23890.6, targetUsd: 20000,
  reason: 'actual $14,230 of $20,000 (71%); forecast $23,891 (119%): run-rate $780.00/day over 12.4 days left',
  dryRun: true, at: AT,
};

export const actionTaken: GuardrailActionTaken = {
  accountId: '222222222222', accountName: 'data-science', month: '2026-11', state: 'critical',
  trigger: 'state-change', dryRun: false, at: '2026-11-18T14:06:10Z',
  actions: [
    { kind: 'stop-instances', target: 'i-0a1b2c3d4e5f60718', direction: 'apply', outcome: 'applied', region: 'us-east-1', from: 'running', to: 'stopped' },
    { kind: 'stop-instances', target: 'i-0f9e8d7c6b5a40321', direction: 'apply', outcome: 'applied', region: 'us-west-2', from: 'running', to: 'stopped' },
    { kind: 'attach-lockdown', target: 'role/DataScientist', direction: 'apply', outcome: 'applied', to: 'budget-guardrails-lockdown-critical' },
    { kind: 'stop-instances', target: 'i-0123456789abcdef0', direction: 'apply', outcome: 'failed', region: 'us-west-2', error: 'IncorrectInstanceState: instance is pending' },
  ],
};

export const runtimeCrossed: RuntimeThresholdCrossed = {
  accountId: '222222222222', accountName: 'data-science', month: '2026-11', group: 'gpu-training',
  thresholdPct: 80, usedMinutes: 812, allowanceMinutes: 1000,
  runningInstances: ['i-0a1b2c3d4e5f60718', 'i-0f9e8d7c6b5a40321'], at: AT,
};

export const tagReport: TagPolicyReport = {
  accountId: '555555555555', accountName: 'sandbox', dryRun: true, scannedInstances: 14, at: AT,
  violations: [
    { instanceId: 'i-0aa11bb22cc33dd44', region: 'us-east-1', key: 'ProjectCode', problem: 'required tag ProjectCode is missing' },
    { instanceId: 'i-0aa11bb22cc33dd44', region: 'us-east-1', key: 'CreatedBy', problem: 'required tag CreatedBy is missing' },
    { instanceId: 'i-0ee55ff66aa77bb88', region: 'us-east-1', problem: 'instance has no tags at all' },
  ],
  actions: [
    { instanceId: 'i-0aa11bb22cc33dd44', region: 'us-east-1', action: 'tag', key: 'ProjectCode', value: 'Proj007', outcome: 'planned' },
    { instanceId: 'i-0aa11bb22cc33dd44', region: 'us-east-1', action: 'tag', key: 'CreatedBy', value: 'alice@example.com', outcome: 'planned' },
    { instanceId: 'i-0ee55ff66aa77bb88', region: 'us-east-1', action: 'stop', outcome: 'planned' },
  ],
};

export const budgetThresholdCrossed: BudgetThresholdCrossed = {
  accountId: '222222222222', accountName: 'data-science', month: '2026-11',
  measure: 'actual', thresholdPct: 80, thresholdUsd: 4000,
  actualUsd: 4012.35, forecastUsd: 4870.1, targetUsd: 5000,
  state: 'on-target', dryRun: false, at: AT,
};

const heldScaleToZero = [{ kind: 'scale-to-zero', target: 'achampionship-webservice', region: 'us-east-1', from: 'recorded size', to: '0/0/0' }];

export const gracePending: GuardrailHoldChanged = {
  accountId: '333333333333', accountName: 'web-service', month: '2026-11', state: 'shutdown', currentState: 'shutdown',
  holdId: '6f1c2a9e-8d4b-4f0e-9a51-2c7d3b8e4f10', change: 'pending', graceUntil: '2026-11-18T15:05:00.000Z', approval: false,
  actions: heldScaleToZero, at: AT,
};

export const approvalPending: GuardrailHoldChanged = {
  ...gracePending, holdId: '0b7e4d21-5c3a-4e8f-b9d6-71a2c4e5f803', graceUntil: null, approval: true,
};

export const holdCancelled: GuardrailHoldChanged = { ...gracePending, change: 'cancelled', currentState: 'critical', at: '2026-11-18T14:41:00Z' };

export const exemptionStarted: GuardrailExemptionChanged = {
  accountId: '333333333333', accountName: 'web-service', kind: 'scale-to-zero', until: '2026-11-19T18:00:00.000Z',
  reason: 'Black Friday launch: keep the web tier up', by: 'arn:aws:sts::111111111111:assumed-role/PlatformOps/jane', change: 'started',
  actions: [{ kind: 'scale-to-zero', target: 'achampionship-webservice', region: 'us-east-1', direction: 'revert', outcome: 'applied', from: '0/0/0', to: '2/8/4' }],
  at: AT,
};

/** What the notifier's links look like: the function URL with a token (claims.MAC, base64url); the MAC here is a placeholder. */
const sampleLink = (decision: 'approve' | 'postpone') => `https://k3x7q2m9v4.lambda-url.us-east-1.on.aws/?t=${joinToken(claimsText({
  v: 1, a: approvalPending.accountId, m: approvalPending.month, s: approvalPending.state, h: approvalPending.holdId, d: decision,
  n: 'Qm9vdHN0cmFwTm9uY2UxMjM0', e: Math.floor(Date.parse('2026-11-21T14:05:00Z') / 1000),
}), new Uint8Array(32).fill(7))}`;

export function emailSamples(catalog: Catalog): EmailSample[] {
  const policy = (id: string) => {
    const account = catalog.accounts.find((a) => a.id === id);
    if (!account) throw new Error(`the shipped catalog has no account ${id}; update scripts/email-samples.ts`);
    return account;
  };
  const org = { opsEmails: catalog.org.opsEmails, evaluationSchedule: catalog.org.evaluationSchedule };
  return [
    { name: 'budget-state-changed', event: { type: DETAIL_TYPES.budgetStateChanged, detail: criticalStateChange }, ctx: { policy: policy('222222222222'), org } },
    { name: 'budget-state-changed-check-mode', event: { type: DETAIL_TYPES.budgetStateChanged, detail: checkModeStateChange }, ctx: { policy: policy('444444444444'), org } },
    {
      name: 'guardrail-action-taken',
      event: { type: DETAIL_TYPES.guardrailActionTaken, detail: actionTaken },
      ctx: { policy: policy('222222222222'), org, spend: { state: 'critical', actualUsd: 5612.4, forecastUsd: 7100.25, targetUsd: 5000 } },
    },
    { name: 'runtime-threshold-crossed', event: { type: DETAIL_TYPES.runtimeThresholdCrossed, detail: runtimeCrossed }, ctx: { policy: policy('222222222222'), org } },
    { name: 'budget-threshold-crossed', event: { type: DETAIL_TYPES.budgetThresholdCrossed, detail: budgetThresholdCrossed }, ctx: { policy: policy('222222222222'), org } },
    { name: 'tag-policy-report', event: { type: DETAIL_TYPES.tagPolicyReport, detail: tagReport }, ctx: { policy: policy('555555555555'), org } },
    { name: 'guardrail-hold-grace', event: { type: DETAIL_TYPES.guardrailHoldChanged, detail: gracePending }, ctx: { policy: policy('333333333333'), org } },
    {
      name: 'guardrail-hold-approval',
      event: { type: DETAIL_TYPES.guardrailHoldChanged, detail: approvalPending },
      ctx: { policy: policy('333333333333'), org, approvalLinks: { approve: sampleLink('approve'), postpone: sampleLink('postpone'), expiresAt: '2026-11-21T14:05:00.000Z' } },
    },
    { name: 'guardrail-hold-cancelled', event: { type: DETAIL_TYPES.guardrailHoldChanged, detail: holdCancelled }, ctx: { policy: policy('333333333333'), org } },
    { name: 'guardrail-exemption-started', event: { type: DETAIL_TYPES.guardrailExemptionChanged, detail: exemptionStarted }, ctx: { policy: policy('333333333333'), org } },
  ];
}
