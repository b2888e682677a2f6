/**
 * Cost Explorer `GetCostAndUsage` output saved as JSON: one response, or a list of responses (its
 * pages), e.g. from
 *
 *   aws ce get-cost-and-usage --time-period Start=2026-01-01,End=2026-07-01 --granularity DAILY \
 *     --metrics UnblendedCost --group-by Type=DIMENSION,Key=LINKED_ACCOUNT Type=DIMENSION,Key=RECORD_TYPE
 *
 * parsed by the same code as the evaluator's own query (core/forecast parseCostAndUsage).
 */
import { COST_METRICS, ResultByTimeShape, parseCostAndUsage } from '../forecast/cost-and-usage';
import { CostHistory, CostLine, HistoryError } from './history';

interface ResponseShape { readonly ResultsByTime?: readonly ResultByTimeShape[] }

function metricsIn(pages: readonly (readonly ResultByTimeShape[])[]): string[] {
  const seen = new Set<string>();
  for (const page of pages) for (const period of page) for (const g of period.Groups ?? []) for (const m of Object.keys(g.Metrics ?? {})) seen.add(m);
  return [...seen];
}

export function readCostExplorerJson(text: string, file: string, metric?: string): CostHistory {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new HistoryError(file, null, '(file)', `is not JSON (${(error as Error).message}); save the output of aws ce get-cost-and-usage as it is`);
  }
  const responses = (Array.isArray(json) ? json : [json]) as ResponseShape[];
  if (responses.some((r) => typeof r !== 'object' || r === null || !Array.isArray(r.ResultsByTime))) {
    throw new HistoryError(file, null, 'ResultsByTime', 'is missing; give a GetCostAndUsage response (or a list of its pages) with Granularity DAILY');
  }
  const pages = responses.map((r) => r.ResultsByTime ?? []);
  const present = metricsIn(pages);
  const chosen = metric ?? (present.length === 1 ? present[0] : present.includes('UnblendedCost') ? 'UnblendedCost' : undefined);
  if (!chosen || !present.includes(chosen)) {
    throw new HistoryError(file, null, 'Metrics', present.length === 0
      ? 'no group has a metric; ask for --metrics UnblendedCost grouped by LINKED_ACCOUNT and RECORD_TYPE'
      : `${metric ? `"${metric}" is not in the file` : 'several metrics and no UnblendedCost'} (found ${present.join(', ')}); pass --metric with one of ${COST_METRICS.join(', ')}`);
  }
  let parsed;
  try {
    parsed = parseCostAndUsage(pages, [chosen]);
  } catch (error) {
    throw new HistoryError(file, null, 'ResultsByTime', (error as Error).message);
  }
  const lines: CostLine[] = [];
  for (const [accountId, charges] of parsed.byMetric.get(chosen) ?? []) for (const c of charges) lines.push({ ...c, accountId });
  return { format: 'cost-explorer', amounts: chosen, lines, skipped: [] };
}
