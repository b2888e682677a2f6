/**
 * Every member stack's providers assume `memberRoleName` in the member account: a role that is
 * missing, or does not trust the payer account, fails the deploy of that stack. Doctor assumes it in
 * every catalog account, a few at a time.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { Catalog } from '../../../core/catalog/types';
import { messageOf } from '../../../functions/aws/aws-errors';
import type { CheckResult } from './types';

const PARALLEL = 8;
const LISTED = 20;

export async function checkMemberRoles(sts: STSClient, catalog: Catalog, roleName: string = catalog.org.memberRoleName): Promise<CheckResult> {
  const base = { id: 'member-role', title: `member role ${roleName} reachable in every catalog account` };
  if (catalog.accounts.length === 0) return { ...base, status: 'skip', detail: 'the catalog has no member accounts' };
  const failures: string[] = [];
  const queue = [...catalog.accounts];
  const worker = async () => {
    for (let a = queue.shift(); a; a = queue.shift()) {
      try {
        await sts.send(new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${a.id}:role/${roleName}`, RoleSessionName: 'budget-guardrails-doctor', DurationSeconds: 900,
        }));
      } catch (error) {
        failures.push(`${a.name} (${a.id}): ${messageOf(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
  if (failures.length === 0) return { ...base, status: 'pass', detail: `assumed in all ${catalog.accounts.length} account(s)` };
  failures.sort();
  const listed = failures.slice(0, LISTED).join('; ');
  return {
    ...base, status: 'fail',
    detail: `not assumable in ${failures.length} of ${catalog.accounts.length} account(s): ${listed}${failures.length > LISTED ? `; and ${failures.length - LISTED} more` : ''}`,
    fix: `in each account listed, create the role ${roleName} trusting the payer account ${catalog.org.hubAccountId} (accounts created through `
      + 'Organizations have OrganizationAccountAccessRole; invited accounts do not), or set memberRoleName in accounts/org.ts to a role every member has; '
      + 'the credentials running doctor and the deploy need sts:AssumeRole on it',
  };
}
