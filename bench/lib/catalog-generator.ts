/**
 * Realistic catalogs of any size for the benchmarks: a seeded generator of `accounts/<name>.ts`
 * inputs in which every catalog feature is used by some accounts (each feature is forced on at
 * least one account, then switched on at random with a realistic share). The inputs go through
 * the real validator, so a generated catalog is exactly what `cdktf synth` would accept.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AccountInput, OrgInput } from '../../core/catalog/define';
import type { AccountPolicy, Catalog } from '../../core/catalog/types';
import { validateCatalog } from '../../core/catalog/validate';
import { formatIssue } from '../../core/catalog/errors';
import { Random, seededRandom } from './random';

export const DEFAULT_SEED = 20261122;
export const HUB_ACCOUNT_ID = '111111111111';

/** Every feature a member account can use, and how to recognise it on the resolved policy. */
export const FEATURES = {
  enforceMode: (a: AccountPolicy) => a.mode === 'enforce',
  checkMode: (a: AccountPolicy) => a.mode === 'check',
  skipMode: (a: AccountPolicy) => a.mode === 'skip',
  customAlerts: (a: AccountPolicy) => a.alerts.actualPct.join() !== '50,80,100',
  customStates: (a: AccountPolicy) => a.states.critical.actualPct !== 110,
  serviceAlarms: (a: AccountPolicy) => a.serviceAlarms.length > 0,
  multiRegion: (a: AccountPolicy) => a.workloadRegions.length > 1,
  tagUnapproved: (a: AccountPolicy) => a.enforcement.over.tagUnapproved.length > 0,
  stopInstances: (a: AccountPolicy) => a.enforcement.critical.stopInstances.length > 0,
  scaleToZero: (a: AccountPolicy) => a.enforcement.shutdown.scaleToZero.length > 0,
  stopRds: (a: AccountPolicy) => a.enforcement.shutdown.stopRdsClusters.length + a.enforcement.shutdown.stopRdsInstances.length > 0,
  pauseRedshift: (a: AccountPolicy) => a.enforcement.shutdown.pauseRedshiftClusters.length > 0,
  detachPolicies: (a: AccountPolicy) => a.enforcement.shutdown.detachPolicies.length > 0,
  lockdownPrincipals: (a: AccountPolicy) => a.enforcement.critical.lockdown.length > 0 && a.enforcement.lockdownOn.via === 'principals',
  lockdownScp: (a: AccountPolicy) => a.enforcement.critical.lockdown.length > 0 && a.enforcement.lockdownOn.via === 'scp',
  restartOnRestore: (a: AccountPolicy) => a.enforcement.restartInstancesOnRestore,
  teamAccess: (a: AccountPolicy) => a.teamAccess.length > 0,
  accessPolicies: (a: AccountPolicy) => a.accessPolicies.length > 0,
  runtimeBudgets: (a: AccountPolicy) => a.runtimeBudgets.length > 0,
  tagPolicy: (a: AccountPolicy) => a.tagPolicy !== null,
} as const;

export type Feature = keyof typeof FEATURES;
export const FEATURE_NAMES = Object.keys(FEATURES) as Feature[];

/** Share of accounts that use a feature beyond the one account that is forced to. */
const SHARE: Record<Feature, number> = {
  enforceMode: 0.55, checkMode: 0.35, skipMode: 0.1, customAlerts: 0.3, customStates: 0.15, serviceAlarms: 0.3,
  multiRegion: 0.4, tagUnapproved: 0.3, stopInstances: 0.6, scaleToZero: 0.35, stopRds: 0.25, pauseRedshift: 0.1,
  detachPolicies: 0.3, lockdownPrincipals: 0.35, lockdownScp: 0.1, restartOnRestore: 0.2, teamAccess: 0.4,
  accessPolicies: 0.2, runtimeBudgets: 0.15, tagPolicy: 0.25,
};

