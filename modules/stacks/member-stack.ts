import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { AccountPolicy, OrgSettings } from '../../core/catalog/types';
import { BILLING_REGION } from '../../core/catalog/regions';
import { PROJECT, memberStackName } from '../../core/naming/resources';
import { MemberGuardrails } from '../member/member-guardrails';
import { configureBackend, effectiveBackend } from './backend';
import type { StackOptions } from './options';
import { guardrailProvider } from './providers';

export interface MemberStackProps {
  /** The catalog's org settings. */
  readonly org: OrgSettings;
  /** The account's resolved catalog entry. */
  readonly account: AccountPolicy;
  /**
   * Plan mode and state backend overrides.
   * @default {} (deploy mode, the backend org.ts names)
   */
  readonly options?: StackOptions;
}

/**
 * One member account. The default provider is us-east-1 (billing metrics and IAM); every other
 * workload region gets a provider aliased by its region code. All assume the org's member role.
 */
export class MemberStack extends TerraformStack {
  /** Provider per region, us-east-1 included. */
  readonly providers: ReadonlyMap<string, AwsProvider>;
  readonly guardrails: MemberGuardrails;

  constructor(scope: Construct, props: MemberStackProps) {
    const name = memberStackName(props.account.name);
    super(scope, name);
    const { org, account } = props;
    const options = props.options ?? {};
    configureBackend(this, name, effectiveBackend(org.backend, options, org.hubRegion));
    const common = {
      assumeRoleArn: `arn:aws:iam::${account.id}:role/${options.memberRoleName ?? org.memberRoleName}`,
      allowedAccountIds: [account.id],
      sessionName: `${PROJECT}-${account.name}`,
      tags: { 'managed-by': PROJECT, 'budget-guardrails:account': account.name },
      options,
    };
    const providers = new Map<string, AwsProvider>();
    providers.set(BILLING_REGION, guardrailProvider(this, 'aws', { ...common, region: BILLING_REGION }));
    for (const region of account.workloadRegions) {
      if (providers.has(region)) continue;
      providers.set(region, guardrailProvider(this, `aws-${region}`, { ...common, region, alias: region }));
    }
    this.providers = providers;
    this.guardrails = new MemberGuardrails(this, 'guardrails', { org, account, providers });
  }
}
