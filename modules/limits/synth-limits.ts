/**
 * The synth step of the limits check: every IAM document, SCP, bus policy and trust policy the app
 * would write, read back from the constructs before anything is written and measured by
 * core/limits against AWS's documented limits. Inline policies are summed per role (IAM's limit is
 * for all of a role's inline policies together) and managed policy attachments counted per role.
 * Each problem names the catalog file and field that shaped the document.
 */
import { CloudwatchEventBusPolicy } from '@cdktf/provider-aws/lib/cloudwatch-event-bus-policy';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { App, DefaultTokenResolver, StringConcat, TerraformStack, Tokenization } from 'cdktf';
import type { IConstruct } from 'constructs';
import { CatalogError, CatalogIssue } from '../../core/catalog/errors';
import type { AccountPolicy, Catalog } from '../../core/catalog/types';
import { GeneratedDocument, checkCount, checkDocuments } from '../../core/limits/check';
import { FIXES, ORG_FILE, accountFile } from '../../core/limits/catalog-limits';
import { hubStackName, memberStackName } from '../../core/naming/resources';
import { LockdownScps } from '../member/lockdown-scp';

interface Owner { readonly file: string; readonly field: string; readonly fix: string }

const HUB_FIX = 'hub policies are scoped by naming convention and do not grow with the catalog; report this as a bug';

/** Which catalog field shaped a member-stack construct, from its place in MemberGuardrails. */
function memberOwner(account: AccountPolicy, node: IConstruct): Owner {
  const file = accountFile(account.name);
  const path = node.node.path.split('/');
  const part = (parent: string) => path[path.indexOf(parent) + 1];
  if (path.includes('enforcement')) return { file, field: 'enforcement', fix: FIXES.enforcementRole };
  if (path.includes('lockdown')) return { file, field: `enforcement.${part('lockdown')}.lockdown`, fix: FIXES.lockdownPolicy };
  if (path.includes('team-access')) {
    const id = part('team-access');
    const team = account.teamAccess.findIndex((t) => `team-${t.name}` === id);
    if (team >= 0) return { file, field: `teamAccess[${team}].services`, fix: 'list fewer services for this team' };
    const access = account.accessPolicies.findIndex((p) => id.startsWith(`access-${p.name}`));
    return { file, field: `accessPolicies[${access}].actions`, fix: 'list fewer actions or use wildcards (e.g. "ec2:Describe*")' };
  }
  if (path.includes('forwarding')) return { file, field: 'workloadRegions', fix: 'list fewer workload regions' };
  return { file, field: '(generated)', fix: 'report this as a bug: the document does not depend on the catalog' };
}

function hubOwner(scope: IConstruct, node: IConstruct): Owner {
  if (node instanceof CloudwatchEventBusPolicy) return { file: ORG_FILE, field: 'busAccess', fix: FIXES.busPolicy };
  if (node instanceof OrganizationsPolicy) {
    const scps = scope.node.findAll().find((c): c is LockdownScps => c instanceof LockdownScps);
    const name = node.nameInput ?? '';
    const users = scps?.users.get(name) ?? [];
    const state = name.split('-lockdown-')[1]?.split('-')[0] ?? '';
    return { file: users.length > 0 ? accountFile(users[0]) : ORG_FILE, field: `enforcement.${state}.lockdown`, fix: FIXES.lockdownScp };
  }
  return { file: ORG_FILE, field: '(hub)', fix: HUB_FIX };
}

/** Every document of one stack, inline policies already summed per role. */
export function stackDocuments(catalog: Catalog, stack: TerraformStack): { documents: GeneratedDocument[]; issues: CatalogIssue[] } {
  const member = catalog.accounts.find((a) => memberStackName(a.name) === stack.node.id);
  if (!member && stack.node.id !== hubStackName) return { documents: [], issues: [] };
  return scopeDocuments(stack, member);
}

/**
 * Every document under one construct: a stack, or a BillingHub (no member) or MemberGuardrails
 * (its account) composed into a platform's own stack.
 */
