import { defineAccount } from 'budget-guardrails';

// Developer sandbox: tag hygiene enforced by rules; untagged instances are stopped.
export default defineAccount({
  id: '555555555555',
  owners: ['sandbox-admins@example.com'],
  mode: 'check',
  targetUsd: 200,
  tagPolicy: {
    rules: [
      { key: 'ProjectCode', required: true, action: 'update', default: 'Proj007' },
      { key: 'CreatedBy', required: true, action: 'userLookup' },
      { key: 'Expires', required: true, action: 'function', function: 'today()' },
    ],
    untagged: 'stop',
    lookbackDays: 7,
  },
});
