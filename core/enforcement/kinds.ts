/**
 * Every kind of change the guardrail makes in a member account, with the IAM actions its apply,
 * revert and reads need. This is the single declaration: the enforcement role's policy
 * (modules/member) is derived from it, and each action under functions/enforcer/actions/
 * declares its kind and is tested against it.
 */
export const ACTION_KINDS = {
  'stop-instances': {
    description: 'stop EC2 instances matching tag selectors',
    iamActions: ['ec2:StopInstances', 'ec2:StartInstances'],
    reads: ['ec2:DescribeInstances'],
  },
  'scale-to-zero': {
    description: 'set an Auto Scaling group to 0/0/0, remembering min/max/desired',
    iamActions: ['autoscaling:UpdateAutoScalingGroup', 'autoscaling:CreateOrUpdateTags', 'autoscaling:DeleteTags'],
    reads: ['autoscaling:DescribeAutoScalingGroups'],
  },
  'stop-rds-cluster': {
    description: 'stop an RDS DB cluster',
    iamActions: ['rds:StopDBCluster', 'rds:StartDBCluster'],
    reads: ['rds:DescribeDBClusters'],
  },
  'stop-rds-instance': {
    description: 'stop an RDS DB instance',
    iamActions: ['rds:StopDBInstance', 'rds:StartDBInstance'],
    reads: ['rds:DescribeDBInstances'],
  },
  'pause-redshift': {
    description: 'pause a Redshift cluster',
    iamActions: ['redshift:PauseCluster', 'redshift:ResumeCluster'],
    reads: ['redshift:DescribeClusters'],
  },
  'detach-policy': {
    description: 'detach a managed policy from a user, group or role (revoke access)',
    iamActions: ['iam:DetachUserPolicy', 'iam:AttachUserPolicy', 'iam:DetachGroupPolicy', 'iam:AttachGroupPolicy', 'iam:DetachRolePolicy', 'iam:AttachRolePolicy'],
    reads: ['iam:ListAttachedUserPolicies', 'iam:ListAttachedGroupPolicies', 'iam:ListAttachedRolePolicies'],
  },
  'attach-lockdown': {
    description: 'attach the state\'s lockdown deny policy to a principal',
    iamActions: ['iam:AttachUserPolicy', 'iam:DetachUserPolicy', 'iam:AttachGroupPolicy', 'iam:DetachGroupPolicy', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy'],
    reads: ['iam:ListAttachedUserPolicies', 'iam:ListAttachedGroupPolicies', 'iam:ListAttachedRolePolicies'],
  },
  'tag-unapproved': {
    description: 'tag EC2 instances budget-guardrails:status=unapproved',
    iamActions: ['ec2:CreateTags', 'ec2:DeleteTags'],
    reads: ['ec2:DescribeInstances'],
  },
} as const;

export type ActionKind = keyof typeof ACTION_KINDS;
export const ACTION_KIND_NAMES = Object.keys(ACTION_KINDS) as ActionKind[];

/**
 * Attaching an account's lockdown SCP is done from the hub (AWS Organizations lives in the
 * management account), by the enforcer's own role, not through the member enforcement role.
 */
export const SCP_ACTION = {
  kind: 'attach-scp',
  description: 'attach the state\'s lockdown service control policy to the account',
  iamActions: ['organizations:AttachPolicy', 'organizations:DetachPolicy'],
  reads: ['organizations:ListPolicies', 'organizations:ListPoliciesForTarget'],
} as const;
