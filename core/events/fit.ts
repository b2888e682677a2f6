/**
 * Guardrail events stay within EventBridge's PutEvents entry limit (256 KB, counted as Source +
 * DetailType + Detail + Resources in UTF-8 bytes, see README's limits table). When a detail's lists
 * would not fit, their tail is left out and `omitted` counts what was left out; failed actions are
 * kept in preference to the others. The records in the table keep everything.
 */
import { AWS_LIMITS } from '../limits/aws-limits';
import { utf8Bytes } from '../limits/measure';
import { DETAIL_TYPES } from './schemas';

/** The lists each detail-type may have cut, first cut first. */
export const TRIMMABLE_LISTS: Readonly<Record<string, readonly string[]>> = {
  [DETAIL_TYPES.guardrailActionTaken]: ['actions'],
  [DETAIL_TYPES.runtimeThresholdCrossed]: ['runningInstances'],
  [DETAIL_TYPES.tagPolicyReport]: ['violations', 'actions'],
};

export interface EntryParts {
  readonly source: string;
  readonly detailType: string;
  readonly detail: string;
  readonly resources?: readonly string[];
}

/** EventBridge's own calculation of a PutEvents entry's size (no Time parameter is sent). */
export const putEventsEntryBytes = (e: EntryParts): number =>
  utf8Bytes(e.source) + utf8Bytes(e.detailType) + utf8Bytes(e.detail) + (e.resources ?? []).reduce((n, r) => n + utf8Bytes(r), 0);

type Detail = Record<string, unknown>;
const isFailed = (item: unknown) => typeof item === 'object' && item !== null && (item as { outcome?: unknown }).outcome === 'failed';

/** The first `keep` items, failed ones first in line, in their original order. */
function kept(items: readonly unknown[], keep: number): unknown[] {
  const order = [...items.keys()].sort((a, b) => Number(isFailed(items[b])) - Number(isFailed(items[a])) || a - b);
  const chosen = new Set(order.slice(0, keep));
  return items.filter((_, i) => chosen.has(i));
}

export function fitDetail<T>(source: string, detailType: string, detail: T, resources: readonly string[] = [],
  maxBytes: number = AWS_LIMITS.putEventsEntry.max): T {
  const size = (d: unknown) => putEventsEntryBytes({ source, detailType, detail: JSON.stringify(d), resources });
  if (size(detail) <= maxBytes) return detail;
  const fields = (TRIMMABLE_LISTS[detailType] ?? []).filter((f) => Array.isArray((detail as Detail)[f]));
  const previous = ((detail as Detail).omitted ?? {}) as Record<string, number>;
  const omitted: Record<string, number> = Object.fromEntries(fields.map((f) => [f, previous[f] ?? 0]));
  let out: Detail = { ...(detail as Detail), omitted };
  for (const field of fields) {
    const all = (detail as Detail)[field] as unknown[];
    const withCount = (keep: number): Detail => ({ ...out, [field]: kept(all, keep), omitted: { ...omitted, [field]: (previous[field] ?? 0) + all.length - keep } });
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (size(withCount(mid)) <= maxBytes) lo = mid;
      else hi = mid - 1;
    }
    out = withCount(lo);
    omitted[field] = (out.omitted as Record<string, number>)[field];
    if (size(out) <= maxBytes) return out as T;
  }
  throw new Error(`"${detailType}" is ${size(out)} bytes even with its lists emptied, over EventBridge's ${maxBytes}`);
}
