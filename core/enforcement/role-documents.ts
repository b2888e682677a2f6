/**
 * The enforcement role's statements spread over the documents IAM lets one role have: its inline
 * policy (10,240 characters for all inline policies of a role) first, then customer managed
 * policies (6,144 characters each, at most 10 attached to a role by default). A statement whose
 * resource list alone would not fit one document is split by resources (same actions and
 * conditions: the same permissions). Whitespace does not count toward IAM's limits.
 */
import type { AccountPolicy, OrgSettings } from '../catalog/types';
import type { PolicyDocument, PolicyStatement } from '../iam/policy';
import { policyDocument } from '../iam/policy';
import { AWS_LIMITS } from '../limits/aws-limits';
import { iamChars } from '../limits/measure';
import { enforcementRoleStatements } from './role-policy';

export interface EnforcementRoleDocuments {
  readonly inline: PolicyDocument;
  /** In order: attached as budget-guardrails-enforcement-1, -2, ... */
  readonly managed: readonly PolicyDocument[];
}

const size = (statements: readonly PolicyStatement[]) => iamChars(JSON.stringify(policyDocument(statements)));

/** Halves the resource list until each part fits `max` (alone in a document). */
function splitToFit(statement: PolicyStatement, max: number): PolicyStatement[] {
  const resources = statement.Resource;
  if (size([statement]) <= max || !Array.isArray(resources) || resources.length < 2) return [statement];
  const half = Math.ceil(resources.length / 2);
  const part = (rs: readonly string[], n: number): PolicyStatement => ({ ...statement, Sid: statement.Sid ? `${statement.Sid}Part${n}` : undefined, Resource: rs });
  return [...splitToFit(part(resources.slice(0, half), 1), max), ...splitToFit(part(resources.slice(half), 2), max)];
}

/** First fit, largest first, into the inline policy and then as few managed policies as needed. */
export function packStatements(statements: readonly PolicyStatement[]): EnforcementRoleDocuments {
  const inlineMax = AWS_LIMITS.roleInlinePolicies.max;
  const managedMax = AWS_LIMITS.managedPolicy.max;
  const pieces = statements.flatMap((s) => splitToFit(s, managedMax)).map((s, i) => ({ s, i, n: size([s]) }));
  const bins: { max: number; items: typeof pieces }[] = [{ max: inlineMax, items: [] }];
  for (const piece of [...pieces].sort((a, b) => b.n - a.n || a.i - b.i)) {
    const bin = bins.find((b) => size([...b.items.map((x) => x.s), piece.s]) <= b.max);
    if (bin) bin.items.push(piece);
    else bins.push({ max: managedMax, items: [piece] });
  }
  // Within each document, statements keep the order enforcementRoleStatements gave them.
  const documentOf = (items: typeof pieces) => policyDocument([...items].sort((a, b) => a.i - b.i).map((x) => x.s));
  return { inline: documentOf(bins[0].items), managed: bins.slice(1).map((b) => documentOf(b.items)) };
}

export const enforcementRoleDocuments = (account: AccountPolicy, org: OrgSettings): EnforcementRoleDocuments =>
  packStatements(enforcementRoleStatements(account, org));
