/**
 * Where the hub lives: the AWS provider its resources use, checked against the catalog. Every ARN
 * a member account trusts (hub bus, function roles) is derived from `org.hubAccountId` and
 * `org.hubRegion`, so a hub deployed with a provider for another region or account would be
 * unreachable from the members; that is refused at synth, not found out at Critical.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformDataSource, TerraformProvider, TerraformResource, TerraformStack, Token } from 'cdktf';
import type { IAspect } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { OrgSettings } from '../../core/catalog/types';

/** Gives every resource and data source of the provider's kind under a construct that provider, unless it names one. */
export class UseProvider implements IAspect {
  constructor(private readonly provider: TerraformProvider) {}

  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource) && !(node instanceof TerraformDataSource)) return;
    if (node.provider !== undefined) return;
    if (node.terraformGeneratorMetadata?.providerName !== this.provider.terraformGeneratorMetadata?.providerName) return;
    node.provider = this.provider;
  }
}

/** The stack's default AWS provider (the one without an alias), if it has one. */
export function defaultAwsProvider(scope: IConstruct): AwsProvider | undefined {
  return TerraformStack.of(scope).node.findAll()
    .find((c): c is AwsProvider => c instanceof AwsProvider && c.alias === undefined);
}

const literal = (value: string | undefined): string | undefined =>
  value === undefined || Token.isUnresolved(value) ? undefined : value;

const literals = (values: string[] | undefined): string[] | undefined =>
  values === undefined || values.some((v) => Token.isUnresolved(v)) ? undefined : values;

/**
 * What the provider says about its account and region that contradicts where the catalog puts
 * the hub (values given as Terraform tokens can't be known at synth and are left to AWS).
 */
export function hubProviderProblems(provider: AwsProvider, org: OrgSettings): string[] {
  const problems: string[] = [];
  const name = provider.alias ? `the AWS provider "${provider.alias}"` : 'the stack\'s default AWS provider';
  const region = literal(provider.region);
  if (region !== undefined && region !== org.hubRegion) {
    problems.push(`BillingHub: ${name} deploys to ${region}, but accounts/org.ts: hubRegion is ${org.hubRegion}; `
      + `member accounts would send events to ${org.hubRegion}. Set hubRegion: '${region}' in org.ts, or give BillingHub a provider for ${org.hubRegion}`);
  }
  const allowed = literals(provider.allowedAccountIds);
  if (allowed !== undefined && !allowed.includes(org.hubAccountId)) {
    problems.push(`BillingHub: ${name} may only deploy to account(s) ${allowed.join(', ')}, but accounts/org.ts: hubAccountId is ${org.hubAccountId}; `
      + `set hubAccountId to the payer account the provider deploys to, or give BillingHub that account's provider`);
  }
  const forbidden = literals(provider.forbiddenAccountIds);
  if (forbidden?.includes(org.hubAccountId)) {
    problems.push(`BillingHub: ${name} forbids account ${org.hubAccountId}, which accounts/org.ts names as hubAccountId; give BillingHub the payer account's provider`);
  }
  return problems;
}
