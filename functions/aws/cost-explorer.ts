/**
 * The evaluator's one Cost Explorer query per run: the whole organization, month to date, DAILY,
 * grouped by LINKED_ACCOUNT and RECORD_TYPE, every metric the catalog uses, following
 * NextPageToken. Never one call per account (each request is billed).
 *
 * SDK v3 ships no `paginateGetCostAndUsage` (the service model does not mark GetCostAndUsage as
 * paginated, and `@smithy/core`'s createPaginator is internal), so `costAndUsagePages` is the same
 * contract as the generated paginators: an async iterator of responses, the token passed along.
 */
import { CostExplorerClient, GetCostAndUsageCommand, GetCostAndUsageCommandInput, GetCostAndUsageCommandOutput, ResultByTime } from '@aws-sdk/client-cost-explorer';
import { COST_METRIC, OrgCosts, costQueryWindow, parseCostAndUsage } from '../../core/forecast';

/** A runaway paginator is a bug, not a big organization. */
export const MAX_COST_PAGES = 100;

/** GetCostAndUsage accepts at most two GroupBy entries: account and record type use both. */
export const COST_GROUP_BY = [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }, { Type: 'DIMENSION', Key: 'RECORD_TYPE' }] as const;

export async function* costAndUsagePages(client: CostExplorerClient, input: Omit<GetCostAndUsageCommandInput, 'NextPageToken'>): AsyncGenerator<GetCostAndUsageCommandOutput> {
  let token: string | undefined;
  let pages = 0;
  do {
    const out = await client.send(new GetCostAndUsageCommand({ ...input, NextPageToken: token }));
    yield out;
    token = out.NextPageToken;
    if (++pages >= MAX_COST_PAGES && token) throw new Error(`GetCostAndUsage returned more than ${MAX_COST_PAGES} pages; refusing to continue`);
  } while (token);
}

export class OrgCostReader {
  constructor(private readonly client: CostExplorerClient) {}

  async monthToDate(now: Date, metrics: readonly string[] = [COST_METRIC]): Promise<OrgCosts> {
    const asked = [...new Set(metrics)].sort();
    const pages: ResultByTime[][] = [];
    for await (const out of costAndUsagePages(this.client, {
      TimePeriod: costQueryWindow(now),
      Granularity: 'DAILY',
      Metrics: asked,
      GroupBy: COST_GROUP_BY.map((g) => ({ ...g })),
    })) pages.push(out.ResultsByTime ?? []);
    return parseCostAndUsage(pages, asked);
  }
}
