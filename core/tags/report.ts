/** The `Tag Policy Report` of one run for one account: violations found and actions taken. */
import type { TagPolicyReport } from '../events/schemas';
import type { InstanceVerdict, TagProblem } from './types';
import { UNKNOWN_CREATOR } from './types';

export type ReportViolation = TagPolicyReport['violations'][number];
export type ReportAction = TagPolicyReport['actions'][number];
export type ReportError = NonNullable<TagPolicyReport['errors']>[number];

const PROBLEM_TEXT: Record<TagProblem, string> = {
  missing: 'required tag is missing',
  empty: 'tag has an empty value',
};

/**
 * The violations of one checked instance. `creatorsNotFound` holds the keys of userLookup fixes
 * for which CloudTrail named nobody, so the report says the tag was set to "unknown";
 * `creatorsDeferred` those left for a later run because the instance started too recently.
 */
export function violationsOf(
  verdict: InstanceVerdict, creatorsNotFound: ReadonlySet<string>, lookbackDays: number, creatorsDeferred: ReadonlySet<string> = new Set(),
): ReportViolation[] {
  const { id: instanceId, region } = verdict.instance;
  const out: ReportViolation[] = [];
  if (verdict.untagged) out.push({ instanceId, region, problem: 'instance has no tags' });
  for (const fix of verdict.fixes) {
    const notFound = creatorsNotFound.has(fix.key)
      ? `; nobody was found launching it in CloudTrail within ${lookbackDays} day(s), so the value is "${UNKNOWN_CREATOR}"`
      : creatorsDeferred.has(fix.key)
        ? '; the launch is not in CloudTrail yet (it can take 15 minutes), so the tag is left for the next run'
        : '';
    out.push({ instanceId, region, key: fix.key, problem: `${PROBLEM_TEXT[fix.problem]}${notFound}` });
  }
  return out;
}

export interface ReportInput {
  readonly accountId: string;
  readonly accountName: string;
  readonly dryRun: boolean;
  readonly scannedInstances: number;
  readonly violations: readonly ReportViolation[];
  readonly actions: readonly ReportAction[];
  readonly errors: readonly ReportError[];
  readonly at: Date;
}

/** EventBridge accepts events up to 256 KB; the envelope and the rest of the detail fit in the margin. */
export const MAX_REPORT_BYTES = 200_000;

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

/**
 * Builds the report detail. When the lists would not fit in one event, the tail of each list is
 * left out (actions are kept in preference to violations) and the counts are in `omitted`.
 */
export function buildTagPolicyReport(input: ReportInput, maxBytes = MAX_REPORT_BYTES): TagPolicyReport {
  const base: TagPolicyReport = {
    accountId: input.accountId,
    accountName: input.accountName,
    dryRun: input.dryRun,
    scannedInstances: input.scannedInstances,
    violations: [...input.violations],
    actions: [...input.actions],
    ...(input.errors.length > 0 ? { errors: [...input.errors] } : {}),
    at: input.at.toISOString(),
  };
  if (bytes(base) <= maxBytes) return base;

  const omitted = { violations: 0, actions: 0 };
  const report = { ...base, omitted };
  let budget = maxBytes - bytes({ ...report, violations: [], actions: [] });
  const keep = <T>(items: readonly T[]): T[] => {
    const kept: T[] = [];
    for (const item of items) {
      const size = bytes(item) + 1;
      if (size > budget) break;
      budget -= size;
      kept.push(item);
    }
    return kept;
  };
  report.actions = keep(input.actions);
  report.violations = keep(input.violations);
  omitted.actions = input.actions.length - report.actions.length;
  omitted.violations = input.violations.length - report.violations.length;
  return report;
}
