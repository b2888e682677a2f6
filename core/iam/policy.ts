/** IAM policy documents as plain data, shared by modules/ (Terraform) and tests (simulation). */
export type Condition = Record<string, Record<string, string | readonly string[] | boolean>>;

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Principal?: '*' | Record<string, string | readonly string[]>;
  readonly Condition?: Condition;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

export const policyDocument = (statements: readonly PolicyStatement[]): PolicyDocument =>
  ({ Version: '2012-10-17', Statement: statements });

/** Statement ids must be alphanumeric. */
export const sid = (...parts: string[]) =>
  parts.map((p) => p.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase()))
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
