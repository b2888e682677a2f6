/**
 * budget-guardrails: what a platform repo imports.
 *
 * - Catalog files: `defineOrg`, `defineAccount` (and their input types).
 * - The catalog: `loadCatalog` (every problem, one line each) or `loadCatalogOrThrow`.
 * - Constructs to put into stacks the platform already has: `BillingHub` (payer account) and
 *   `MemberGuardrails` (each member account).
 * - The whole org in one call: `buildApp` (the hub stack and one stack per account).
 *
 * See README "Use from your own repo" and examples/platform/.
 */
export { defineAccount, defineOrg } from './core/catalog/define';
export type { AccountInput, OrgInput } from './core/catalog/define';
export { loadCatalog, loadCatalogOrThrow } from './core/catalog/load';
export type { CatalogFile, ValidationResult } from './core/catalog/validate';
export { CatalogError, formatIssue } from './core/catalog/errors';
export type { CatalogIssue } from './core/catalog/errors';
export type * from './core/catalog/types';
export { FUNCTION_NAMES } from './core/naming/resources';
export type { FunctionName } from './core/naming/resources';

export { BillingHub } from './modules/hub/billing-hub';
export type { BillingHubProps } from './modules/hub/billing-hub';
export type { TargetRetry } from './modules/hub/event-routing';
export { MemberGuardrails } from './modules/member/member-guardrails';
export type { MemberGuardrailsProps } from './modules/member/member-guardrails';
export type { RegionProviders } from './modules/member/region-providers';

export { buildApp } from './modules/app';
export type { GuardrailsApp } from './modules/app';
export { HubStack } from './modules/stacks/hub-stack';
export type { HubStackProps } from './modules/stacks/hub-stack';
export { MemberStack } from './modules/stacks/member-stack';
export type { MemberStackProps } from './modules/stacks/member-stack';
export type { StackOptions } from './modules/stacks/options';
