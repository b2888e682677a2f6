/**
 * The hub-and-spoke architecture (docs/architecture.md#data-flow) as a graph built from the catalog: one group per
 * member account, the hub group, and one edge per event flow. Renderers (Mermaid, SVG) draw
 * this model and nothing else, so both always show the same flows.
 */
import type { AccountPolicy, Catalog } from '../catalog/types';
import { AWS_DETAIL_TYPES, DETAIL_TYPES, EVALUATION_TRIGGER_TYPES, RECHECK_REQUESTED } from '../events/schemas';
import {
  ENFORCEMENT_ROLE_NAME, FORWARDER_ROLE_NAME, FunctionName, HUB_BUS_NAME, MEMBER_ACTING_FUNCTIONS, TABLE_NAME,
} from '../naming/resources';
import { formatPcts, formatUsd } from '../summary/format';

export type NodeShape = 'box' | 'bus' | 'function' | 'store' | 'schedule';

export interface DiagramNode {
  readonly id: string;
  /** Lines of text, first line is the title. */
  readonly lines: readonly string[];
  readonly shape: NodeShape;
  readonly group: string;
  /** Layout hint: 0 = member accounts, 1 = bus and schedules, 2 = functions, 3 = storage and notification. */
  readonly column: number;
}

export interface DiagramGroup {
  readonly id: string;
  readonly title: string;
}

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

export interface Diagram {
  readonly groups: readonly DiagramGroup[];
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
}

/** Every flow of docs/architecture.md#data-flow, by label; tests check each appears in the rendered diagram. */
export const FLOW_LABELS = {
  alarm: `${AWS_DETAIL_TYPES.alarmStateChange} (events:PutEvents)`,
  ec2: `${AWS_DETAIL_TYPES.ec2StateChange} (events:PutEvents)`,
  alarmRule: 'alarm / state-change rules',
  scheduled: 'scheduled run',
  stateWrite: 'writes state',
  stateChanged: DETAIL_TYPES.budgetStateChanged,
  actionTaken: DETAIL_TYPES.guardrailActionTaken,
  notify: `${DETAIL_TYPES.budgetStateChanged} / ${DETAIL_TYPES.guardrailActionTaken} / ${DETAIL_TYPES.runtimeThresholdCrossed} / ${DETAIL_TYPES.tagPolicyReport} / ${DETAIL_TYPES.budgetThresholdCrossed}`,
  meter: AWS_DETAIL_TYPES.ec2StateChange,
  ledger: 'runtime ledger, predictive stop',
  runtimeCrossed: DETAIL_TYPES.runtimeThresholdCrossed,
  ledgerChanged: EVALUATION_TRIGGER_TYPES.runtimeLedgerChanged,
  instanceRunning: 'EC2 instance running',
  tagReport: DETAIL_TYPES.tagPolicyReport,
  email: 'HTML email',
  sns: 'same facts on SNS',
  saved: 'saved prior values, audit',
  restore: 'restores saved values',
  audit: 'audit trail (every guardrail event)',
  actsInMembers: 'acts in member accounts',
  assume: 'sts:AssumeRole',
  deadLetter: 'failed deliveries',
  people: `${DETAIL_TYPES.guardrailHoldChanged} / ${DETAIL_TYPES.guardrailExemptionChanged}`,
  recheck: RECHECK_REQUESTED,
  decision: 'approval decisions, single-use links',
} as const;

export const HUB_GROUP = 'hub';
const HUB = HUB_GROUP;
/** Node id of a hub function (ids are Mermaid-safe: no hyphens). */
export const functionNodeId = (fn: FunctionName) => fn.replace(/-/g, '_');
export const memberGroupId = (account: string) => `member_${account.replace(/[^A-Za-z0-9]/g, '_')}`;

function memberNodes(account: AccountPolicy): DiagramNode[] {
  const g = memberGroupId(account.name);
  const services = account.serviceAlarms.map((s) => `${s.service} ≥ ${formatUsd(s.amountUsd)}`);
  return [
    {
      id: `${g}_alarms`, group: g, column: 0, shape: 'box',
      lines: ['billing alarms (us-east-1)', `EstimatedCharges ≥ ${formatPcts(account.alerts.actualPct)}`, ...services],
    },
    {
      id: `${g}_ec2`, group: g, column: 0, shape: 'box',
      lines: ['EC2 state changes', account.workloadRegions.join(', '), `forwarded by ${FORWARDER_ROLE_NAME}`],
    },
    {
      id: `${g}_role`, group: g, column: 0, shape: 'box',
      lines: [ENFORCEMENT_ROLE_NAME, 'assumed by hub functions', 'lockdown deny policies per state', 'team access policies'],
    },
  ];
}

function memberTitle(account: AccountPolicy): string {
  const target = account.targetUsd === null ? 'no target' : `${formatUsd(account.targetUsd)}/month`;
  return `${account.name} · ${account.id} · ${account.mode} · ${target}`;
}

