export * from './types';
export * from './errors';
export { defineAccount, defineOrg } from './define';
export type { AccountInput, OrgInput } from './define';
export { loadCatalog, loadCatalogOrThrow } from './load';
export { validateCatalog } from './validate';
export type { CatalogFile, ValidationResult } from './validate';
