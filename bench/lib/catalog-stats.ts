/** Counts from a resolved catalog that drive event volumes in the cost model. */
import type { Catalog } from '../../core/catalog/types';

export interface CatalogStats {
  readonly accounts: number;
  /** Accounts in check or enforce mode: the evaluator computes their state. */
  readonly evaluatedAccounts: number;
  readonly enforcedAccounts: number;
  readonly runtimeGroups: number;
  readonly tagPolicyAccounts: number;
  readonly workloadRegions: number;
  readonly ownersPerAccount: number;
}

export function catalogStats(catalog: Catalog): CatalogStats {
  const accounts = catalog.accounts;
  const n = accounts.length;
  return {
    accounts: n,
    evaluatedAccounts: accounts.filter((a) => a.mode !== 'skip').length,
    enforcedAccounts: accounts.filter((a) => a.mode === 'enforce').length,
    runtimeGroups: accounts.reduce((s, a) => s + a.runtimeBudgets.length, 0),
    tagPolicyAccounts: accounts.filter((a) => a.tagPolicy !== null && a.mode !== 'skip').length,
    workloadRegions: accounts.reduce((s, a) => s + a.workloadRegions.length, 0),
    ownersPerAccount: n === 0 ? 0 : accounts.reduce((s, a) => s + a.owners.length, 0) / n,
  };
}
