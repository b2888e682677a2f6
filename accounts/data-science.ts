import { defineAccount } from 'budget-guardrails';

// GPU training team: a runtime allowance for training instances and a hard lockdown on overspend.
export default defineAccount({
  id: '222222222222',
  owners: ['ml-lead@example.com', 'data-science-team@example.com'],
  mode: 'enforce',
  targetUsd: 5000,
  alerts: { actual: [50, 80, 100], forecast: [100] },
  workloadRegions: ['us-east-1', 'us-west-2'],
  enforcement: {
    critical: {
      stopInstances: [{ team: 'data-science' }],
      lockdown: ['ec2:RunInstances', 'ec2:StartInstances', 'rds:StartDB*', 'redshift:CreateCluster'],
    },
    shutdown: {
      lockdown: ['ec2:*', 'sagemaker:Create*'],
    },
    lockdownOn: { via: 'principals', roles: ['DataScientist'] },
  },
  accessPolicies: [
    {
      name: 'AllowGPUAccess',
      actions: ['ec2:RunInstances', 'ec2:StartInstances', 'ec2:StopInstances'],
      users: ['DataScienceUser'],
    },
  ],
  runtimeBudgets: [
    {
      name: 'gpu-training',
      minutesPerMonth: 1000,
      instanceTags: { workload: 'gpu-training' },
      alerts: [50, 80, 100],
      atLimit: {
        stopInstances: true,
        detachPolicies: [{ policy: 'AllowGPUAccess', users: ['DataScienceUser'] }],
      },
    },
  ],
});
