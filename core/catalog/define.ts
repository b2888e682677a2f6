/**
 * What catalog files import (`import { defineAccount } from 'budget-guardrails'`). The functions
 * only give editors the types; the loader validates every value.
 */
import type { AccountInput, OrgInput } from './schema';

export type { AccountInput, OrgInput };

export function defineOrg(org: OrgInput): OrgInput {
  return org;
}

export function defineAccount(account: AccountInput): AccountInput {
  return account;
}