const TEAMS = ['payments', 'search', 'ml', 'data', 'web', 'mobile', 'platform', 'analytics', 'identity', 'media', 'ads', 'risk'];
const ENVS = ['prod', 'staging', 'dev', 'sandbox'];
const REGIONS = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];
const SERVICES = ['AmazonEC2', 'AmazonRDS', 'AmazonS3', 'AWSLambda', 'AmazonRoute53', 'AmazonSageMaker', 'AmazonRedshift'];
const LOCKDOWN_CRITICAL = ['ec2:RunInstances', 'ec2:StartInstances', 'rds:CreateDBInstance', 'rds:StartDB*', 'redshift:CreateCluster', 'sagemaker:CreateTrainingJob'];
const LOCKDOWN_SHUTDOWN = ['ec2:*', 'sagemaker:Create*', 'rds:Create*', 'lambda:CreateFunction', 'elasticmapreduce:RunJobFlow'];
const TEAM_SERVICES = ['ec2', 'autoscaling', 'elasticloadbalancing', 'cloudwatch', 'rds', 's3', 'lambda', 'sagemaker'];

export interface GeneratedCatalog {
  readonly org: OrgInput;
  readonly accounts: readonly { readonly name: string; readonly input: AccountInput }[];
}

export function orgInput(): OrgInput {
  return {
    hubAccountId: HUB_ACCOUNT_ID,
    hubRegion: 'us-east-1',
    organizationId: 'o-benchorg001',
    senderEmail: 'budget-guardrails@example.com',
    opsEmails: ['platform-team@example.com'],
    busAccess: 'organization',
    evaluationSchedule: 'rate(4 hours)',
    tagPolicySchedule: 'rate(1 hour)',
    backend: { type: 'local' },
  };
}

/** Features account `index` of `count` must use, so that every feature appears at least once. */
function forcedFeatures(index: number, count: number): Set<Feature> {
  return new Set(FEATURE_NAMES.filter((_, j) => j % count === index));
}

function pickMode(rng: Random, forced: Set<Feature>): 'enforce' | 'check' | 'skip' {
  if (forced.has('skipMode')) return 'skip';
  if (forced.has('checkMode')) return 'check';
  if (forced.has('enforceMode')) return 'enforce';
  const r = rng.next();
  return r < SHARE.enforceMode ? 'enforce' : r < SHARE.enforceMode + SHARE.checkMode ? 'check' : 'skip';
}

function accountInput(index: number, count: number, name: string, team: string, rng: Random): AccountInput {
  const forced = forcedFeatures(index, count);
  // A feature forced elsewhere may still be chosen here, but mode features are exclusive.
  const uses = (f: Feature) => forced.has(f) || rng.chance(SHARE[f]);
  const mode = pickMode(rng, forced);
  const enforceable = mode !== 'skip';
  const asg = `${name}-web`;
  const role = `${team}-engineer`;
  const lockdownScp = uses('lockdownScp');
  const lockdown = lockdownScp || uses('lockdownPrincipals');
  const regionCount = uses('multiRegion') ? rng.int(2, 3) : 1;
  const workloadRegions = ['us-east-1', ...rng.sample(REGIONS.slice(1), regionCount - 1)];
  const runtimeBudget = uses('runtimeBudgets');
  const accessPolicy = runtimeBudget || uses('accessPolicies');
  const input: AccountInput = {
    id: String(200_000_000_000 + index * 7),
    owners: [`${team}-lead@example.com`, ...(rng.chance(0.5) ? [`${name}-oncall@example.com`] : [])],
    mode,
    ...(enforceable || rng.chance(0.5) ? { targetUsd: Math.round(50 * Math.pow(1000, rng.next())) } : {}),
    ...(uses('customAlerts') ? { alerts: { actual: [75, 90, 100], forecast: [100, 120] } } : {}),
    ...(uses('customStates') ? { states: { under: 70, critical: { actual: 115, forecast: 140 }, shutdown: { actual: 140, forecast: 180 } } } : {}),
    ...(uses('serviceAlarms') ? { serviceAlarms: rng.sample(SERVICES, rng.int(1, 3)).map((service) => ({ service, amountUsd: rng.int(5, 2000) })) } : {}),
    ...(regionCount > 1 ? { workloadRegions } : {}),
    enforcement: {
      over: uses('tagUnapproved') ? { tagUnapproved: [{ team }] } : undefined,
      critical: {
        ...(uses('stopInstances') ? { stopInstances: [{ team }, ...(rng.chance(0.3) ? [{ env: 'dev' }] : [])] } : {}),
        ...(lockdown ? { lockdown: rng.sample(LOCKDOWN_CRITICAL, rng.int(2, 4)) } : {}),
      },
      shutdown: {
        ...(uses('scaleToZero') ? { scaleToZero: [asg, ...(rng.chance(0.4) ? [`${name}-workers`] : [])] } : {}),
        ...(uses('stopRds') ? { stopRdsClusters: [`${team}-aurora`], stopRdsInstances: [`${team}-reporting`] } : {}),
        ...(uses('pauseRedshift') ? { pauseRedshiftClusters: [`${team}-warehouse`] } : {}),
        ...(uses('detachPolicies') ? { detachPolicies: [{ policy: 'arn:aws:iam::aws:policy/PowerUserAccess', roles: [role] }] } : {}),
        ...(lockdown ? { lockdown: rng.sample(LOCKDOWN_SHUTDOWN, rng.int(1, 3)) } : {}),
      },
      ...(lockdown ? { lockdownOn: lockdownScp ? { via: 'scp' as const } : { via: 'principals' as const, roles: [role] } } : {}),
      ...(uses('restartOnRestore') ? { restartInstancesOnRestore: true } : {}),
    },
    ...(uses('teamAccess') ? {
      teamAccess: [{ name: `${team}-${index}`, group: `${team}-developers`, services: rng.sample(TEAM_SERVICES, rng.int(2, 4)), resourceTag: { key: 'team', value: team } }],
    } : {}),
    ...(accessPolicy ? {
      accessPolicies: [{ name: 'AllowGPUAccess', actions: ['ec2:RunInstances', 'ec2:StartInstances', 'ec2:StopInstances'], users: [`${team}-trainer`] }],
    } : {}),
    ...(runtimeBudget ? {
      runtimeBudgets: [{
        name: 'gpu-training',
        minutesPerMonth: rng.int(10, 100) * 100,
        instanceTags: { workload: 'gpu-training' },
        atLimit: { stopInstances: true, detachPolicies: [{ policy: 'AllowGPUAccess', users: [`${team}-trainer`] }] },
      }],
    } : {}),
    ...(uses('tagPolicy') ? {
      tagPolicy: {
        rules: [
          { key: 'ProjectCode', required: true, action: 'update' as const, default: `${team}-general` },
          { key: 'CreatedBy', required: true, action: 'userLookup' as const },
          { key: 'Expires', required: rng.chance(0.5), action: 'function' as const, function: 'today()+30d' },
        ],
        untagged: rng.pick(['stop', 'stop', 'ignore', 'terminate'] as const),
      },
    } : {}),
  };
  return input;
}

