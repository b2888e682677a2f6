/**
 * Catalog problems, built in one place. Each renders as one line:
 *   accounts/<file>.ts: <field.path>: <what is wrong>; <how to fix>
 */
export interface CatalogIssue {
  /** The file as the user should see it, e.g. "accounts/web-service.ts". */
  readonly file: string;
  /** Dotted field path, e.g. "enforcement.critical.lockdown[1]"; "(file)" for the file as a whole. */
  readonly field: string;
  /** What is wrong, then "; " and how to fix it. */
  readonly message: string;
}

export function formatIssue(issue: CatalogIssue): string {
  return `${issue.file}: ${issue.field}: ${issue.message}`;
}

export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(file)';
}

export class CatalogError extends Error {
  constructor(readonly issues: readonly CatalogIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'CatalogError';
  }
}
