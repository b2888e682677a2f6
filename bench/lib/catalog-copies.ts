/** `count` copies of one catalog account under their own names and ids, for the org-scale tests and benchmark. */
import type { AccountPolicy, Catalog } from '../../core/catalog/types';

export type LockdownVia = 'principals' | 'scp';

export function accountCopies(catalog: Catalog, source: string, count: number, via: LockdownVia): Catalog {
  const original = catalog.accounts.find((a) => a.name === source);
  if (!original) throw new Error(`no account ${source} in the catalog`);
  const lockdownOn = via === 'scp' ? { via, users: [], groups: [], roles: [] } : original.enforcement.lockdownOn;
  const accounts: AccountPolicy[] = Array.from({ length: count }, (_, i) => ({
    ...original, name: `${source}-${String(i).padStart(4, '0')}`, id: String(400000000000 + i), enforcement: { ...original.enforcement, lockdownOn },
  }));
  return { org: catalog.org, accounts };
}
