/**
 * Syntax rules for the names a catalog may use. Each rule says, in its `fix`, what a valid
 * value looks like, so the validator can tell the user how to correct a mistake.
 */
export interface NameRule {
  readonly pattern: RegExp;
  readonly fix: string;
  /** The value lands in IAM policy documents, so it must be text IAM accepts (IAM_DOCUMENT_TEXT). */
  readonly inIamDocuments?: boolean;
}

/**
 * IAM policy documents may contain only tab, line feed, carriage return and U+0020–U+00FF
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html, "IAM name requirements").
 */
export const IAM_DOCUMENT_TEXT = /^[\t\n\r\u0020-\u00ff]*$/;

/** The first character of `text` an IAM policy document cannot hold, as `"x" (U+XXXX)`, or undefined. */
export function firstNonIamCharacter(text: string): string | undefined {
  for (const ch of text) {
    if (!IAM_DOCUMENT_TEXT.test(ch)) return `"${ch}" (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`;
  }
  return undefined;
}

export const ACCOUNT_ID: NameRule = {
  pattern: /^\d{12}$/,
  fix: 'use the 12-digit AWS account id, as a string in quotes (e.g. "123456789012")',
};

export const ORGANIZATION_ID: NameRule = {
  pattern: /^o-[a-z0-9]{10,32}$/,
  fix: 'use the organization id from AWS Organizations, e.g. "o-a1b2c3d4e5"',
};

export const ACCOUNT_NAME: NameRule = {
  pattern: /^[a-z][a-z0-9-]{0,38}[a-z0-9]$/,
  fix: 'rename the file to lower-case letters, digits and hyphens (2-40 characters, e.g. accounts/data-science.ts)',
};

/** IAM user and role names (groups allow 128 characters; the tighter limit is applied to all). */
export const IAM_PRINCIPAL_NAME: NameRule = {
  pattern: /^[A-Za-z0-9+=,.@_-]{1,64}$/,
  fix: 'use the principal\'s name (not its ARN): 1-64 characters from letters, digits and +=,.@_-',
};

export const IAM_POLICY_REF: NameRule = {
  pattern: /^(?:[A-Za-z0-9+=,.@_-]{1,128}|arn:aws:iam::(?:aws|\d{12}):policy\/(?:[A-Za-z0-9+=,.@_-]+\/)*[A-Za-z0-9+=,.@_-]{1,128})$/,
  fix: 'use a customer-managed policy name (e.g. AllowGPUAccess) or a full policy ARN (arn:aws:iam::aws:policy/...)',
};

export const ASG_NAME: NameRule = {
  pattern: /^[A-Za-z0-9._-][A-Za-z0-9 ._-]{0,253}[A-Za-z0-9._-]$|^[A-Za-z0-9._-]$/,
  fix: 'use the Auto Scaling group\'s name (not its ARN): 1-255 characters from letters, digits, spaces and ._-, no colon',
};

export const DB_IDENTIFIER: NameRule = {
  pattern: /^[a-zA-Z](?:[a-zA-Z0-9]|-(?!-)){0,62}(?<!-)$/,
  fix: 'use the DB/cluster identifier: 1-63 letters, digits or hyphens, starting with a letter, no "--" and no trailing hyphen',
};

export const TAG_KEY: NameRule = {
  pattern: /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u,
  fix: 'use 1-128 characters from letters, digits, spaces and _.:/=+-@, not starting with "aws:"',
  inIamDocuments: true,
};

/** Selector tags are written `key=value,key=value` in action targets, so they may not hold "=" or ",". */
export const SELECTOR_TAG_KEY: NameRule = {
  pattern: /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/+\-@]{1,128}$/u,
  fix: 'use 1-128 characters from letters, digits, spaces and _.:/+-@ (no "=" or ","), not starting with "aws:"',
  inIamDocuments: true,
};

export const TAG_VALUE: NameRule = {
  pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u,
  fix: 'use at most 256 characters from letters, digits, spaces and _.:/=+-@',
  inIamDocuments: true,
};

export const VPC_ID: NameRule = {
  pattern: /^vpc-[0-9a-f]{8}(?:[0-9a-f]{9})?$/,
  fix: 'use a VPC id such as "vpc-0a1b2c3d4e5f67890"',
};
