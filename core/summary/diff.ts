/**
 * What a catalog change does, field by field, with the consequences spelled out:
 * "web-service: kill switch now at Critical (was Shutdown): ASG achampionship-webservice → 0/0/0".
 * Both catalogs are resolved (defaults applied), so a change of an org default shows up on every
 * account it reaches.
 */
import { ENFORCED_STATES } from '../catalog/types';
import type { AccountPolicy, Catalog, EnforcedState, Mode, OrgSettings, StateThresholds } from '../catalog/types';
import { memberStackName } from '../naming/resources';
import { ActionItem, STATE_NAMES, actionItems, describeState } from './actions';
import {
  describeAccessPolicy, describeAccount, describeRuntimeBudget, describeServiceAlarm, describeTagPolicy,
  describeTeamAccess,
} from './describe';
import { formatPcts, formatUsd, joinWords, principalList } from './format';

export interface AccountChange {
  readonly account: string;
  readonly id: string;
  readonly change: 'added' | 'removed' | 'changed';
  /** One line per consequence, for people. */
  readonly lines: readonly string[];
  /** What changed, in a few words each ("target", "state thresholds"): accounts are grouped by these in large summaries. */
  readonly topics: readonly string[];
}

export interface CatalogDiff {
  readonly org: readonly string[];
  readonly accounts: readonly AccountChange[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Items in `after` but not `before`, and the reverse, by a key. */
function listDiff<T>(before: readonly T[], after: readonly T[], key: (t: T) => string) {
  const b = new Map(before.map((t) => [key(t), t]));
  const a = new Map(after.map((t) => [key(t), t]));
  return {
    added: [...a.entries()].filter(([k]) => !b.has(k)).map(([, t]) => t),
    removed: [...b.entries()].filter(([k]) => !a.has(k)).map(([, t]) => t),
    both: [...a.entries()].filter(([k]) => b.has(k)).map(([k, t]) => [b.get(k) as T, t] as const),
  };
}

const MODE_CONSEQUENCE: Record<Mode, string> = {
  enforce: 'changes are now carried out',
  check: 'now a dry run: evaluated and notified, nothing is changed',
  skip: 'no longer evaluated: no notifications from the guardrail, no enforcement',
};
const MODE_WAS: Record<Mode, string> = { enforce: 'enforced', check: 'a dry run', skip: 'not evaluated' };

function modeLines(b: AccountPolicy, a: AccountPolicy): string[] {
  if (b.mode === a.mode) return [];
  const lines = [`mode ${b.mode} → ${a.mode}: ${MODE_CONSEQUENCE[a.mode]} (was ${MODE_WAS[b.mode]})`];
  const verb = a.mode === 'enforce' ? 'now carried out' : b.mode === 'enforce' ? 'now only reported' : undefined;
  if (verb) {
    let previous = '';
    for (const state of ENFORCED_STATES) {
      const actions = describeState(a, state).join('; ');
      if (actions && actions !== previous) lines.push(`${verb} at ${STATE_NAMES[state]}: ${actions}`);
      previous = actions;
    }
  }
  return lines;
}

function thresholdsInUsd(t: StateThresholds, target: number): string {
  const at = (pct: number) => formatUsd((pct / 100) * target);
  return `Over above ${formatUsd(target)}, Critical at ${at(t.critical.actualPct)} actual / ${at(t.critical.forecastPct)} forecast, `
    + `Shutdown at ${at(t.shutdown.actualPct)} actual / ${at(t.shutdown.forecastPct)} forecast`;
}

function targetLines(b: AccountPolicy, a: AccountPolicy): string[] {
  if (b.targetUsd === a.targetUsd) return [];
  const was = b.targetUsd === null ? 'none' : formatUsd(b.targetUsd);
  if (a.targetUsd === null) return [`target removed (was ${was}/month): the account is no longer measured against a budget`];
  return [`target ${was} → ${formatUsd(a.targetUsd)}/month: ${thresholdsInUsd(a.states, a.targetUsd)}`];
}

const usdAt = (target: number | null, pct: number) => (target === null ? '' : ` (${formatUsd((pct / 100) * target)})`);

function alertLines(b: AccountPolicy, a: AccountPolicy): string[] {
  const lines: string[] = [];
  const amounts = (pcts: readonly number[]) =>
    (a.targetUsd === null || pcts.length === 0 ? '' : `: at ${pcts.map((p) => formatUsd((p / 100) * (a.targetUsd as number))).join('/')}`);
  if (!same(b.alerts.actualPct, a.alerts.actualPct)) {
    lines.push(`actual-spend alerts ${formatPcts(b.alerts.actualPct)} → ${formatPcts(a.alerts.actualPct)}${amounts(a.alerts.actualPct)} (billing alarms)`);
  }
  if (!same(b.alerts.forecastPct, a.alerts.forecastPct)) {
    lines.push(`forecast alerts ${formatPcts(b.alerts.forecastPct)} → ${formatPcts(a.alerts.forecastPct)}${amounts(a.alerts.forecastPct)}`);
  }
  const s = listDiff(b.serviceAlarms, a.serviceAlarms, (x) => x.service);
  lines.push(...s.added.map((x) => `new per-service alarm: ${describeServiceAlarm(x)}`));
  lines.push(...s.removed.map((x) => `per-service alarm removed: ${describeServiceAlarm(x)}`));
  lines.push(...s.both.filter(([x, y]) => x.amountUsd !== y.amountUsd)
    .map(([x, y]) => `per-service alarm ${y.service} now at ${formatUsd(y.amountUsd)} (was ${formatUsd(x.amountUsd)})`));
  return lines;
}

function stateLines(b: AccountPolicy, a: AccountPolicy): string[] {
  const t = a.targetUsd;
  const fields: [string, (s: StateThresholds) => number, string][] = [
    ['Shutdown', (s) => s.shutdown.actualPct, 'actual ≥'],
    ['Shutdown', (s) => s.shutdown.forecastPct, 'forecast ≥'],
    ['Critical', (s) => s.critical.actualPct, 'actual ≥'],
    ['Critical', (s) => s.critical.forecastPct, 'forecast ≥'],
    ['Under', (s) => s.underPct, 'forecast <'],
    ['Unused', (s) => s.unusedPct, 'forecast ≤'],
  ];
  return fields
    .filter(([, get]) => get(b.states) !== get(a.states))
    .map(([state, get, rule]) => `${state} now at ${rule} ${get(a.states)} %${usdAt(t, get(a.states))} (was ${get(b.states)} %${usdAt(b.targetUsd, get(b.states))})`);
}

function regionLines(b: AccountPolicy, a: AccountPolicy): string[] {
  const d = listDiff(b.workloadRegions, a.workloadRegions, (r) => r);
  return [
    ...(d.added.length ? [`workload regions added: ${d.added.join(', ')} (EC2 state changes forwarded from there)`] : []),
    ...(d.removed.length ? [`workload regions removed: ${d.removed.join(', ')} (EC2 state changes no longer forwarded)`] : []),
  ];
}

function enforcementLines(b: AccountPolicy, a: AccountPolicy): string[] {
  const d = listDiff<ActionItem>(actionItems(b), actionItems(a), (it) => it.key);
  const lines: string[] = [];
  for (const [was, now] of d.both) {
    if (was.from !== now.from) {
      lines.push(`${now.label} now at ${STATE_NAMES[now.from]} (was ${STATE_NAMES[was.from]}): ${now.object}`);
    } else if (was.object !== now.object && now.api === undefined) {
      // Lockdown entries change wording when lockdownOn changes; lockdownTargetLines says that once.
      lines.push(`${now.label} at ${STATE_NAMES[now.from]} changed: ${now.object} (was ${was.object})`);
    }
  }
  lines.push(...d.added.map((it) => `${it.label} now at ${STATE_NAMES[it.from]} (new): ${it.object}`));
  lines.push(...d.removed.map((it) => `${it.label} no longer at ${STATE_NAMES[it.from]} (removed): ${it.object}`));
  const restart = (p: AccountPolicy) => (p.enforcement.restartInstancesOnRestore ? 'started again' : 'left stopped for the owners to start');
  if (b.enforcement.restartInstancesOnRestore !== a.enforcement.restartInstancesOnRestore) {
    lines.push(`on restore, stopped instances are now ${restart(a)} (were ${restart(b)})`);
  }
  return lines;
}

function lockdownTargetLines(b: AccountPolicy, a: AccountPolicy): string[] {
  const was = b.enforcement.lockdownOn;
  const now = a.enforcement.lockdownOn;
  const hasLockdown = actionItems(a).some((it) => it.api !== undefined) || actionItems(b).some((it) => it.api !== undefined);
  if (!hasLockdown) return [];
  const who = (on: typeof now) => (on.via === 'scp' ? `an SCP on account ${a.id}` : joinWords(principalList(on)) || 'nobody');
  if (was.via !== now.via) return [`lockdown now applied through ${who(now)} (was ${who(was)})`];
  if (now.via === 'scp') return [];
  const d = listDiff(principalList(was), principalList(now), (p) => p);
  return [
    ...(d.added.length ? [`lockdown now also on ${joinWords(d.added)}`] : []),
    ...(d.removed.length ? [`lockdown no longer on ${joinWords(d.removed)}`] : []),
  ];
}

function namedListLines<T extends { name: string }>(what: string, before: readonly T[], after: readonly T[], describe: (t: T) => string): string[] {
  const d = listDiff(before, after, (t) => t.name);
  return [
    ...d.added.map((t) => `${what} added: ${describe(t)}`),
    ...d.removed.map((t) => `${what} removed: ${describe(t)}`),
    ...d.both.filter(([x, y]) => !same(x, y)).map(([x, y]) => `${what} ${y.name} changed: now ${describe(y)} (was ${describe(x)})`),
  ];
}

function tagPolicyLines(b: AccountPolicy, a: AccountPolicy): string[] {
  if (same(b.tagPolicy, a.tagPolicy)) return [];
  if (!a.tagPolicy) return ['tag policy removed: instances are no longer checked for tags'];
  if (!b.tagPolicy) return describeTagPolicy(a.tagPolicy).map((l) => `tag policy added: ${l}`);
  const was = new Set(describeTagPolicy(b.tagPolicy));
  const now = new Set(describeTagPolicy(a.tagPolicy));
  return [
    ...[...now].filter((l) => !was.has(l)).map((l) => `tag policy now: ${l}`),
    ...[...was].filter((l) => !now.has(l)).map((l) => `tag policy no longer: ${l}`),
  ];
}

function ownerLines(b: AccountPolicy, a: AccountPolicy): string[] {
  const d = listDiff(b.owners, a.owners, (o) => o);
  return [
    ...(d.added.length ? [`owners added: ${d.added.join(', ')} (they receive every notification)`] : []),
    ...(d.removed.length ? [`owners removed: ${d.removed.join(', ')}`] : []),
  ];
}

/** Fields each function above covers; anything else that differs is reported generically. */
const COVERED = new Set<keyof AccountPolicy>([
  'name', 'id', 'owners', 'mode', 'targetUsd', 'alerts', 'serviceAlarms', 'states', 'workloadRegions', 'enforcement',
  'teamAccess', 'accessPolicies', 'runtimeBudgets', 'tagPolicy',
]);

/** `path: before → after` for every leaf that differs. */
export function leafChanges(before: unknown, after: unknown, path = ''): string[] {
  if (same(before, after)) return [];
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => leafChanges(before[k], after[k], path ? `${path}.${k}` : k));
  }
  const show = (v: unknown): string => {
    if (v === undefined || v === null) return '(unset)';
    if (Array.isArray(v)) return v.length === 0 ? '(none)' : v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ');
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  };
  return [`${path}: ${show(before)} → ${show(after)}`];
}