export function scopeDocuments(scope: IConstruct, member: AccountPolicy | undefined): { documents: GeneratedDocument[]; issues: CatalogIssue[] } {
  const stack = TerraformStack.of(scope);
  const owner = (node: IConstruct) => (member ? memberOwner(member, node) : hubOwner(scope, node));
  const documents: GeneratedDocument[] = [];
  const doc = (node: IConstruct, limit: GeneratedDocument['limit'], what: string, text: string | undefined) => {
    if (typeof text === 'string') documents.push({ ...owner(node), limit, what, text });
  };
  const nodes = scope.node.findAll();
  // A policy names its role by reference (`${aws_iam_role.<id>.name}`): resolve both sides to match them.
  const resolve = (value: unknown) => String(Tokenization.resolve(value, { scope: stack, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) }));
  const roles = new Map<string, IamRole>();
  for (const node of nodes) if (node instanceof IamRole) roles.set(resolve(node.name), node);
  const roleName = (ref: string | undefined) => roles.get(resolve(ref))?.nameInput ?? resolve(ref);
  const inline = new Map<string, { node: IConstruct; texts: string[] }>();
  const attached = new Map<string, { node: IConstruct; count: number }>();

  for (const node of nodes) {
    if (node instanceof IamRole) doc(node, 'trustPolicy', `the trust policy of role ${node.nameInput}`, node.assumeRolePolicyInput);
    else if (node instanceof IamRolePolicy) {
      const key = roleName(node.roleInput);
      const entry = inline.get(key) ?? { node, texts: [] };
      if (typeof node.policyInput === 'string') entry.texts.push(node.policyInput);
      inline.set(key, entry);
    } else if (node instanceof IamRolePolicyAttachment) {
      const key = roleName(node.roleInput);
      const entry = attached.get(key) ?? { node, count: 0 };
      entry.count += 1;
      attached.set(key, entry);
    } else if (node instanceof IamPolicy) doc(node, 'managedPolicy', `managed policy ${node.nameInput}`, node.policyInput);
    else if (node instanceof OrganizationsPolicy) doc(node, 'scp', `SCP ${node.nameInput}`, node.contentInput);
    else if (node instanceof CloudwatchEventBusPolicy) doc(node, 'busPolicy', 'the hub bus policy', node.policyInput);
  }
  for (const [role, { node, texts }] of inline) {
    doc(node, 'roleInlinePolicies', `the inline policies of role ${role}`, texts.join(''));
  }
  const issues = [...attached].flatMap(([role, { node, count }]) => {
    const { file, field, fix } = owner(node);
    return checkCount(file, field, 'managedPoliciesPerRole', `role ${role} would have ${count} managed policies attached`, count, fix);
  });
  return { documents, issues };
}

/** Apps whose every stack assertWithinLimits already measured (buildApp): their constructs need not again. */
const checkedApps = new WeakSet<IConstruct>();

/** The limit problems of one construct's documents (see scopeDocuments). */
export function limitIssuesOf(scope: IConstruct, member: AccountPolicy | undefined): CatalogIssue[] {
  if (checkedApps.has(scope.node.root)) return [];
  const { documents, issues } = scopeDocuments(scope, member);
  return [...issues, ...checkDocuments(documents)];
}

/** Every limit problem of the app's stacks, in stack order. */
export function synthLimitIssues(app: App, catalog: Catalog): CatalogIssue[] {
  return app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack).flatMap((stack) => {
    const { documents, issues } = stackDocuments(catalog, stack);
    return [...issues, ...checkDocuments(documents)];
  });
}

/** Throws a CatalogError (one `file: field: problem; fix` line each) when anything would exceed a limit. */
export function assertWithinLimits(app: App, catalog: Catalog): void {
  const issues = synthLimitIssues(app, catalog);
  if (issues.length > 0) throw new CatalogError(issues);
  checkedApps.add(app);
}
