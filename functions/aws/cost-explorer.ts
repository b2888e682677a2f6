/**
 * The evaluator's one Cost Explorer query per run: the whole organization, month to date, DAILY,
 * grouped by LINKED_ACCOUNT, following NextPageToken. Never one call per account (each costs money).
 */
import { CostExplorerClient, GetCostAndUsageCommand, ResultByTime } from '@aws-sdk/client-cost-explorer';
import { COST_METRIC, OrgDailyCosts, costQueryWindow, parseDailyCosts } from '../../core/forecast';

/** A runaway paginator is a bug, not a big organization: 1,000 accounts × 31 days fits in far fewer pages. */
export const MAX_COST_PAGES = 100;

export class OrgCostReader {
  constructor(private readonly client: CostExplorerClient) {}

  async monthToDate(now: Date): Promise<OrgDailyCosts> {
    const pages: ResultByTime[][] = [];
    let token: string | undefined;
    do {
      const out = await this.client.send(new GetCostAndUsageCommand({
        TimePeriod: costQueryWindow(now),
        Granularity: 'DAILY',
        Metrics: [COST_METRIC],
        GroupBy: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }],
        NextPageToken: token,
      }));
      pages.push(out.ResultsByTime ?? []);
      token = out.NextPageToken;
      if (pages.length >= MAX_COST_PAGES && token) throw new Error(`GetCostAndUsage returned more than ${MAX_COST_PAGES} pages; refusing to continue`);
    } while (token);
    return parseDailyCosts(pages);
  }
}
