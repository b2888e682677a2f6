import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { OrgSettings } from '../../core/catalog/types';
import { PolicyDocument, PolicyStatement, policyDocument } from '../../core/iam/policy';
import { NOTIFICATIONS_TOPIC_NAME, OPS_TOPIC_NAME, PROJECT, notificationsTopicArn, opsTopicArn } from '../../core/naming/resources';

export const TOPIC_KEY_ALIAS = `alias/${PROJECT}-topics`;

export interface HubTopicsProps {
  readonly org: OrgSettings;
  /** Role ARNs of the hub functions: the only principals (besides AWS services) that may publish. */
  readonly publisherRoleArns: readonly string[];
}

/**
 * A topic policy letting only the hub function roles and the named AWS services (for this
 * account's resources) publish; a deny covers everyone else, including same-account principals
 * whose own policies allow sns:Publish.
 */
export function topicPolicy(org: OrgSettings, topicArn: string, roleArns: readonly string[], services: readonly string[]): PolicyDocument {
  const statements: PolicyStatement[] = [
    {
      Sid: 'AccountManagesTopic',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${org.hubAccountId}:root` },
      Action: ['sns:GetTopicAttributes', 'sns:SetTopicAttributes', 'sns:ListSubscriptionsByTopic', 'sns:Subscribe', 'sns:DeleteTopic',
        'sns:AddPermission', 'sns:RemovePermission'],
      Resource: topicArn,
    },
    { Sid: 'HubFunctionsPublish', Effect: 'Allow', Principal: { AWS: [...roleArns] }, Action: 'sns:Publish', Resource: topicArn },
    {
      Sid: 'ServicesPublish',
      Effect: 'Allow',
      Principal: { Service: [...services] },
      Action: 'sns:Publish',
      Resource: topicArn,
      Condition: { StringEquals: { 'aws:SourceAccount': org.hubAccountId } },
    },
    {
      Sid: 'NoOtherPublishers',
      Effect: 'Deny',
      Principal: '*',
      Action: 'sns:Publish',
      Resource: topicArn,
      Condition: { StringNotEqualsIfExists: { 'aws:PrincipalArn': [...roleArns], 'aws:PrincipalServiceName': [...services] } },
    },
  ];
  return policyDocument(statements);
}

/** Services that publish to the notifications topic (EventBridge) and to the ops topic (also CloudWatch alarms). */
export const NOTIFICATIONS_TOPIC_SERVICES = ['events.amazonaws.com'] as const;
export const OPS_TOPIC_SERVICES = ['events.amazonaws.com', 'cloudwatch.amazonaws.com'] as const;

/**
 * Two topics whatever the number of accounts, encrypted with a customer managed key (the AWS
 * managed SNS key cannot let CloudWatch alarms or EventBridge publish):
 * - `budget-guardrails-notifications`: every owner notification as a short message, with the
 *   account in message attributes (NOTIFICATION_ATTRIBUTES) so integrations (chat, ticketing)
 *   subscribe with a filter policy. Owners themselves are mailed through SES.
 * - `budget-guardrails-ops`: what the guardrail refused or could not do, for the platform team.
 */
export class HubTopics extends Construct {
  readonly key: KmsKey;
  readonly ops: SnsTopic;
  /** The org-wide notifications topic (attach chat integrations such as AWS Chatbot here). */
  readonly notifications: SnsTopic;
  /** Topic ARN → its policy, as data. */
  readonly policies: ReadonlyMap<string, PolicyDocument>;
  private readonly pendingPolicies: { readonly id: string; readonly topic: SnsTopic; readonly policy: PolicyDocument }[] = [];

  constructor(scope: Construct, id: string, props: HubTopicsProps) {
    super(scope, id);
    const { org } = props;
    this.key = new KmsKey(this, 'key', {
      description: 'Encrypts the budget-guardrails SNS topics',
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: JSON.stringify(topicKeyPolicy(org)),
    });
    new KmsAlias(this, 'key-alias', { name: TOPIC_KEY_ALIAS, targetKeyId: this.key.keyId });

    const policies = new Map<string, PolicyDocument>();
    const topic = (topicId: string, name: string, arn: string, services: readonly string[], emails: readonly string[]) => {
      const created = new SnsTopic(this, topicId, { name, kmsMasterKeyId: this.key.arn });
      const policy = topicPolicy(org, arn, props.publisherRoleArns, services);
      policies.set(arn, policy);
      this.pendingPolicies.push({ id: `${topicId}-policy`, topic: created, policy });
      [...new Set(emails)].sort().forEach((email) => {
        new SnsTopicSubscription(this, `${topicId}-${email}`, { topicArn: created.arn, protocol: 'email', endpoint: email });
      });
      return created;
    };

    this.ops = topic('ops', OPS_TOPIC_NAME, opsTopicArn(org), OPS_TOPIC_SERVICES, org.opsEmails);
    this.notifications = topic('notifications', NOTIFICATIONS_TOPIC_NAME, notificationsTopicArn(org), NOTIFICATIONS_TOPIC_SERVICES, []);
    this.policies = policies;
  }

  /**
   * Attaches the topic policies once the publisher roles are declared: SNS refuses a policy
   * naming a role that does not exist yet, so each policy depends on the roles.
   */
  attachPolicies(publisherRoles: readonly ITerraformDependable[]): void {
    for (const { id, topic, policy } of this.pendingPolicies.splice(0)) {
      new SnsTopicPolicy(this, id, { arn: topic.arn, policy: JSON.stringify(policy), dependsOn: [...publisherRoles] });
    }
  }
}

/**
 * The account administers the key through IAM; the publishing services may use it only through
 * SNS for this account's resources. Hub functions get kms access from their role policy.
 */
export function topicKeyPolicy(org: OrgSettings): PolicyDocument {
  return policyDocument([
    { Sid: 'AccountAdministers', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${org.hubAccountId}:root` }, Action: 'kms:*', Resource: '*' },
    {
      Sid: 'ServicesPublishEncrypted',
      Effect: 'Allow',
      Principal: { Service: [...OPS_TOPIC_SERVICES] },
      Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': org.hubAccountId } },
    },
  ]);
}

/** What a hub function needs to publish to an encrypted topic. */
export function topicKeyUse(org: OrgSettings): PolicyStatement {
  return {
    Sid: 'EncryptedTopics',
    Effect: 'Allow',
    Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
    Resource: [`arn:aws:kms:${org.hubRegion}:${org.hubAccountId}:key/*`],
    Condition: { StringEquals: { 'kms:ViaService': `sns.${org.hubRegion}.amazonaws.com` } },
  };
}
