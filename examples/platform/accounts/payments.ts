import { defineAccount } from 'budget-guardrails';

export default defineAccount({
  id: '100000000002',
  owners: ['payments-lead@acme.example'],
  mode: 'enforce',
  targetUsd: 3000,
  workloadRegions: ['us-east-1', 'eu-west-1'],
  enforcement: {
    critical: { stopInstances: [{ team: 'payments' }] },
    shutdown: { lockdown: ['ec2:RunInstances', 'ec2:StartInstances'] },
    lockdownOn: { via: 'scp' },
  },
});