/** What changed in one account, one part per topic ("target", "enforcement"), in review order. */
export function diffAccountParts(b: AccountPolicy, a: AccountPolicy): { readonly topic: string; readonly lines: readonly string[] }[] {
  const parts: [string, string[]][] = [
    ['account id', b.id !== a.id ? [`account id ${b.id} → ${a.id}: stack ${memberStackName(a.name)} now deploys into account ${a.id}`] : []],
    ['mode', modeLines(b, a)],
    ['target', targetLines(b, a)],
    ['state thresholds', stateLines(b, a)],
    ['alerts', alertLines(b, a)],
    ['enforcement', enforcementLines(b, a)],
    ['lockdown principals', lockdownTargetLines(b, a)],
    ['runtime budgets', namedListLines('runtime budget', b.runtimeBudgets, a.runtimeBudgets, describeRuntimeBudget)],
    ['tag policy', tagPolicyLines(b, a)],
    ['team access', namedListLines('team access', b.teamAccess, a.teamAccess, describeTeamAccess)],
    ['access policies', namedListLines('access policy', b.accessPolicies, a.accessPolicies, describeAccessPolicy)],
    ['workload regions', regionLines(b, a)],
    ['owners', ownerLines(b, a)],
  ];
  const others = (Object.keys(a) as (keyof AccountPolicy)[]).filter((k) => !COVERED.has(k));
  parts.push(...others.map((k): [string, string[]] => [k, leafChanges(b[k], a[k], k)]));
  return parts.filter(([, lines]) => lines.length > 0).map(([topic, lines]) => ({ topic, lines }));
}

