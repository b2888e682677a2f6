/**
 * Validates a whole catalog in one pass and reports every problem it finds (docs/architecture.md#bad-input).
 * Structure comes from the schema; this file adds the rules that span fields and files.
 */
import type { z } from 'zod';
import { CatalogIssue, fieldPath } from './errors';
import { checkIamAction, iamServiceKnown } from './iam-actions';
import { ORG_FILE, accountFile, catalogLimitIssues, relabel } from '../limits/catalog-limits';
import { ACCOUNT_NAME } from './names';
import { resolveAccount, resolveOrg } from './resolve';
import { accountSchema, orgSchema } from './schema';
import type { AccountPolicy, AlertThresholds, Catalog, OrgSettings, StateThresholds } from './types';
import { ENFORCED_STATES } from './types';

/** One catalog file after it was evaluated (or failed to). */
export interface CatalogFile {
  /** Label shown in errors, e.g. "accounts/sandbox.ts". */
  readonly file: string;
  /** File name without extension: the account's name. */
  readonly name: string;
  readonly value?: unknown;
  /** Set when the file could not be evaluated at all. */
  readonly loadError?: string;
}

export interface ValidationResult {
  readonly catalog: Catalog | null;
  readonly issues: CatalogIssue[];
}

type Report = (field: string, message: string) => void;

function schemaIssues(error: z.ZodError, report: Report, definer: string): void {
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        report(fieldPath([...issue.path, key]), `unknown field "${key}"; remove it or check its spelling against the catalog reference in README.md`);
      }
      continue;
    }
    // A bad record key (e.g. a tag key) carries the key's own issue inside.
    let message = issue.code === 'invalid_key' && issue.issues.length > 0 ? issue.issues[0].message : issue.message;
    if (issue.code === 'invalid_type' && issue.path.length === 0) {
      const got = issue.input === null ? 'null' : Array.isArray(issue.input) ? 'an array' : `a ${typeof issue.input}`;
      message = `the default export is ${got}, not an object; end the file with \`export default ${definer}({ ... })\``;
    } else if (issue.code === 'invalid_type' && issue.input === undefined) {
      message = `is missing; ${requiredFix(issue.path)}`;
    } else if (!message.includes(';')) {
      message = `${message}; see the catalog reference in README.md`;
    }
    report(fieldPath(issue.path), message);
  }
}

function requiredFix(path: readonly PropertyKey[]): string {
  const field = String(path[path.length - 1] ?? '');
  const fixes: Record<string, string> = {
    id: 'add the 12-digit account id, e.g. id: "123456789012"',
    owners: 'add owners: ["team@example.com"]',
    hubAccountId: 'add the payer/management account id, e.g. hubAccountId: "111111111111"',
    hubRegion: 'add the hub region, e.g. hubRegion: "us-east-1"',
    organizationId: 'add the AWS Organizations id, e.g. organizationId: "o-a1b2c3d4e5"',
    senderEmail: 'add the SES sender address, e.g. senderEmail: "guardrails@example.com"',
  };
  return fixes[field] ?? `add "${field}" (see the catalog reference in README.md)`;
}

function checkAscending(values: readonly number[] | undefined, field: string, what: string, report: Report): void {
  if (!values) return;
  const seen = new Set<number>();
  values.forEach((v, i) => {
    if (seen.has(v)) report(`${field}[${i}]`, `${v} % is listed twice; list each ${what} once`);
    else if (i > 0 && v < values[i - 1]) report(`${field}[${i}]`, `${v} % comes after ${values[i - 1]} %: ${what}s are out of order; list them in ascending order`);
    seen.add(v);
  });
}

function checkAlerts(alerts: AlertThresholds, field: string, report: Report): void {
  checkAscending(alerts.actualPct, `${field}.actual`, 'alert threshold', report);
  checkAscending(alerts.forecastPct, `${field}.forecast`, 'alert threshold', report);
}

/** unused < under ≤ 100 ≤ critical < shutdown, for actual and forecast alike (docs/architecture.md#budget-states). */
function checkStateOrder(s: StateThresholds, field: string, report: Report): void {
  const fix = 'keep unused < under ≤ 100 ≤ critical < shutdown';
  if (s.unusedPct >= s.underPct) report(`${field}.unused`, `unused (${s.unusedPct} %) must be below under (${s.underPct} %): thresholds out of order; ${fix}`);
  if (s.underPct > 100) report(`${field}.under`, `under (${s.underPct} %) is above 100 %: thresholds out of order; ${fix}`);
  for (const kind of ['actual', 'forecast'] as const) {
    const key = `${kind}Pct` as const;
    if (s.critical[key] < 100) report(`${field}.critical.${kind}`, `critical ${kind} (${s.critical[key]} %) is below 100 %, so Critical would come before Over: thresholds out of order; ${fix}`);
    if (s.shutdown[key] <= s.critical[key]) report(`${field}.shutdown.${kind}`, `shutdown ${kind} (${s.shutdown[key]} %) must be above critical ${kind} (${s.critical[key]} %): thresholds out of order; ${fix}`);
  }
}

