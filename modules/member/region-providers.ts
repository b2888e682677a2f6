/**
 * The platform's AWS providers for one member account, keyed by region: a Map (MemberStack's
 * `providers`) or a plain object (`{ 'us-east-1': usEast1, 'eu-west-1': euWest1 }`). Checked at
 * construction, so a missing region or a provider for the wrong account fails synth with the fix.
 */
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Token } from 'cdktf';
import type { AccountPolicy } from '../../core/catalog/types';
import { BILLING_REGION } from '../../core/catalog/regions';

export type RegionProviders = ReadonlyMap<string, AwsProvider> | Readonly<Record<string, AwsProvider>>;

/** The regions an account's guardrails need a provider for: us-east-1 (billing metrics, IAM) and every workload region. */
export const requiredRegions = (account: AccountPolicy): string[] => [...new Set([BILLING_REGION, ...account.workloadRegions])];

export function providerMap(providers: RegionProviders, account: AccountPolicy): ReadonlyMap<string, AwsProvider> {
  const map: ReadonlyMap<string, AwsProvider> = providers instanceof Map
    ? providers
    : new Map(Object.entries(providers as Readonly<Record<string, AwsProvider>>));
  const where = `MemberGuardrails for accounts/${account.name}.ts`;
  const problems: string[] = [];
  const missing = requiredRegions(account).filter((region) => !map.has(region));
  if (missing.length > 0) {
    problems.push(`${where}: no AWS provider for ${missing.join(', ')}; pass one per region the account needs, `
      + `{ ${requiredRegions(account).map((r) => `'${r}': <provider>`).join(', ')} } (us-east-1 for billing metrics and IAM, plus workloadRegions)`);
  }
  for (const [region, provider] of map) {
    const actual = provider.region;
    if (actual !== undefined && !Token.isUnresolved(actual) && actual !== region) {
      problems.push(`${where}: the provider given for ${region} deploys to ${actual}; key each provider by its own region`);
    }
    const allowed = provider.allowedAccountIds;
    if (allowed !== undefined && !allowed.some((id) => Token.isUnresolved(id)) && !allowed.includes(account.id)) {
      problems.push(`${where}: the provider for ${region} may only deploy to account(s) ${allowed.join(', ')}, not ${account.id}; pass the providers of account ${account.id}`);
    }
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return map;
}
