/**
 * `guardrails release`: gives back everything the guardrail changed in one account, at once and
 * whatever its state, so its stacks can be destroyed without stranding a saved value. It runs the
 * reset's own restore (functions/reset/reset.ts) for the account as if it had left the catalog,
 * plus the runtime meter's restore of this month's and last month's limit records, holding the
 * account's lease, with the caller's credentials: the hub table through `memberRoleName` in the
 * hub account, the member account through `memberRoleName` there.
 */
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { RDSClient } from '@aws-sdk/client-rds';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import type { AccountPolicy, OrgSettings } from '../../../core/catalog/types';
import type { ActionOutcome } from '../../../core/events/schemas';
import { TABLE_NAME } from '../../../core/naming/resources';
import { monthOf } from '../../../core/storage/keys';
import { DynamoLedger, Ledger } from '../../../functions/aws/action-ledger';
import { CLIENT_DEFAULTS, RoleCredentials } from '../../../functions/aws/clients';
import { RuntimeActionStore } from '../../../functions/aws/runtime-action-store';
import { RuntimeEc2 } from '../../../functions/aws/runtime-ec2';
import { RuntimeIam } from '../../../functions/aws/runtime-iam';
import type { ActionClients } from '../../../functions/enforcer/actions';
import { withAccountLease } from '../../../functions/enforcer/lease';
import { resetAccount } from '../../../functions/reset/reset';
import { RuntimeRestoreDeps, restoreRecordsOf } from '../../../functions/runtime-meter/monthly-reset';
import { previousMonth } from '../../../core/runtime/month';

export interface ReleaseDeps {
  readonly ledger: Ledger;
  readonly clients: ActionClients;
  readonly runtime: RuntimeRestoreDeps;
  readonly clock: () => Date;
}

export interface ReleaseResult {
  readonly accountId: string;
  readonly accountName: string;
  readonly actions: ActionOutcome[];
}

/** Restores everything recorded for `account` (enforcer and runtime meter, this month and last). */
export async function release(deps: ReleaseDeps, account: AccountPolicy): Promise<ReleaseResult> {
  const month = monthOf(deps.clock());
  return withAccountLease(deps, account.id, `release:${randomUUID()}`, async () => {
    const reset = await resetAccount({
      catalog: { accounts: async () => [] }, ledger: deps.ledger, monthState: async () => 'unknown', publish: async () => undefined,
      clientsFor: () => deps.clients, clock: deps.clock,
    }, { ...account, mode: 'skip' }, true);
    const runtime: ActionOutcome[] = [];
    for (const recordsMonth of [previousMonth(month), month]) {
      try {
        runtime.push(...await restoreRecordsOf(deps.runtime, account, recordsMonth, month));
      } catch (error) {
        runtime.push({ kind: 'runtime', target: recordsMonth, direction: 'revert', outcome: 'failed', error: (error as Error).message });
      }
    }
    return { accountId: account.id, accountName: account.name, actions: [...reset.actions, ...runtime] };
  });
}

const roleArn = (accountId: string, role: string) => `arn:aws:iam::${accountId}:role/${role}`;

async function assume(sts: STSClient, accountId: string, role: string): Promise<RoleCredentials> {
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn(accountId, role), RoleSessionName: `guardrails-release-${accountId}`, DurationSeconds: 3600 }));
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error(`AssumeRole ${roleArn(accountId, role)} returned no credentials`);
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
}

/** The SDK clients release uses, from the caller's credentials (the payer, as for `guardrails doctor`). */
export async function releaseDeps(org: OrgSettings, accountId: string): Promise<ReleaseDeps> {
  const sts = new STSClient({ ...CLIENT_DEFAULTS, region: org.hubRegion });
  const hub = await assume(sts, org.hubAccountId, org.memberRoleName);
  const member = await assume(sts, accountId, org.memberRoleName);
  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ ...CLIENT_DEFAULTS, region: org.hubRegion, credentials: hub }), { marshallOptions: { removeUndefinedValues: true } });
  const at = (region: string) => ({ ...CLIENT_DEFAULTS, region, credentials: member });
  const organizations = new OrganizationsClient({ ...CLIENT_DEFAULTS, region: 'us-east-1' });
  return {
    ledger: new DynamoLedger(ddb, TABLE_NAME),
    clients: {
      ec2: (r) => new EC2Client(at(r)), autoscaling: (r) => new AutoScalingClient(at(r)), rds: (r) => new RDSClient(at(r)),
      redshift: (r) => new RedshiftClient(at(r)), iam: () => new IAMClient(at('us-east-1')), organizations: () => organizations,
    },
    runtime: {
      actions: new RuntimeActionStore(ddb, TABLE_NAME),
      member: { ec2: async (_id, region) => new RuntimeEc2(new EC2Client(at(region))), iam: async () => new RuntimeIam(new IAMClient(at('us-east-1'))) },
      clock: () => new Date(),
      bus: { publish: async () => undefined, requestEvaluation: async () => undefined },
      budgetState: async () => 'unknown',
      log: () => undefined,
    },
    clock: () => new Date(),
  };
}

const valueText = (v: unknown) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

export function releaseText(r: ReleaseResult): string {
  const lines = r.actions.map((a) => `${a.outcome.padEnd(13)} ${a.direction} ${a.kind} ${a.target}${a.region ? ` (${a.region})` : ''}${a.to !== undefined ? ` → ${valueText(a.to)}` : ''}${a.error ? `: ${a.error}` : ''}`);
  const failed = r.actions.filter((a) => a.outcome === 'failed').length;
  return [
    ...lines,
    r.actions.length === 0 ? `nothing to give back in ${r.accountName} (${r.accountId})` : '',
    failed > 0
      ? `${failed} restore(s) FAILED in ${r.accountName} (${r.accountId}); fix the cause and run guardrails release again before destroying its stacks`
      : `${r.accountName} (${r.accountId}) released: nothing the guardrail changed is left; its stacks can be destroyed`,
  ].filter((l) => l !== '').join('\n');
}
