/** Notifier Lambda entry: clients are built once per container; the work is in notify.ts. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { APPROVAL_URL_ENV } from '../../core/naming/env';
import { ApprovalMac } from '../aws/approval-mac';
import { AuditLog } from '../aws/audit-log';
import { CatalogStore } from '../aws/catalog-store';
import { CLIENT_DEFAULTS } from '../aws/clients';
import { EmailSender } from '../aws/ses';
import { OpsReporter, TopicPublisher } from '../aws/sns';
import { StateStore } from '../aws/state-store';
import { readEnv } from '../shared/env';
import { approvalLinkSigner } from './approval-links';
import { NotifierDeps, NotifyResult, handleNotifierEvent } from './notify';

export function buildNotifierDeps(env: NodeJS.ProcessEnv = process.env): NotifierDeps {
  const { table, opsTopicArn, hubAccountId, hubRegion, senderEmail, sesConfigurationSet, approvalKeyId } = readEnv(
    ['table', 'opsTopicArn', 'hubAccountId', 'hubRegion', 'senderEmail', 'sesConfigurationSet', 'approvalKeyId'], env,
  );
  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ ...CLIENT_DEFAULTS, region: hubRegion }));
  const catalog = new CatalogStore(ddb, table);
  const states = new StateStore(ddb, table);
  const topics = new TopicPublisher(new SNSClient({ ...CLIENT_DEFAULTS, region: hubRegion }));
  return {
    catalog,
    spend: async (accountId, month) => {
      const s = await states.get(accountId, month);
      return s && { state: s.state, actualUsd: s.actualUsd, forecastUsd: s.forecastUsd, targetUsd: s.targetUsd };
    },
    email: new EmailSender(new SESv2Client({ ...CLIENT_DEFAULTS, region: hubRegion }), senderEmail, sesConfigurationSet),
    topics,
    ops: new OpsReporter(topics, opsTopicArn),
    audit: new AuditLog(ddb, table),
    hubAccountId,
    approvalLinks: approvalLinkSigner(
      new ApprovalMac(new KMSClient({ ...CLIENT_DEFAULTS, region: hubRegion }), approvalKeyId), env[APPROVAL_URL_ENV], () => new Date(),
    ),
  };
}

let deps: NotifierDeps | undefined;

export async function handler(event: unknown): Promise<NotifyResult> {
  deps ??= buildNotifierDeps();
  const result = await handleNotifierEvent(event, deps);
  console.log(JSON.stringify({ notifier: result.status, ...(result.status === 'sent' ? { subject: result.subject } : {}) }));
  return result;
}
