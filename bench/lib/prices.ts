/**
 * AWS list prices the cost model uses: us-east-1, on-demand, free tiers ignored (in an
 * organization the free tier is shared by all accounts, so it barely dents an org-wide bill).
 * No internet here: these are the prices as commonly published on AWS's public pricing pages,
 * recorded on PRICES_RECORDED_ON, and MUST be re-checked against the URLs before being quoted.
 */
export const PRICES_RECORDED_ON = '2026-11-22';
export const PRICE_NOTE = `list price, us-east-1, as of ${PRICES_RECORDED_ON} (from AWS's public price pages as commonly published; not fetched live — re-check at the URL)`;

export interface Price {
  readonly usd: number;
  readonly per: string;
  readonly url: string;
}

const CLOUDWATCH = 'https://aws.amazon.com/cloudwatch/pricing/';
const EVENTBRIDGE = 'https://aws.amazon.com/eventbridge/pricing/';

export const PRICES = {
  alarm: { usd: 0.10, per: 'standard-resolution metric alarm per month', url: CLOUDWATCH },
  customMetric: { usd: 0.30, per: 'custom metric per month (first 10,000)', url: CLOUDWATCH },
  putMetricData: { usd: 0.01 / 1000, per: 'PutMetricData request', url: CLOUDWATCH },
  logIngestGb: { usd: 0.50, per: 'GB of logs ingested', url: CLOUDWATCH },
  logStorageGbMonth: { usd: 0.03, per: 'GB-month of logs stored', url: CLOUDWATCH },
  customEvent: { usd: 1.0 / 1e6, per: 'custom event published (PutEvents, 64 KB chunk)', url: EVENTBRIDGE },
  crossAccountEvent: { usd: 1.0 / 1e6, per: 'event delivered to a bus in another account', url: EVENTBRIDGE },
  schedulerInvocation: { usd: 1.0 / 1e6, per: 'EventBridge Scheduler invocation (after 14 M free/month)', url: EVENTBRIDGE },
  lambdaRequest: { usd: 0.20 / 1e6, per: 'Lambda request', url: 'https://aws.amazon.com/lambda/pricing/' },
  lambdaGbSecondArm: { usd: 0.0000133334, per: 'Lambda GB-second, arm64', url: 'https://aws.amazon.com/lambda/pricing/' },
  lambdaGbSecondX86: { usd: 0.0000166667, per: 'Lambda GB-second, x86_64', url: 'https://aws.amazon.com/lambda/pricing/' },
  dynamoWrite: { usd: 0.625 / 1e6, per: 'DynamoDB on-demand write request unit', url: 'https://aws.amazon.com/dynamodb/pricing/on-demand/' },
  dynamoRead: { usd: 0.125 / 1e6, per: 'DynamoDB on-demand read request unit', url: 'https://aws.amazon.com/dynamodb/pricing/on-demand/' },
  dynamoStorageGbMonth: { usd: 0.25, per: 'DynamoDB GB-month stored', url: 'https://aws.amazon.com/dynamodb/pricing/on-demand/' },
  dynamoPitrGbMonth: { usd: 0.20, per: 'DynamoDB point-in-time recovery GB-month', url: 'https://aws.amazon.com/dynamodb/pricing/on-demand/' },
  costExplorerRequest: { usd: 0.01, per: 'Cost Explorer API paginated request', url: 'https://aws.amazon.com/aws-cost-management/aws-cost-explorer/pricing/' },
  sesEmail: { usd: 0.10 / 1000, per: 'SES email (per recipient)', url: 'https://aws.amazon.com/ses/pricing/' },
  snsPublish: { usd: 0.50 / 1e6, per: 'SNS publish request', url: 'https://aws.amazon.com/sns/pricing/' },
  snsEmailDelivery: { usd: 2.0 / 100_000, per: 'SNS email notification', url: 'https://aws.amazon.com/sns/pricing/' },
  sqsRequest: { usd: 0.40 / 1e6, per: 'SQS standard request', url: 'https://aws.amazon.com/sqs/pricing/' },
  kmsKey: { usd: 1.0, per: 'customer-managed KMS key per month', url: 'https://aws.amazon.com/kms/pricing/' },
  budgetsActionDay: { usd: 0.10, per: 'action-enabled AWS Budget per day (after the first two)', url: 'https://aws.amazon.com/aws-cost-management/aws-budgets/pricing/' },
} as const satisfies Record<string, Price>;

export type PriceKey = keyof typeof PRICES;

/** Calls that AWS does not charge for (listed so the model shows they were considered). */
export const FREE_CALLS = [
  'STS AssumeRole', 'EC2/Auto Scaling/RDS/Redshift/IAM/Organizations API calls', 'Pricing API GetProducts',
  'EventBridge scheduled rules and AWS service events on the default bus', 'EventBridge rules and targets themselves',
  'SQS queues with no traffic (dead-letter queues are empty unless something fails)',
] as const;
