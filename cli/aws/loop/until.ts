/** `--until` of `guardrails exempt`: an ISO 8601 time with a zone, or a duration from now (`+90m`, `+6h`, `+2d`). */
import { UsageError } from '../../io';

/** Exemptions are break-glass: at most this long; a longer need is a catalog change through a pull request. */
export const MAX_EXEMPTION_DAYS = 31;

export function parseUntil(text: string, now: Date): Date {
  const relative = /^\+(\d{1,5})(m|h|d)$/.exec(text.trim());
  let until: Date;
  if (relative) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[2] as 'm' | 'h' | 'd'];
    until = new Date(now.getTime() + Number(relative[1]) * unit);
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text.trim())) {
    until = new Date(text.trim());
  } else {
    throw new UsageError(`--until "${text}" is not a time; give an ISO 8601 time with its zone (2026-11-19T18:00Z) or a duration from now (+90m, +6h, +2d)`);
  }
  if (Number.isNaN(until.getTime())) throw new UsageError(`--until "${text}" is not a valid time; e.g. 2026-11-19T18:00Z or +6h`);
  if (until.getTime() <= now.getTime()) throw new UsageError(`--until ${until.toISOString()} is not in the future; give a later time, e.g. +6h`);
  if (until.getTime() > now.getTime() + MAX_EXEMPTION_DAYS * 86_400_000) {
    throw new UsageError(`--until ${until.toISOString()} is more than ${MAX_EXEMPTION_DAYS} days away; an exemption is break-glass: for longer, change the account's enforcement or target through a pull request`);
  }
  return until;
}
