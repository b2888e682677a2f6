import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, S3Backend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { BillingHub, MemberGuardrails, formatIssue, loadCatalog } from 'budget-guardrails';
import type { AccountPolicy, Catalog } from 'budget-guardrails';

const STATE_BUCKET = 'acme-platform-terraform-state';
/** The role the platform already deploys account baselines with (Control Tower Account Factory for Terraform). */
const EXECUTION_ROLE = 'AWSAFTExecution';

/** The platform's payer-account stack: its own backend and provider; the guardrail hub is one construct in it. */
class PayerStack extends TerraformStack {
  constructor(scope: Construct, catalog: Catalog) {
    super(scope, 'payer');
    new S3Backend(this, { bucket: STATE_BUCKET, key: 'payer.tfstate', region: 'us-east-1', encrypt: true });
    const payer = new AwsProvider(this, 'aws', {
      region: catalog.org.hubRegion,
      allowedAccountIds: [catalog.org.hubAccountId],
    });
    // ...the platform's own payer-account resources...
    new BillingHub(this, 'budget-guardrails', { catalog, provider: payer });
  }
}

/** One member account's baseline, deployed through the platform's own role in that account. */
class AccountBaselineStack extends TerraformStack {
  constructor(scope: Construct, catalog: Catalog, account: AccountPolicy) {
    super(scope, `baseline-${account.name}`);
    new S3Backend(this, { bucket: STATE_BUCKET, key: `baseline-${account.name}.tfstate`, region: 'us-east-1', encrypt: true });
    const providers: Record<string, AwsProvider> = {};
    for (const region of new Set(['us-east-1', ...account.workloadRegions])) {
      providers[region] = new AwsProvider(this, `aws-${region}`, {
        region,
        // us-east-1 (billing metrics, IAM) is the stack's default provider; other regions are aliased.
        ...(region === 'us-east-1' ? {} : { alias: region }),
        allowedAccountIds: [account.id],
        assumeRole: [{ roleArn: `arn:aws:iam::${account.id}:role/${EXECUTION_ROLE}`, sessionName: 'platform-baseline' }],
      });
    }
    // ...the platform's own baseline resources...
    new MemberGuardrails(this, 'budget-guardrails', { org: catalog.org, account, providers });
  }
}

async function main(): Promise<void> {
  const { catalog, issues } = await loadCatalog('accounts');
  if (!catalog) {
    for (const issue of issues) console.error(formatIssue(issue));
    process.exit(1);
  }
  const app = new App();
  new PayerStack(app, catalog);
  for (const account of catalog.accounts) new AccountBaselineStack(app, catalog, account);
  app.synth();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
