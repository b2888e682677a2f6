/**
 * Parses Cost Explorer's org-wide `GetCostAndUsage` result (DAILY, grouped by LINKED_ACCOUNT) into
 * per-account daily costs. Structural types only: core/ never imports the AWS SDK.
 */

/** The cost metric the evaluator asks for; billing alarms watch the same (unblended) charges. */
export const COST_METRIC = 'UnblendedCost';

export interface CostGroupShape {
  readonly Keys?: readonly string[];
  readonly Metrics?: Readonly<Record<string, { readonly Amount?: string; readonly Unit?: string } | undefined>>;
}

export interface ResultByTimeShape {
  readonly TimePeriod?: { readonly Start?: string; readonly End?: string };
  readonly Groups?: readonly CostGroupShape[];
  readonly Estimated?: boolean;
}

export interface DailyCost {
  /** The day, "yyyy-mm-dd" (UTC). */
  readonly day: string;
  readonly usd: number;
  /** Cost Explorer marks days whose figures are still moving. */
  readonly estimated: boolean;
}

export interface OrgDailyCosts {
  /** Account id → its days with a cost row, sorted by day. */
  readonly byAccount: ReadonlyMap<string, readonly DailyCost[]>;
  /** True when Cost Explorer returned at least one account row: the org has data for the period. */
  readonly hasData: boolean;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Merges the pages of one query; a malformed row fails with what was wrong, never silently. */
export function parseDailyCosts(pages: readonly (readonly ResultByTimeShape[])[], metric: string = COST_METRIC): OrgDailyCosts {
  const days = new Map<string, Map<string, DailyCost>>();
  let rows = 0;
  for (const page of pages) {
    for (const period of page) {
      const day = period.TimePeriod?.Start;
      if (!day || !DAY.test(day)) throw new Error(`Cost Explorer result has a TimePeriod.Start "${day}" that is not yyyy-mm-dd; the query must use Granularity DAILY`);
      for (const group of period.Groups ?? []) {
        const accountId = group.Keys?.[0];
        if (!accountId || !/^\d{12}$/.test(accountId)) {
          throw new Error(`Cost Explorer group key "${accountId}" is not an account id; the query must group by DIMENSION LINKED_ACCOUNT`);
        }
        const amount = group.Metrics?.[metric]?.Amount;
        const usd = Number(amount);
        if (amount === undefined || !Number.isFinite(usd)) {
          throw new Error(`Cost Explorer row for ${accountId} on ${day} has no numeric ${metric}.Amount (got "${amount}")`);
        }
        const perDay = days.get(accountId) ?? new Map<string, DailyCost>();
        const prior = perDay.get(day);
        // Pagination may split one day's groups across pages; amounts of the same key add up.
        perDay.set(day, { day, usd: (prior?.usd ?? 0) + usd, estimated: Boolean(period.Estimated) || Boolean(prior?.estimated) });
        days.set(accountId, perDay);
        rows++;
      }
    }
  }
  const byAccount = new Map<string, DailyCost[]>();
  for (const [accountId, perDay] of days) byAccount.set(accountId, [...perDay.values()].sort((a, b) => a.day.localeCompare(b.day)));
  return { byAccount, hasData: rows > 0 };
}
