import { defineOrg } from 'budget-guardrails';

// Org-wide settings. Account ids here and in the member files are examples (valid in form only).
export default defineOrg({
  hubAccountId: '111111111111',
  hubRegion: 'us-east-1',
  organizationId: 'o-exampleorg1',
  senderEmail: 'budget-guardrails@example.com',
  opsEmails: ['platform-team@example.com'],
  memberRoleName: 'OrganizationAccountAccessRole',
  busAccess: 'organization',
  evaluationSchedule: 'rate(4 hours)',
  tagPolicySchedule: 'rate(1 hour)',
  backend: { type: 'local' },
  defaults: {
    mode: 'check',
    alerts: { actual: [50, 80, 100], forecast: [100] },
    states: {
      unused: 2,
      under: 80,
      critical: { actual: 110, forecast: 130 },
      shutdown: { actual: 125, forecast: 160 },
    },
    workloadRegions: ['us-east-1'],
  },
});
