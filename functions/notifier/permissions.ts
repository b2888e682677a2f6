import { FunctionPermissions, auditWrite, tableRead } from '../../core/iam/function-permissions';
import { OPS_TOPIC_NAME, accountTopicName } from '../../core/naming/resources';

/**
 * Sends mail through the SES identity and configuration set, posts on the account and ops topics,
 * and keeps the audit trail of every guardrail event.
 */
export const permissions: FunctionPermissions = ({ org, accounts }) => {
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
      Resource: [...accounts.map((a) => `arn:aws:sns:${region}:${accountTopicName(a.name)}`), `arn:aws:sns:${region}:${OPS_TOPIC_NAME}`],
    },
    tableRead(org),
    auditWrite(org),
  ];
};