function hubNodes(catalog: Catalog): DiagramNode[] {
  const { org } = catalog;
  const n = (id: string, column: number, shape: NodeShape, ...lines: string[]): DiagramNode => ({ id, group: HUB, column, shape, lines });
  return [
    n('schedule_eval', 1, 'schedule', 'schedule', org.evaluationSchedule),
    n('bus', 1, 'bus', `event bus ${HUB_BUS_NAME}`, org.busAccess === 'organization' ? `only accounts of ${org.organizationId}` : 'only catalog accounts'),
    n('schedule_tags', 1, 'schedule', 'schedule', org.tagPolicySchedule),
    n('schedule_reset', 1, 'schedule', 'schedule', '1st of month'),
    n('schedule_reconcile', 1, 'schedule', 'schedule', 'rate(5 minutes)'),
    n('member_access', 1, 'box', 'cross-account access', `assumes ${ENFORCEMENT_ROLE_NAME}`, 'in each member account'),
    n(functionNodeId('evaluator'), 2, 'function', 'evaluator', 'state from actual + forecast'),
    n(functionNodeId('enforcer'), 2, 'function', 'enforcer', 'reconciles postures'),
    n(functionNodeId('notifier'), 2, 'function', 'notifier'),
    n(functionNodeId('runtime-meter'), 2, 'function', 'runtime meter'),
    n(functionNodeId('tag-policy'), 2, 'function', 'tag policy engine'),
    n(functionNodeId('reset'), 2, 'function', 'reset / restore'),
    n(functionNodeId('approvals'), 2, 'function', 'approvals', 'Approve / Postpone links (function URL)'),
    n('dlq', 2, 'store', 'SQS dead-letter queues', 'with alarms to ops'),
    n('table', 3, 'store', `DynamoDB ${TABLE_NAME}`, 'catalog, state, ledgers, saved values, audit'),
    n('ses', 3, 'box', 'SES (v2)', org.senderEmail),
    n('sns', 3, 'box', 'SNS topics', 'notifications, ops'),

  ];
}

function hubEdges(): DiagramEdge[] {
  const e = (from: string, to: string, label: string): DiagramEdge => ({ from, to, label });
  return [
    e('bus', 'evaluator', FLOW_LABELS.alarmRule),
    e('schedule_eval', 'evaluator', FLOW_LABELS.scheduled),
    e('evaluator', 'table', FLOW_LABELS.stateWrite),
    e('evaluator', 'bus', FLOW_LABELS.stateChanged),
    e('bus', 'enforcer', FLOW_LABELS.stateChanged),
    e('enforcer', 'bus', FLOW_LABELS.actionTaken),
    e('enforcer', 'table', FLOW_LABELS.saved),
    e('bus', 'notifier', FLOW_LABELS.notify),
    e('notifier', 'ses', FLOW_LABELS.email),
    e('notifier', 'sns', FLOW_LABELS.sns),
    e('notifier', 'table', FLOW_LABELS.audit),
    e('bus', 'runtime_meter', FLOW_LABELS.meter),
    e('runtime_meter', 'table', FLOW_LABELS.ledger),
    e('runtime_meter', 'bus', FLOW_LABELS.runtimeCrossed),
    e('runtime_meter', 'bus', FLOW_LABELS.ledgerChanged),
    e('bus', 'evaluator', FLOW_LABELS.ledgerChanged),
    e('schedule_reconcile', 'runtime_meter', FLOW_LABELS.scheduled),
    e('schedule_reset', 'runtime_meter', FLOW_LABELS.scheduled),
    e('bus', 'tag_policy', FLOW_LABELS.instanceRunning),
    e('schedule_tags', 'tag_policy', FLOW_LABELS.scheduled),
    e('tag_policy', 'bus', FLOW_LABELS.tagReport),
    e('schedule_reset', 'reset', FLOW_LABELS.scheduled),
    e('reset', 'table', FLOW_LABELS.restore),
    e('bus', 'dlq', FLOW_LABELS.deadLetter),
    e('enforcer', 'bus', FLOW_LABELS.people),
    e('bus', 'notifier', FLOW_LABELS.people),
    e('approvals', 'table', FLOW_LABELS.decision),
    e('approvals', 'bus', FLOW_LABELS.recheck),
    e('bus', 'enforcer', FLOW_LABELS.recheck),
    ...MEMBER_ACTING_FUNCTIONS.map((fn) => e(functionNodeId(fn), 'member_access', FLOW_LABELS.actsInMembers)),
  ];
}

function memberEdges(account: AccountPolicy): DiagramEdge[] {
  const g = memberGroupId(account.name);
  return [
    { from: `${g}_alarms`, to: 'bus', label: FLOW_LABELS.alarm },
    { from: `${g}_ec2`, to: 'bus', label: FLOW_LABELS.ec2 },
    { from: 'member_access', to: `${g}_role`, label: FLOW_LABELS.assume },
  ];
}

export function buildDiagram(catalog: Catalog): Diagram {
  const { org } = catalog;
  return {
    groups: [
      ...catalog.accounts.map((a) => ({ id: memberGroupId(a.name), title: memberTitle(a) })),
      { id: HUB, title: `hub (payer) · ${org.hubAccountId} · ${org.hubRegion}` },
    ],
    nodes: [...catalog.accounts.flatMap(memberNodes), ...hubNodes(catalog)],
    edges: [...catalog.accounts.flatMap(memberEdges), ...hubEdges()],
  };
}
