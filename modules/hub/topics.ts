import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { AccountPolicy, OrgSettings } from '../../core/catalog/types';
import { PolicyDocument, PolicyStatement, policyDocument } from '../../core/iam/policy';
import { OPS_TOPIC_NAME, PROJECT, accountTopicArn, accountTopicName, opsTopicArn } from '../../core/naming/resources';

export const TOPIC_KEY_ALIAS = `alias/${PROJECT}-topics`;

export interface HubTopicsProps {
  readonly org: OrgSettings;
  readonly accounts: readonly AccountPolicy[];
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

/** Services that publish to the account topics (EventBridge) and to the ops topic (also CloudWatch alarms). */
export const ACCOUNT_TOPIC_SERVICES = ['events.amazonaws.com'] as const;
export const OPS_TOPIC_SERVICES = ['events.amazonaws.com', 'cloudwatch.amazonaws.com'] as const;

/**
 * One topic per account with its owners subscribed by email, and the ops topic, all encrypted
 * with a customer managed key (the AWS managed SNS key cannot let CloudWatch alarms or
 * EventBridge publish).
 */
export class HubTopics extends Construct {
  readonly key: KmsKey;
  readonly ops: SnsTopic;
  readonly accountTopics: ReadonlyMap<string, SnsTopic>;
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
    const accountTopics = new Map<string, SnsTopic>();
    for (const account of props.accounts) {
      accountTopics.set(account.name, topic(`account-${account.name}`, accountTopicName(account.name), accountTopicArn(org, account.name),
        ACCOUNT_TOPIC_SERVICES, account.owners));
    }
    this.accountTopics = accountTopics;
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
