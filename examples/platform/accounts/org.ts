import { defineOrg } from 'budget-guardrails';

export default defineOrg({
  hubAccountId: '100000000001',
  hubRegion: 'us-east-1',
  organizationId: 'o-acmeplatf01',
  senderEmail: 'budget-guardrails@acme.example',
  opsEmails: ['platform@acme.example'],
  memberRoleName: 'AWSAFTExecution',
  defaults: {
    mode: 'check',
    workloadRegions: ['us-east-1'],
  },
});