/** `count` member accounts named `<team>-<env>-<nnnn>`, reproducible from `seed`. */
export function generateCatalogInputs(count: number, seed = DEFAULT_SEED): GeneratedCatalog {
  if (!Number.isInteger(count) || count < 1) throw new Error(`account count must be a positive whole number, got ${count}`);
  const rng = seededRandom(seed);
  const accounts = Array.from({ length: count }, (_, i) => {
    const team = rng.pick(TEAMS);
    const name = `${team}-${rng.pick(ENVS)}-${String(i).padStart(4, '0')}`;
    return { name, input: accountInput(i, count, name, team, rng) };
  });
  return { org: orgInput(), accounts };
}

/** The generated inputs, validated and resolved by the real catalog validator. */
export async function generateCatalog(count: number, seed = DEFAULT_SEED): Promise<Catalog> {
  const generated = generateCatalogInputs(count, seed);
  const { catalog, issues } = await validateCatalog(
    { file: 'bench/org.ts', name: 'org', value: generated.org },
    generated.accounts.map((a) => ({ file: `bench/${a.name}.ts`, name: a.name, value: a.input })),
  );
  if (!catalog) throw new Error(`the generated catalog is invalid (a generator bug):\n${issues.slice(0, 10).map(formatIssue).join('\n')}`);
  return catalog;
}

const source = (definer: string, value: unknown) =>
  `import { ${definer} } from 'budget-guardrails';\n\nexport default ${definer}(${JSON.stringify(value, null, 2)});\n`;

/** Writes the generated catalog as a folder `cdktf synth` can load (org.ts + one file per account). */
export function writeCatalogFolder(dir: string, generated: GeneratedCatalog): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'org.ts'), source('defineOrg', generated.org));
  for (const a of generated.accounts) writeFileSync(path.join(dir, `${a.name}.ts`), source('defineAccount', a.input));
}

/** How many accounts use each feature. */
export function featureCoverage(accounts: readonly AccountPolicy[]): Record<Feature, number> {
  const out = {} as Record<Feature, number>;
  for (const f of FEATURE_NAMES) out[f] = accounts.filter(FEATURES[f]).length;
  return out;
}
