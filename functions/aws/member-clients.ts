/** SDK clients inside one member account (assumed credentials), one per service and region, made on first use. */
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { RDSClient } from '@aws-sdk/client-rds';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import { CLIENT_DEFAULTS, RoleCredentials } from './clients';

/** IAM is global; its endpoint is in us-east-1. */
const IAM_REGION = 'us-east-1';

export interface MemberClients {
  ec2(region: string): EC2Client;
  autoscaling(region: string): AutoScalingClient;
  rds(region: string): RDSClient;
  redshift(region: string): RedshiftClient;
  iam(): IAMClient;
}

/**
 * `credentials` may be a provider: the SDK calls it on the first request, so a plan that never
 * touches the member account never assumes its role.
 */
export function memberClients(credentials: RoleCredentials | (() => Promise<RoleCredentials>)): MemberClients {
  const cache = new Map<string, unknown>();
  const once = <T>(key: string, make: () => T): T => {
    if (!cache.has(key)) cache.set(key, make());
    return cache.get(key) as T;
  };
  const config = (region: string) => ({ ...CLIENT_DEFAULTS, region, credentials });
  return {
    ec2: (region) => once(`ec2:${region}`, () => new EC2Client(config(region))),
    autoscaling: (region) => once(`autoscaling:${region}`, () => new AutoScalingClient(config(region))),
    rds: (region) => once(`rds:${region}`, () => new RDSClient(config(region))),
    redshift: (region) => once(`redshift:${region}`, () => new RedshiftClient(config(region))),
    iam: () => once('iam', () => new IAMClient(config(IAM_REGION))),
  };
}
