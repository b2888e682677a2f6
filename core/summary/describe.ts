/** An account policy (and the org settings) in words, one short line per fact. */
import { ENFORCED_STATES } from '../catalog/types';
import type {
  AccessPolicy, AccountPolicy, AlertThresholds, EnforcedState, Mode, OrgSettings, RuntimeBudget, ServiceAlarm,
  StateThresholds, TagPolicy, TagRule, TeamAccess,
} from '../catalog/types';
import { describeState } from './actions';
import { formatCount, formatPcts, formatTags, formatUsd, joinWords, principalList } from './format';

export interface AccountDescription {
  readonly name: string;
  readonly id: string;
  readonly owners: readonly string[];
  readonly mode: string;
  readonly target: string;
  readonly alerts: readonly string[];
  readonly states: readonly string[];
  /** Cumulative: what is in effect at each state. */
  readonly atState: Readonly<Record<EnforcedState, readonly string[]>>;
  readonly runtimeBudgets: readonly string[];
  readonly tagRules: readonly string[];
  readonly access: readonly string[];
}

export const MODE_WORDS: Record<Mode, string> = {
  enforce: 'enforce',
  check: 'check (dry run: evaluate and notify, change nothing)',
  skip: 'skip (not evaluated)',
};

const pctOf = (target: number | null, pct: number) => (target === null ? '' : ` (${formatUsd((pct / 100) * target)})`);
const amountsOf = (target: number | null, pcts: readonly number[]) =>
  (target === null || pcts.length === 0 ? '' : ` (${pcts.map((p) => formatUsd((p / 100) * target)).join('/')})`);

export function describeTarget(target: number | null): string {
  return target === null ? 'none' : `${formatUsd(target)}/month`;
}

export function describeAlerts(alerts: AlertThresholds, serviceAlarms: readonly ServiceAlarm[], target: number | null): string[] {
  return [
    `actual ${formatPcts(alerts.actualPct)}${amountsOf(target, alerts.actualPct)}`,
    `forecast ${formatPcts(alerts.forecastPct)}${amountsOf(target, alerts.forecastPct)}`,
    ...serviceAlarms.map((s) => describeServiceAlarm(s)),
  ];
}

export function describeServiceAlarm(s: ServiceAlarm): string {
  return `${s.service} ≥ ${formatUsd(s.amountUsd)}`;
}

export function describeStates(t: StateThresholds, target: number | null): string[] {
  return [
    `Shutdown: actual ≥ ${t.shutdown.actualPct} %${pctOf(target, t.shutdown.actualPct)} or forecast ≥ ${t.shutdown.forecastPct} %${pctOf(target, t.shutdown.forecastPct)}`,
    `Critical: actual ≥ ${t.critical.actualPct} %${pctOf(target, t.critical.actualPct)} or forecast ≥ ${t.critical.forecastPct} %${pctOf(target, t.critical.forecastPct)}`,
    `Over: actual or forecast > 100 %${pctOf(target, 100)}`,
    `Under: forecast < ${t.underPct} %${pctOf(target, t.underPct)}`,
    `Unused: forecast ≤ ${t.unusedPct} %${pctOf(target, t.unusedPct)}`,
  ];
}

export function describeRuntimeBudget(r: RuntimeBudget): string {
  const atLimit = [
    ...(r.atLimit.stopInstances ? ['stop the instances'] : []),
    ...r.atLimit.detachPolicies.flatMap((d) => principalList(d).map((who) => `revoke access: detach ${d.policy} from ${who}`)),
  ];
  return `${r.name}: ${formatCount(r.minutesPerMonth)} instance-minutes/month for instances tagged ${formatTags(r.instanceTags)}; `
    + `alerts at ${formatPcts(r.alertPct)}; at 100 %: ${atLimit.length ? atLimit.join(', ') : 'alert only'}`;
}

export function describeTagRule(rule: TagRule, lookbackDays: number): string {
  const need = rule.required ? 'required' : 'optional';
  switch (rule.action) {
    case 'update': return `${rule.key} (${need}): set to ${rule.default} when missing`;
    case 'userLookup': return `${rule.key} (${need}): set to who launched the instance (CloudTrail, last ${lookbackDays} days)`;
    case 'function': return `${rule.key} (${need}): set to ${rule.function} when missing`;
  }
}

export function describeTagPolicy(policy: TagPolicy | null): string[] {
  if (!policy) return [];
  const scope = [
    ...(policy.scope.vpcIds.length ? [`VPCs ${policy.scope.vpcIds.join(', ')}`] : []),
    ...(Object.keys(policy.scope.tags).length ? [`instances tagged ${formatTags(policy.scope.tags)}`] : []),
  ];
  return [
    ...policy.rules.map((r) => describeTagRule(r, policy.lookbackDays)),
    `untagged instances: ${policy.untagged === 'ignore' ? 'left alone' : policy.untagged}`,
    ...(scope.length ? [`scope: ${scope.join('; ')}`] : []),
  ];
}

export function describeTeamAccess(t: TeamAccess): string {
  return `team ${t.name}: group ${t.group} may use ${t.services.join(', ')} on resources tagged ${t.resourceTag.key}=${t.resourceTag.value}`;
}

export function describeAccessPolicy(p: AccessPolicy): string {
  const who = principalList(p);
  const scope = p.resourceTags ? ` on resources tagged ${formatTags(p.resourceTags)}` : '';
  return `policy ${p.name}: ${p.actions.join(', ')}${scope}${who.length ? ` for ${joinWords(who)}` : ''}`;
}

export function describeAccount(account: AccountPolicy): AccountDescription {
  const atState = Object.fromEntries(ENFORCED_STATES.map((s) => [s, describeState(account, s)])) as Record<EnforcedState, string[]>;
  return {
    name: account.name,
    id: account.id,
    owners: account.owners,
    mode: MODE_WORDS[account.mode],
    target: describeTarget(account.targetUsd),
    alerts: describeAlerts(account.alerts, account.serviceAlarms, account.targetUsd),
    states: describeStates(account.states, account.targetUsd),
    atState,
    runtimeBudgets: account.runtimeBudgets.map(describeRuntimeBudget),
    tagRules: describeTagPolicy(account.tagPolicy),
    access: [...account.teamAccess.map(describeTeamAccess), ...account.accessPolicies.map(describeAccessPolicy)],
  };
}

export function describeBackend(org: OrgSettings): string {
  const b = org.backend;
  switch (b.type) {
    case 'local': return 'local state files (terraform.<stack>.tfstate)';
    case 's3': return `S3 bucket ${b.bucket} in ${b.region}, one key per stack: ${b.keyPrefix}<stack>.tfstate`;
    case 'cloud': return `Terraform Cloud organization ${b.organization} on ${b.hostname}, one workspace per stack: ${b.workspacePrefix}<stack>`;
  }
}

/** The org header: where the hub is and how often things run. */
export function describeOrg(org: OrgSettings): string[] {
  return [
    `Hub account ${org.hubAccountId} in ${org.hubRegion}, organization ${org.organizationId}; member roles assumed: ${org.memberRoleName}.`,
    `Spend evaluated on ${org.evaluationSchedule} and on every billing alarm; tag policy runs on ${org.tagPolicySchedule}; everything is restored on the 1st of each month.`,
    `Email from ${org.senderEmail}${org.opsEmails.length ? `; operations alerts to ${org.opsEmails.join(', ')}` : ''}. Terraform state: ${describeBackend(org)}.`,
  ];
}
