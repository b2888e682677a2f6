import { defineAccount } from 'budget-guardrails';

// A small production web service: early alerts, per-service alarms, and a kill switch at Shutdown.
export default defineAccount({
  id: '333333333333',
  owners: ['web-oncall@example.com'],
  mode: 'enforce',
  targetUsd: 12,
  alerts: { actual: [85, 100], forecast: [100] },
  // EBS volumes and snapshots are billed under the AmazonEC2 ServiceName in AWS/Billing,
  // so the EC2 alarm covers EC2 compute and EBS together.
  serviceAlarms: [
    { service: 'AmazonEC2', amountUsd: 8 },
    { service: 'AmazonRoute53', amountUsd: 2 },
  ],
  enforcement: {
    shutdown: { scaleToZero: ['achampionship-webservice'] },
  },
  teamAccess: [
    {
      name: 'achampionship-webservice',
      group: 'achampionship-webservice',
      services: ['ec2', 'autoscaling', 'elasticloadbalancing', 'cloudwatch'],
      resourceTag: { key: 'Project', value: 'achampionship-webservice' },
    },
  ],
});
