/**
 * The documents a catalog makes that depend on what its files say (the enforcement role, the
 * lockdown policies and SCPs, the bus policy), measured at validation so `guardrails validate`
 * refuses what would not apply. The synth check (modules/limits) measures every document again as
 * Terraform receives it, these and the rest.
 */
import type { CatalogIssue } from '../catalog/errors';
import type { AccountPolicy, Catalog } from '../catalog/types';
import { enforcementRoleDocuments } from '../enforcement/role-documents';
import { busPolicy } from '../iam/bus-policy';
import { lockdownDocuments, lockdownScpNameFor } from '../lockdown/document';
import { ENFORCEMENT_ROLE_NAME } from '../naming/resources';
import { GeneratedDocument, checkCount, checkDocuments } from './check';

export const accountFile = (account: AccountPolicy | string) => `accounts/${typeof account === 'string' ? account : account.name}.ts`;
export const ORG_FILE = 'accounts/org.ts';

/** Limit issues name files as accounts/<name>.ts; shows them as the catalog folder's own labels. */
export function relabel(issues: readonly CatalogIssue[], label: (file: string) => string | undefined): CatalogIssue[] {
  return issues.map((i) => ({ ...i, file: label(i.file) ?? i.file }));
}

export const FIXES = {
  enforcementRole: 'name fewer enforcement targets (stop selectors, Auto Scaling groups, RDS and Redshift ids, policy detachments, '
    + 'runtime budgets); shorter names and selectors with fewer tags help, or split the account\'s resources between accounts',
  lockdownPolicy: 'list fewer actions or use wildcards (e.g. "ec2:*" instead of each ec2 action)',
  lockdownScp: 'list fewer actions or use wildcards (e.g. "ec2:*" instead of each ec2 action), or set lockdownOn.via: "principals"',
  busPolicy: 'set busAccess: "organization" (any account of the organization may put events; the hub still only acts on catalog accounts)',
} as const;

function enforcementRoleIssues(account: AccountPolicy, catalog: Catalog): CatalogIssue[] {
  const { inline, managed } = enforcementRoleDocuments(account, catalog.org);
  const file = accountFile(account);
  const count = checkCount(file, 'enforcement', 'managedPoliciesPerRole',
    `role ${ENFORCEMENT_ROLE_NAME} would need ${managed.length} managed policies besides its inline policy`, managed.length, FIXES.enforcementRole);
  return [...count, ...checkDocuments([
    { file, field: 'enforcement', limit: 'roleInlinePolicies', what: `the inline policy of role ${ENFORCEMENT_ROLE_NAME}`, text: JSON.stringify(inline), fix: FIXES.enforcementRole },
    ...managed.map((doc, i): GeneratedDocument => ({
      file, field: 'enforcement', limit: 'managedPolicy', what: `managed policy ${ENFORCEMENT_ROLE_NAME}-${i + 1}`, text: JSON.stringify(doc), fix: FIXES.enforcementRole,
    })),
  ])];
}

function lockdownDocumentsOf(account: AccountPolicy): GeneratedDocument[] {
  const scp = account.enforcement.lockdownOn.via === 'scp';
  return lockdownDocuments(account).map(({ state, name, document }) => ({
    file: accountFile(account),
    field: `enforcement.${state}.lockdown`,
    limit: scp ? 'scp' : 'managedPolicy',
    what: scp ? `the ${state} lockdown SCP ${lockdownScpNameFor(account, state)}` : `the ${state} lockdown policy ${name}`,
    text: JSON.stringify(document),
    fix: scp ? FIXES.lockdownScp : FIXES.lockdownPolicy,
  }));
}

export function catalogLimitIssues(catalog: Catalog): CatalogIssue[] {
  const issues: CatalogIssue[] = [];
  for (const account of catalog.accounts) {
    issues.push(...enforcementRoleIssues(account, catalog), ...checkDocuments(lockdownDocumentsOf(account)));
  }
  const bus = busPolicy(catalog.org, catalog.accounts);
  if (bus) {
    issues.push(...checkDocuments([{
      file: ORG_FILE, field: 'busAccess', limit: 'busPolicy',
      what: `the hub bus policy listing ${catalog.accounts.length} catalog accounts`, text: JSON.stringify(bus), fix: FIXES.busPolicy,
    }]));
  }
  return issues;
}
