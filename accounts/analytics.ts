import { defineAccount } from 'budget-guardrails';

// Analytics: databases paused at Critical. Still a dry run (check) while the team reviews the plan.
export default defineAccount({
  id: '444444444444',
  owners: ['analytics-lead@example.com'],
  mode: 'check',
  targetUsd: 20000,
  enforcement: {
    over: { tagUnapproved: [{ team: 'analytics' }] },
    critical: {
      stopRdsClusters: ['reporting'],
      pauseRedshiftClusters: ['warehouse'],
    },
  },
});
