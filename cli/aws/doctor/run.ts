/** Runs every readiness check against the payer account and reports them in catalog order. */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { STSClient } from '@aws-sdk/client-sts';
import type { Catalog } from '../../../core/catalog/types';
import { CLIENT_DEFAULTS } from '../../../functions/aws/clients';
import { checkBillingAlerts, checkCostExplorer } from './billing';
import { checkMemberRoles } from './member-role';
import { checkScpLockdowns } from './organizations';
import { checkSesAccount, checkSesIdentity } from './ses';
import type { CheckResult } from './types';

export interface DoctorClients {
  /** SES v2 in the hub region. */
  readonly ses: SESv2Client;
  /** CloudWatch in us-east-1, where AWS publishes the billing metrics. */
  readonly billingMetrics: CloudWatchClient;
  readonly costExplorer: CostExplorerClient;
  readonly organizations: OrganizationsClient;
  readonly sts: STSClient;
}

/** The SDK clients doctor uses, with the credentials of the environment (AWS_PROFILE, SSO, ...). */
export function doctorClients(hubRegion: string): DoctorClients {
  return {
    ses: new SESv2Client({ ...CLIENT_DEFAULTS, region: hubRegion }),
    billingMetrics: new CloudWatchClient({ ...CLIENT_DEFAULTS, region: 'us-east-1' }),
    // Cost Explorer and Organizations are global services served from us-east-1.
    costExplorer: new CostExplorerClient({ ...CLIENT_DEFAULTS, region: 'us-east-1' }),
    organizations: new OrganizationsClient({ ...CLIENT_DEFAULTS, region: 'us-east-1' }),
    sts: new STSClient({ ...CLIENT_DEFAULTS, region: hubRegion }),
  };
}

export async function runDoctor(clients: DoctorClients, catalog: Catalog): Promise<CheckResult[]> {
  return Promise.all([
    checkSesAccount(clients.ses, catalog.org),
    checkSesIdentity(clients.ses, catalog.org),
    checkBillingAlerts(clients.billingMetrics),
    checkCostExplorer(clients.costExplorer),
    checkScpLockdowns(clients.organizations, catalog),
    checkMemberRoles(clients.sts, catalog),
  ]);
}

const MARK = { pass: 'ok  ', fail: 'FAIL', skip: 'skip' } as const;

export function doctorText(results: readonly CheckResult[], catalog: Catalog): string {
  const failed = results.filter((r) => r.status === 'fail').length;
  return [
    `guardrails doctor: payer ${catalog.org.hubAccountId}, hub ${catalog.org.hubRegion}, ${catalog.accounts.length} member account(s)`,
    '',
    ...results.flatMap((r) => [`${MARK[r.status]}  ${r.title}: ${r.detail}`, ...(r.fix ? [`      fix: ${r.fix}`] : [])]),
    '',
    failed === 0 ? `all ${results.length} checks passed or do not apply` : `${failed} of ${results.length} checks failed: the guardrail is blind or mute until they are fixed`,
  ].join('\n');
}

export function doctorJson(results: readonly CheckResult[]): string {
  return JSON.stringify({ ok: results.every((r) => r.status !== 'fail'), checks: results }, null, 2);
}
