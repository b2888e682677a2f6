import { defineAccount } from 'budget-guardrails';

export default defineAccount({
  id: '100000000003',
  owners: ['platform@acme.example'],
  targetUsd: 200,
});
