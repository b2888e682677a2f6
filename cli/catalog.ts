import { formatIssue } from '../core/catalog/errors';
import { loadCatalog } from '../core/catalog/load';
import type { AccountPolicy, Catalog } from '../core/catalog/types';
import { Io, UsageError } from './io';

export const DEFAULT_ACCOUNTS_DIR = 'accounts';

/** Loads the catalog; on problems prints every error line and returns null. */
export async function loadOrReport(dir: string, io: Io): Promise<Catalog | null> {
  const { catalog, issues } = await loadCatalog(dir);
  if (catalog) return catalog;
  for (const issue of issues) io.err(formatIssue(issue));
  io.err(`${issues.length} problem(s) in the catalog at ${dir}`);
  return null;
}

export function findAccount(catalog: Catalog, name: string): AccountPolicy {
  const account = catalog.accounts.find((a) => a.name === name || a.id === name);
  if (!account) {
    const known = catalog.accounts.map((a) => a.name).join(', ');
    throw new UsageError(`unknown account "${name}"; use one of: ${known}`);
  }
  return account;
}

export function parseUsd(value: string, option: string): number {
  const n = Number(value.replace(/[$,_]/g, ''));
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`${option} must be a non-negative amount in USD, e.g. ${option} 5001 (got "${value}")`);
  return n;
}
