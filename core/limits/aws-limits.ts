/**
 * AWS's documented limits that the generated Terraform and the running functions must stay
 * within. Offline `terraform validate`/`plan` check none of them; synth and the functions do.
 * Each entry names its source; README.md ("AWS limits checked") lists them all.
 */
export interface AwsLimit {
  readonly what: string;
  readonly max: number;
  /** How AWS counts toward `max`. */
  readonly unit: 'characters without whitespace' | 'characters' | 'bytes (UTF-8)' | 'policies' | 'recipients';
  readonly source: string;
}

const IAM_QUOTAS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html';

export const AWS_LIMITS = {
  roleInlinePolicies: { what: 'IAM role inline policies, all of one role together', max: 10_240, unit: 'characters without whitespace', source: IAM_QUOTAS },
  managedPolicy: { what: 'IAM customer managed policy', max: 6_144, unit: 'characters without whitespace', source: IAM_QUOTAS },
  trustPolicy: { what: 'IAM role trust policy (default quota)', max: 2_048, unit: 'characters without whitespace', source: IAM_QUOTAS },
  managedPoliciesPerRole: { what: 'managed policies attached to one IAM role (default quota)', max: 10, unit: 'policies', source: IAM_QUOTAS },
  scp: {
    what: 'service control policy', max: 5_120, unit: 'characters',
    source: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html',
  },
  busPolicy: {
    what: 'EventBridge event bus resource policy', max: 10_240, unit: 'characters',
    source: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html',
  },
  putEventsEntry: {
    what: 'EventBridge PutEvents entry (Source + DetailType + Detail + Resources)', max: 256 * 1024, unit: 'bytes (UTF-8)',
    source: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html',
  },
  sesRecipients: {
    what: 'SES recipients of one message (To, CC and BCC together)', max: 50, unit: 'recipients',
    source: 'https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendEmail.html',
  },
  dynamoItem: {
    what: 'DynamoDB item (attribute names and values)', max: 400 * 1024, unit: 'bytes (UTF-8)',
    source: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html',
  },
  dynamoSortKey: {
    what: 'DynamoDB sort key value', max: 1_024, unit: 'bytes (UTF-8)',
    source: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html',
  },
} as const satisfies Record<string, AwsLimit>;

export type LimitName = keyof typeof AWS_LIMITS;

/** IAM policy documents may hold only tab, LF, CR and U+0020–U+00FF ("IAM name requirements"). */
export const IAM_DOCUMENT_CHARACTERS = { what: 'characters in IAM policy documents', allowed: 'U+0009, U+000A, U+000D, U+0020–U+00FF', source: IAM_QUOTAS } as const;
