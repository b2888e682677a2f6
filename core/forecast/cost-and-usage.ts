/**
 * Parses Cost Explorer's org-wide `GetCostAndUsage` result (DAILY, grouped by LINKED_ACCOUNT and
 * RECORD_TYPE, one or more cost metrics) into per-account daily charges, each with its kind
 * (usage, fee, tax, credit, refund). Structural types only: core/ never imports the AWS SDK.
 *
 * A row looks like (API reference, ResultByTime / Group / MetricValue):
 * `{ TimePeriod: { Start: "2026-11-02", End: "2026-11-03" }, Estimated: true,
 *    Groups: [{ Keys: ["222222222222", "Usage"], Metrics: { UnblendedCost: { Amount: "99.87", Unit: "USD" } } }] }`
 */
import { ChargeKind, chargeKindOf } from './record-types';

/** The cost metrics an account may be measured in (GetCostAndUsage `Metrics`). */
export const COST_METRICS = ['UnblendedCost', 'NetUnblendedCost', 'AmortizedCost'] as const;
export type CostMetric = (typeof COST_METRICS)[number];

/** The default metric: what the invoice shows, and what the billing alarms (EstimatedCharges) watch. */
export const COST_METRIC: CostMetric = 'UnblendedCost';

export interface CostGroupShape {
  readonly Keys?: readonly string[];
  readonly Metrics?: Readonly<Record<string, { readonly Amount?: string; readonly Unit?: string } | undefined>>;
}

export interface ResultByTimeShape {
  readonly TimePeriod?: { readonly Start?: string; readonly End?: string };
  readonly Groups?: readonly CostGroupShape[];
  readonly Estimated?: boolean;
}

/** One account's charges of one record type on one day. */
export interface DailyCharge {
  /** The day, "yyyy-mm-dd" (UTC). */
  readonly day: string;
  /** As billed: a Cost Explorer RECORD_TYPE, a FOCUS ChargeCategory, or a CSV's recordType. */
  readonly recordType: string;
  readonly kind: ChargeKind;
  readonly usd: number;
  /** Cost Explorer marks days whose figures are still moving. */
  readonly estimated: boolean;
}

export interface OrgCosts {
  /** Metric → account id → that account's charges, sorted by day. */
  readonly byMetric: ReadonlyMap<string, ReadonlyMap<string, readonly DailyCharge[]>>;
  /** True when Cost Explorer returned at least one account row: the org has data for the period. */
  readonly hasData: boolean;
}

/** An account's charges in one metric; none when the org has data but the account has no row (it spent nothing). */
export function chargesOf(costs: OrgCosts, accountId: string, metric: string): readonly DailyCharge[] {
  const perAccount = costs.byMetric.get(metric);
  if (!perAccount) throw new Error(`the Cost Explorer result has no ${metric}; the query must ask for every metric the catalog uses`);
  return perAccount.get(accountId) ?? [];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Merges the pages of one query; a malformed row fails with what was wrong, never silently. */
export function parseCostAndUsage(pages: readonly (readonly ResultByTimeShape[])[], metrics: readonly string[] = [COST_METRIC]): OrgCosts {
  // metric → account → "day|recordType" → charge
  const cells = new Map<string, Map<string, Map<string, DailyCharge>>>(metrics.map((m) => [m, new Map()]));
  let rows = 0;
  for (const page of pages) {
    for (const period of page) {
      const day = period.TimePeriod?.Start;
      if (!day || !DAY.test(day)) throw new Error(`Cost Explorer result has a TimePeriod.Start "${day}" that is not yyyy-mm-dd; the query must use Granularity DAILY`);
      for (const group of period.Groups ?? []) {
        const [accountId, recordType] = group.Keys ?? [];
        if (!accountId || !/^\d{12}$/.test(accountId)) {
          throw new Error(`Cost Explorer group key "${accountId}" is not an account id; the query must group by DIMENSION LINKED_ACCOUNT first`);
        }
        if (!recordType) {
          throw new Error(`Cost Explorer group of ${accountId} on ${day} has no second key; the query must group by DIMENSION LINKED_ACCOUNT and DIMENSION RECORD_TYPE`);
        }
        for (const metric of metrics) {
          const amount = group.Metrics?.[metric]?.Amount;
          const usd = Number(amount);
          if (amount === undefined || !Number.isFinite(usd)) {
            throw new Error(`Cost Explorer row for ${accountId} (${recordType}) on ${day} has no numeric ${metric}.Amount (got "${amount}")`);
          }
          const perAccount = cells.get(metric) as Map<string, Map<string, DailyCharge>>;
          const perKey = perAccount.get(accountId) ?? new Map<string, DailyCharge>();
          const key = `${day}|${recordType}`;
          const prior = perKey.get(key);
          // Pagination may split one day's groups across pages; amounts of the same key add up.
          perKey.set(key, {
            day, recordType, kind: chargeKindOf(recordType), usd: (prior?.usd ?? 0) + usd,
            estimated: Boolean(period.Estimated) || Boolean(prior?.estimated),
          });
          perAccount.set(accountId, perKey);
        }
        rows++;
      }
    }
  }
  const byMetric = new Map<string, Map<string, DailyCharge[]>>();
  for (const [metric, perAccount] of cells) {
    const accounts = new Map<string, DailyCharge[]>();
    for (const [accountId, perKey] of perAccount) accounts.set(accountId, sortCharges([...perKey.values()]));
    byMetric.set(metric, accounts);
  }
  return { byMetric, hasData: rows > 0 };
}

export const sortCharges = <T extends DailyCharge>(charges: T[]): T[] =>
  charges.sort((a, b) => a.day.localeCompare(b.day) || a.recordType.localeCompare(b.recordType));