export function diffAccount(b: AccountPolicy, a: AccountPolicy): string[] {
  return diffAccountParts(b, a).flatMap((p) => p.lines);
}

/** Everything a new account gets, as a reviewer needs to see it. */
export function describeNewAccount(a: AccountPolicy): string[] {
  const d = describeAccount(a);
  const at = (s: EnforcedState) => (d.atState[s].length ? d.atState[s].join('; ') : 'notify only');
  return [
    `new account ${a.id}, stack ${memberStackName(a.name)}; owners ${a.owners.join(', ')}`,
    `mode ${d.mode}`,
    `target ${d.target}`,
    `alerts: ${d.alerts.join('; ')}`,
    `state thresholds: ${d.states.join('; ')}`,
    ...(a.mode === 'skip' ? [] : ENFORCED_STATES.map((s) => `at ${STATE_NAMES[s]}${a.mode === 'check' ? ' (dry run)' : ''}: ${at(s)}`)),
    ...d.runtimeBudgets.map((r) => `runtime budget ${r}`),
    ...d.tagRules.map((r) => `tag policy: ${r}`),
    ...d.access.map((r) => `access: ${r}`),
  ];
}

function describeRemovedAccount(b: AccountPolicy): string[] {
  return [
    `account ${b.id} is no longer watched: no alarms, no evaluation, no enforcement`,
    `stack ${memberStackName(b.name)} is no longer synthesized and Terraform will not destroy it: destroy it before merging (npx cdktf destroy ${memberStackName(b.name)}, see docs/operator-workflow.md), or its alarms, roles and policies stay in the account`,
  ];
}

