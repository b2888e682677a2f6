/** The enforcement actions' test cases: each kind's resource in its own and in its enforced posture. */
import type { AccountPolicy } from '../../../../core/catalog/types';
import { lockdownPolicyArn, lockdownPolicyName, lockdownScpName, policyArn } from '../../../../core/naming/resources';
import type { PlannedAction, PostureKind } from '../../../../core/posture/types';
import { BASELINE } from '../../../../core/posture/types';
import { ACTIONS, ActionClients, ActionResult } from '../../../../functions/enforcer/actions';
import { AccountModel, RecordedCall, emptyModel } from './account-model';

export const R = 'us-east-1';
export const ID = '222222222222';
/** A lockdown SCP name as the hub creates them (state and content hash). */
export const CRITICAL_SCP = lockdownScpName('critical', '0123456789ab');

export interface Case {
  readonly kind: PostureKind;
  readonly target: string;
  readonly region?: string;
  readonly to: string;
  /** The resource in its own (un-enforced) posture. */
  readonly normal: () => AccountModel;
  /** The same model in the enforced posture, as the guardrail leaves it. */
  readonly enforced: () => AccountModel;
  /** The enforced posture reached without the guardrail (its owners did it); `enforced` when absent. */
  readonly alreadyThere?: () => AccountModel;
  /** The command apply sends to change the resource (throttled once in the throttling test). */
  readonly change: string;
}

export const withInstances = (state: string, extraTags: Record<string, string> = {}) => (): AccountModel => ({
  ...emptyModel(),
  instances: [
    { id: 'i-01', region: R, state, tags: { team: 'ml', ...extraTags } as Record<string, string> },
    { id: 'i-02', region: R, state: 'running', tags: { team: 'ml', 'budget-guardrails:exempt': 'true' } },
  ],
});
export const db = (key: 'rdsClusters' | 'rdsInstances' | 'redshiftClusters', id: string, status: string) => (): AccountModel =>
  ({ ...emptyModel(), [key]: [{ region: R, id, status }] });
export const principal = (type: 'user' | 'role', name: string, policies: string[]) => (): AccountModel =>
  ({ ...emptyModel(), principals: [{ type, name, policies: [...policies] }] });
export const scpModel = (attached: string[]) => (): AccountModel => ({
  ...emptyModel(),
  scps: [{ id: 'p-critical', name: CRITICAL_SCP }, { id: 'p-full', name: 'FullAWSAccess' }],
  scpTargets: { [ID]: ['p-full', ...attached] },
});

export const CASES: Case[] = [
  { kind: 'stop-instances', target: 'team=ml', region: R, to: 'stopped', normal: withInstances('running'), enforced: withInstances('stopped'), change: 'StopInstances' },
  {
    kind: 'tag-unapproved', target: 'team=ml', region: R, to: 'tagged',
    normal: withInstances('running'), enforced: withInstances('running', { 'budget-guardrails:status': 'unapproved' }), change: 'CreateTags',
  },
  {
    kind: 'scale-to-zero', target: 'web', region: R, to: '0/0/0',
    normal: () => ({ ...emptyModel(), groups: [{ region: R, name: 'web', min: 2, max: 6, desired: 3 }] }),
    enforced: () => ({ ...emptyModel(), groups: [{ region: R, name: 'web', min: 0, max: 0, desired: 0, tags: { 'budget-guardrails:saved-size': '2/6/3' } }] }),
    alreadyThere: () => ({ ...emptyModel(), groups: [{ region: R, name: 'web', min: 0, max: 0, desired: 0 }] }),
    change: 'UpdateAutoScalingGroup',
  },
  { kind: 'stop-rds-cluster', target: 'reporting', region: R, to: 'stopped', normal: db('rdsClusters', 'reporting', 'available'), enforced: db('rdsClusters', 'reporting', 'stopped'), change: 'StopDBCluster' },
  { kind: 'stop-rds-instance', target: 'orders', region: R, to: 'stopped', normal: db('rdsInstances', 'orders', 'available'), enforced: db('rdsInstances', 'orders', 'stopped'), change: 'StopDBInstance' },
  { kind: 'pause-redshift', target: 'warehouse', region: R, to: 'paused', normal: db('redshiftClusters', 'warehouse', 'available'), enforced: db('redshiftClusters', 'warehouse', 'paused'), change: 'PauseCluster' },
  {
    kind: 'detach-policy', target: 'user/DataScienceUser:AllowGPUAccess', to: 'detached',
    normal: principal('user', 'DataScienceUser', [policyArn(ID, 'AllowGPUAccess')]), enforced: principal('user', 'DataScienceUser', []), change: 'DetachUserPolicy',
  },
  {
    kind: 'attach-lockdown', target: 'role/DataScientist', to: lockdownPolicyName('critical'),
    normal: principal('role', 'DataScientist', []), enforced: principal('role', 'DataScientist', [lockdownPolicyArn(ID, 'critical')]), change: 'AttachRolePolicy',
  },
  { kind: 'attach-scp', target: ID, to: CRITICAL_SCP, normal: scpModel([]), enforced: scpModel(['p-critical']), change: 'AttachPolicy' },
];

export const planned = (c: Case, direction: 'apply' | 'revert'): PlannedAction => ({
  kind: c.kind, target: c.target, ...(c.region ? { region: c.region } : {}), month: '2026-11', direction,
  from: direction === 'apply' ? BASELINE[c.kind] : c.to, to: direction === 'apply' ? c.to : BASELINE[c.kind],
});

export async function run(account: AccountPolicy, c: Case, direction: 'apply' | 'revert', clients: ActionClients, prior?: unknown) {
  const remembered: unknown[] = [];
  const result: ActionResult = await ACTIONS[c.kind][direction]({
    account, action: planned(c, direction), prior, clients, remember: async (p) => { remembered.push(p); }, clock: () => new Date(),
  });
  return { result, prior: remembered.at(-1) ?? prior };
}

export const changes = (calls: RecordedCall[]) => calls.filter((x) => !/:(Describe|List)/.test(x.action));

