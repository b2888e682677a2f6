/**
 * Offline IAM evaluation for tests, over synthesized policy JSON. Wraps
 * @cloud-copilot/iam-simulate (AGPL: a devDependency that shipped code never imports).
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { PolicyDocument } from '../../core/iam/policy';

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export interface SimulationCase {
  /** ARN of the calling principal (role, user, or a service principal for resource policies). */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** Account that owns the resource. */
  readonly resourceAccount: string;
  readonly identityPolicies?: readonly unknown[];
  /** Service control policies that apply to the principal's account (FullAWSAccess is added). */
  readonly scps?: readonly unknown[];
  readonly resourcePolicy?: unknown;
  readonly context?: Record<string, string | string[]>;
}

const FULL_AWS_ACCESS: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

export async function simulate(c: SimulationCase): Promise<Decision> {
  const response = await runSimulation({
    request: {
      principal: c.principal,
      action: c.action,
      resource: { resource: c.resource, accountId: c.resourceAccount },
      contextVariables: c.context ?? {},
    },
    identityPolicies: (c.identityPolicies ?? []).map((policy, i) => ({ name: `identity-${i}`, policy })),
    serviceControlPolicies: c.scps
      ? [{ orgIdentifier: 'r-root', policies: [{ name: 'FullAWSAccess', policy: FULL_AWS_ACCESS }, ...c.scps.map((policy, i) => ({ name: `scp-${i}`, policy }))] }]
      : [],
    resourceControlPolicies: [],
    resourcePolicy: c.resourcePolicy,
  }, {});
  if (response.resultType === 'error') {
    throw new Error(`simulation of ${c.action} on ${c.resource} failed: ${JSON.stringify(response.errors)}`);
  }
  return response.overallResult as Decision;
}

/** Parses a policy that Terraform received as a JSON string (e.g. aws_iam_policy.policy). */
export const parsePolicy = (json: unknown): PolicyDocument => (typeof json === 'string' ? JSON.parse(json) : json) as PolicyDocument;