function orgLines(b: OrgSettings, a: OrgSettings): string[] {
  const lines = leafChanges(b, a);
  if (b.hubAccountId !== a.hubAccountId || b.hubRegion !== a.hubRegion) {
    lines.push('the hub moves: every member stack forwards events to the new hub bus and trusts the new hub roles');
  }
  return lines;
}

const CHANGE_ORDER: readonly AccountChange['change'][] = ['added', 'changed', 'removed'];

export function diffCatalogs(base: Catalog, head: Catalog): CatalogDiff {
  const d = listDiff(base.accounts, head.accounts, (a) => a.name);
  const accounts: AccountChange[] = [
    ...d.added.map((a) => ({ account: a.name, id: a.id, change: 'added' as const, lines: describeNewAccount(a), topics: [`new account, mode ${a.mode}`] })),
    ...d.both.map(([b, a]) => {
      const parts = diffAccountParts(b, a);
      return { account: a.name, id: a.id, change: 'changed' as const, lines: parts.flatMap((p) => p.lines), topics: parts.map((p) => p.topic) };
    }).filter((c) => c.lines.length > 0),
    ...d.removed.map((b) => ({ account: b.name, id: b.id, change: 'removed' as const, lines: describeRemovedAccount(b), topics: ['stack no longer synthesized'] })),
  ].sort((x, y) => CHANGE_ORDER.indexOf(x.change) - CHANGE_ORDER.indexOf(y.change) || x.account.localeCompare(y.account));
  return { org: orgLines(base.org, head.org), accounts };
}
