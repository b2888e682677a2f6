/**
 * Applies one account's tag policy in its regions and builds the run's report. Receives its
 * clients and the time; mode `check` evaluates and reports (outcome `planned`) without writing.
 */
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { AccountPolicy, TagPolicy } from '../../core/catalog/types';
import type { TagPolicyReport } from '../../core/events/schemas';
import { evaluateInstance } from '../../core/tags/evaluate';
import {
  ReportAction, ReportError, ReportViolation, buildTagPolicyReport, violationsOf,
} from '../../core/tags/report';
import { InstanceVerdict, UNKNOWN_CREATOR, launchMayBeUndelivered } from '../../core/tags/types';
import { findInstanceCreator } from '../aws/cloudtrail';
import type { TagEc2 } from '../aws/tag-ec2';

export interface RegionClients {
  readonly ec2: TagEc2;
  readonly cloudTrail: CloudTrailClient;
}

/** A region to scan; `instanceIds` limits the scan to those instances (a state-change event). */
export interface RegionTarget {
  readonly region: string;
  readonly instanceIds?: readonly string[];
}

export interface AccountRun {
  readonly account: AccountPolicy & { readonly tagPolicy: TagPolicy };
  readonly targets: readonly RegionTarget[];
  readonly clientsFor: (region: string) => RegionClients;
  readonly now: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const message = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

interface InstanceResult {
  readonly violations: ReportViolation[];
  readonly actions: ReportAction[];
}

/**
 * Resolves every fix's value; a userLookup that finds nobody yields "unknown", unless the
 * instance started so recently that CloudTrail may not show its launch yet (then: no value now).
 */
async function resolveValues(verdict: InstanceVerdict, run: AccountRun, clients: RegionClients) {
  const values: Record<string, string> = {};
  const creatorsNotFound = new Set<string>();
  const creatorsDeferred = new Set<string>();
  const failed: ReportAction[] = [];
  let creator: Promise<string | undefined> | undefined;
  for (const fix of verdict.fixes) {
    if (fix.source.kind === 'value') {
      values[fix.key] = fix.source.value;
      continue;
    }
    creator ??= findInstanceCreator(clients.cloudTrail, {
      instanceId: verdict.instance.id,
      start: new Date(run.now.getTime() - run.account.tagPolicy.lookbackDays * DAY_MS),
      end: run.now,
    });
    try {
      const found = await creator;
      if (found !== undefined) {
        values[fix.key] = found;
      } else if (launchMayBeUndelivered(verdict.instance, run.now)) {
        creatorsDeferred.add(fix.key);
      } else {
        values[fix.key] = UNKNOWN_CREATOR;
        creatorsNotFound.add(fix.key);
      }
    } catch (error) {
      failed.push({
        instanceId: verdict.instance.id, region: verdict.instance.region, action: 'tag', key: fix.key,
        outcome: 'failed', error: `CloudTrail lookup failed: ${message(error)}`,
      });
    }
  }
  return { values, creatorsNotFound, creatorsDeferred, failed };
}

async function applyVerdict(verdict: InstanceVerdict, run: AccountRun, clients: RegionClients, dryRun: boolean): Promise<InstanceResult> {
  const { id: instanceId, region } = verdict.instance;
  const { values, creatorsNotFound, creatorsDeferred, failed } = await resolveValues(verdict, run, clients);
  const violations = violationsOf(verdict, creatorsNotFound, run.account.tagPolicy.lookbackDays, creatorsDeferred);
  const actions: ReportAction[] = [...failed];
  const tagAction = (key: string, outcome: ReportAction['outcome'], error?: string): ReportAction =>
    ({ instanceId, region, action: 'tag', key, value: values[key], outcome, ...(error ? { error } : {}) });

  const keys = Object.keys(values);
  if (keys.length > 0) {
    if (dryRun) {
      actions.push(...keys.map((key) => tagAction(key, 'planned')));
    } else {
      try {
        if ((await clients.ec2.createTags(instanceId, values)) === 'gone') return { violations, actions };
        actions.push(...keys.map((key) => tagAction(key, 'applied')));
      } catch (error) {
        actions.push(...keys.map((key) => tagAction(key, 'failed', message(error))));
      }
    }
  }

  const lifecycle = verdict.lifecycle;
  if (lifecycle) {
    const record = (outcome: ReportAction['outcome'], error?: string): ReportAction =>
      ({ instanceId, region, action: lifecycle, outcome, ...(error ? { error } : {}) });
    if (dryRun) {
      actions.push(record('planned'));
    } else {
      try {
        const result = lifecycle === 'stop' ? await clients.ec2.stop(instanceId) : await clients.ec2.terminate(instanceId);
        if (result === 'done') actions.push(record('applied'));
      } catch (error) {
        actions.push(record('failed', message(error)));
      }
    }
  }
  return { violations, actions };
}

export async function enforceTagPolicy(run: AccountRun): Promise<TagPolicyReport> {
  const policy = run.account.tagPolicy;
  const dryRun = run.account.mode !== 'enforce';
  const violations: ReportViolation[] = [];
  const actions: ReportAction[] = [];
  const errors: ReportError[] = [];
  let scanned = 0;

  for (const target of run.targets) {
    const clients = run.clientsFor(target.region);
    let instances;
    try {
      instances = await clients.ec2.instances({
        ...(target.instanceIds ? { instanceIds: target.instanceIds } : {}),
        vpcIds: policy.scope.vpcIds,
        scopeTags: policy.scope.tags,
      });
    } catch (error) {
      errors.push({ region: target.region, error: `could not list instances: ${message(error)}` });
      continue;
    }
    for (const instance of instances) {
      const verdict = evaluateInstance(instance, policy, run.now);
      if (verdict.disposition !== 'checked') continue;
      scanned += 1;
      if (verdict.fixes.length === 0 && !verdict.untagged) continue;
      const result = await applyVerdict(verdict, run, clients, dryRun);
      violations.push(...result.violations);
      actions.push(...result.actions);
    }
  }

  return buildTagPolicyReport({
    accountId: run.account.id,
    accountName: run.account.name,
    dryRun,
    scannedInstances: scanned,
    violations,
    actions,
    errors,
    at: run.now,
  });
}
