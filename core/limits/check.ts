/**
 * The one limits check: every generated policy document measured against its AWS limit, each
 * problem as a catalog issue naming the file, the field and what to change. Pure: callers (the
 * catalog validator, the synth step in modules/limits) hand in the documents.
 */
import type { CatalogIssue } from '../catalog/errors';
import { AWS_LIMITS, LimitName } from './aws-limits';
import { firstNonIamCharacter, isIamDocument, measure } from './measure';

export interface GeneratedDocument {
  /** The catalog file to change, e.g. "accounts/data-science.ts". */
  readonly file: string;
  /** The catalog field that makes the document what it is. */
  readonly field: string;
  readonly limit: LimitName;
  /** What the document is, e.g. "the inline policies of role budget-guardrails-enforcement". */
  readonly what: string;
  /** The JSON as AWS receives it (several documents of one role's inline policies, joined). */
  readonly text: string;
  /** How to bring it under the limit. */
  readonly fix: string;
}

const SERVICE: Partial<Record<LimitName, string>> = { scp: 'AWS Organizations', busPolicy: 'EventBridge' };

export function checkDocument(doc: GeneratedDocument): CatalogIssue[] {
  const limit = AWS_LIMITS[doc.limit];
  const issues: CatalogIssue[] = [];
  const size = measure(doc.limit, doc.text);
  if (size > limit.max) {
    issues.push({
      file: doc.file,
      field: doc.field,
      message: `${doc.what} would be ${size.toLocaleString('en-US')} ${limit.unit}, over the ${limit.max.toLocaleString('en-US')} `
        + `${SERVICE[doc.limit] ?? 'IAM'} allows (${limit.what}); ${doc.fix}`,
    });
  }
  const bad = isIamDocument(doc.limit) ? firstNonIamCharacter(doc.text) : undefined;
  if (bad) {
    issues.push({
      file: doc.file,
      field: doc.field,
      message: `${doc.what} would hold ${bad}, and IAM documents accept only tab, line breaks and U+0020–U+00FF; use Latin-1 text in this field`,
    });
  }
  return issues;
}

export const checkDocuments = (docs: readonly GeneratedDocument[]): CatalogIssue[] => docs.flatMap(checkDocument);

/** A count limit, e.g. managed policies attached to one role. */
export function checkCount(file: string, field: string, limit: LimitName, what: string, count: number, fix: string): CatalogIssue[] {
  const { max } = AWS_LIMITS[limit];
  if (count <= max) return [];
  return [{ file, field, message: `${what}: ${count}, over the ${max} IAM allows (${AWS_LIMITS[limit].what}); ${fix}` }];
}