async function checkActions(actions: readonly string[], field: string, report: Report): Promise<void> {
  const seen = new Set<string>();
  for (const [i, action] of actions.entries()) {
    const problem = await checkIamAction(action);
    if (problem) report(`${field}[${i}]`, problem);
    else if (seen.has(action.toLowerCase())) report(`${field}[${i}]`, `"${action}" is listed twice; list each action once`);
    seen.add(action.toLowerCase());
  }
}

function checkUnique(names: readonly string[], field: string, what: string, report: Report): void {
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (seen.has(n)) report(`${field}[${i}]`, `${what} "${n}" is listed twice; give each ${what} once`);
    seen.add(n);
  });
}

/**
 * A $0 target has no percentages: any spend is Over, and Critical and Shutdown are never reached
 * (docs/budget-states.md). Actions configured for them would never run, so they are refused.
 */
function checkZeroTarget(a: AccountPolicy, report: Report): void {
  if (a.targetUsd !== 0 || a.mode === 'skip') return;
  for (const state of ['critical', 'shutdown'] as const) {
    const actions = a.enforcement[state];
    const configured = Object.entries(actions).filter(([, list]) => (list as readonly unknown[]).length > 0).map(([kind]) => kind);
    if (configured.length > 0) {
      report(`enforcement.${state}`, `targetUsd is 0, so any spend is Over and ${state === 'critical' ? 'Critical' : 'Shutdown'} is never reached: ${configured.join(', ')} would never run; move them to enforcement.over, or set targetUsd above 0`);
    }
  }
}

const hasPrincipals = (p: { users: readonly string[]; groups: readonly string[]; roles: readonly string[] }) =>
  p.users.length + p.groups.length + p.roles.length > 0;

async function checkAccountRules(a: AccountPolicy, own: z.output<typeof accountSchema>, report: Report): Promise<void> {
  if (a.mode !== 'skip' && a.targetUsd === null) {
    report('targetUsd', `is missing, and mode "${a.mode}" needs a monthly target; add targetUsd: <USD per month>, or set mode: "skip"`);
  }
  // What the account inherits from org.ts defaults was checked there; only what it sets is checked here.
  checkAscending(own.alerts?.actual, 'alerts.actual', 'alert threshold', report);
  checkAscending(own.alerts?.forecast, 'alerts.forecast', 'alert threshold', report);
  if (own.states) checkStateOrder(a.states, 'states', report);
  checkZeroTarget(a, report);
  checkUnique(a.workloadRegions, 'workloadRegions', 'region', report);
  checkUnique(a.serviceAlarms.map((s) => s.service), 'serviceAlarms', 'service', report);

  let anyLockdown = false;
  for (const state of ENFORCED_STATES) {
    const actions = a.enforcement[state];
    const base = `enforcement.${state}`;
    await checkActions(actions.lockdown, `${base}.lockdown`, report);
    anyLockdown ||= actions.lockdown.length > 0;
    actions.detachPolicies.forEach((d, i) => {
      if (!hasPrincipals(d)) report(`${base}.detachPolicies[${i}]`, `policy "${d.policy}" names no principal; add users, groups or roles to detach it from`);
    });
  }
  const target = a.enforcement.lockdownOn;
  if (anyLockdown && target.via === 'principals' && !hasPrincipals(target)) {
    report('enforcement.lockdownOn', 'lockdown lists are set but no principal is named to receive them; add roles/users/groups, or set via: "scp"');
  }

  checkUnique(a.teamAccess.map((t) => t.name), 'teamAccess', 'team', report);
  for (const [i, team] of a.teamAccess.entries()) {
    for (const [j, service] of team.services.entries()) {
      if (!(await iamServiceKnown(service))) report(`teamAccess[${i}].services[${j}]`, `unknown IAM service prefix "${service}"; use a prefix such as "ec2", "s3" or "autoscaling"`);
    }
  }
  checkUnique(a.accessPolicies.map((p) => p.name), 'accessPolicies', 'policy', report);
  for (const [i, p] of a.accessPolicies.entries()) await checkActions(p.actions, `accessPolicies[${i}].actions`, report);

  checkUnique(a.runtimeBudgets.map((r) => r.name), 'runtimeBudgets', 'runtime budget', report);
  a.runtimeBudgets.forEach((r, i) => {
    r.atLimit.detachPolicies.forEach((d, j) => {
      if (!hasPrincipals(d)) report(`runtimeBudgets[${i}].atLimit.detachPolicies[${j}]`, `policy "${d.policy}" names no principal; add users, groups or roles to detach it from`);
    });
  });
  if (a.tagPolicy) checkUnique(a.tagPolicy.rules.map((r) => r.key), 'tagPolicy.rules', 'tag key', report);
}

