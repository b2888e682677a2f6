import { FunctionPermissions, approvalKeyUse, auditWrite, tableRead } from '../../core/iam/function-permissions';
import { notificationsTopicArn, opsTopicArn } from '../../core/naming/resources';

/**
 * Sends mail through the SES identity and configuration set, posts on the org-wide notifications
 * topic and the ops topic, and keeps the audit trail of every guardrail event. Nothing here grows
 * with the number of accounts.
 */
export const permissions: FunctionPermissions = ({ org }) => {
  const region = `${org.hubRegion}:${org.hubAccountId}`;
  const domain = org.senderEmail.split('@')[1];
  return [
    {
      Sid: 'SendEmail',
      Effect: 'Allow',
      Action: ['ses:SendEmail'],
      Resource: [
        `arn:aws:ses:${region}:identity/${org.senderEmail}`,
        `arn:aws:ses:${region}:identity/${domain}`,
        `arn:aws:ses:${region}:configuration-set/budget-guardrails`,
      ],
      Condition: { StringEquals: { 'ses:FromAddress': org.senderEmail } },
    },
    {
      Sid: 'PublishTopics',
      Effect: 'Allow',
      Action: ['sns:Publish'],
      Resource: [notificationsTopicArn(org), opsTopicArn(org)],
    },
    tableRead(org),
    auditWrite(org),
    // Signs the Approve / Postpone links of a staged action's email.
    approvalKeyUse(org, 'kms:GenerateMac'),
  ];
};