function checkRawAscending(value: unknown, report: Report): void {
  // Runtime alert lists are sorted when resolved, so their order is checked on the raw input.
  const budgets = (value as { runtimeBudgets?: { alerts?: number[] }[] }).runtimeBudgets ?? [];
  budgets.forEach((b, i) => checkAscending(b.alerts, `runtimeBudgets[${i}].alerts`, 'alert threshold', report));
}

function reporterFor(file: string, issues: CatalogIssue[]): Report {
  return (field, message) => issues.push({ file, field, message });
}

function validateOrg(org: CatalogFile | undefined, issues: CatalogIssue[], orgLabel: string): OrgSettings | null {
  if (!org) {
    issues.push({ file: orgLabel, field: '(file)', message: 'is missing; create it with `export default defineOrg({ hubAccountId, hubRegion, organizationId, senderEmail })`' });
    return null;
  }
  const report = reporterFor(org.file, issues);
  if (org.loadError) {
    report('(file)', org.loadError);
    return null;
  }
  const parsed = orgSchema.safeParse(org.value, { reportInput: true });
  if (!parsed.success) {
    schemaIssues(parsed.error, report, 'defineOrg');
    return null;
  }
  const settings = resolveOrg(parsed.data);
  checkAlerts(settings.defaults.alerts, 'defaults.alerts', report);
  checkStateOrder(settings.defaults.states, 'defaults.states', report);
  return settings;
}

/**
 * When org.ts is missing or invalid, the accounts are still checked in the same pass: against the
 * org.ts values that are valid on their own, and the built-in defaults for the rest.
 */
function partialOrg(value: unknown): OrgSettings {
  const raw = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const rawDefaults = (typeof raw.defaults === 'object' && raw.defaults !== null ? raw.defaults : {}) as Record<string, unknown>;
  const valid = <T>(schema: z.ZodType<T>, input: unknown): T | undefined => {
    const parsed = schema.safeParse(input);
    return parsed.success ? parsed.data : undefined;
  };
  const defaults = orgSchema.shape.defaults.unwrap().shape;
  return resolveOrg({
    // Never equal to a member id when the hub id itself is invalid.
    hubAccountId: valid(orgSchema.shape.hubAccountId, raw.hubAccountId) ?? '',
    hubRegion: valid(orgSchema.shape.hubRegion, raw.hubRegion) ?? 'us-east-1',
    organizationId: '',
    senderEmail: '',
    defaults: {
      mode: valid(defaults.mode, rawDefaults.mode),
      alerts: valid(defaults.alerts, rawDefaults.alerts),
      states: valid(defaults.states, rawDefaults.states),
      costs: valid(defaults.costs, rawDefaults.costs),
      workloadRegions: valid(defaults.workloadRegions, rawDefaults.workloadRegions),
    },
  });
}

export async function validateCatalog(
  org: CatalogFile | undefined,
  accountFiles: readonly CatalogFile[],
  orgLabel = 'accounts/org.ts',
): Promise<ValidationResult> {
  const issues: CatalogIssue[] = [];
  const settings = validateOrg(org, issues, orgLabel);
  const accountOrg = settings ?? partialOrg(org?.value);
  const accounts: AccountPolicy[] = [];
  const byId = new Map<string, string>();

  for (const f of [...accountFiles].sort((x, y) => x.name.localeCompare(y.name))) {
    const report = reporterFor(f.file, issues);
    if (!ACCOUNT_NAME.pattern.test(f.name)) report('(file)', `"${f.name}" is not a valid account name; ${ACCOUNT_NAME.fix}`);
    if (f.loadError) {
      report('(file)', f.loadError);
      continue;
    }
    const parsed = accountSchema.safeParse(f.value, { reportInput: true });
    if (!parsed.success) {
      schemaIssues(parsed.error, report, 'defineAccount');
      continue;
    }
    const id = parsed.data.id;
    const first = byId.get(id);
    if (first) report('id', `account ${id} is already defined in ${first}; each account has exactly one file, so remove one of them`);
    else byId.set(id, f.file);
    if (id === accountOrg.hubAccountId) {
      report('id', `${id} is the hub account (hubAccountId in org.ts); the hub is not a member: remove this file or fix the id`);
    }
    checkRawAscending(f.value, report);
    const account = resolveAccount(f.name, parsed.data, accountOrg);
    await checkAccountRules(account, parsed.data, report);
    accounts.push(account);
  }

  if (settings !== null && issues.length === 0) {
    // Only a catalog valid in every other way is measured against AWS's limits.
    const labels = new Map<string, string>([[ORG_FILE, org?.file ?? orgLabel], ...accountFiles.map((f): [string, string] => [accountFile(f.name), f.file])]);
    issues.push(...relabel(catalogLimitIssues({ org: settings, accounts }), (file) => labels.get(file)));
  }
  const ok = settings !== null && issues.length === 0;
  return { catalog: ok ? { org: settings, accounts } : null, issues };
}
