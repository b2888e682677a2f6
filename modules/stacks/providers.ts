import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import type { StackOptions } from './options';

export interface GuardrailProviderProps {
  readonly region: string;
  /** Provider alias; omit for the stack's default provider. */
  readonly alias?: string;
  /** Role assumed in deploy mode (absent: the deployer's own credentials). */
  readonly assumeRoleArn?: string;
  /** In deploy mode, the only accounts Terraform may act in (it checks the credentials before planning). */
  readonly allowedAccountIds?: readonly string[];
  readonly sessionName: string;
  readonly tags: Record<string, string>;
  readonly options: StackOptions;
}

/** Settings that let `terraform plan` run with no AWS access at all. */
const OFFLINE = {
  accessKey: 'offline-plan',
  secretKey: 'offline-plan',
  skipCredentialsValidation: true,
  skipRequestingAccountId: true,
  skipMetadataApiCheck: 'true',
  skipRegionValidation: true,
} as const;

export function guardrailProvider(scope: Construct, id: string, props: GuardrailProviderProps): AwsProvider {
  const offline = props.options.planMode === 'offline-plan';
  return new AwsProvider(scope, id, {
    region: props.region,
    alias: props.alias,
    defaultTags: [{ tags: props.tags }],
    ...(offline ? OFFLINE : {}),
    assumeRole: !offline && props.assumeRoleArn
      ? [{ roleArn: props.assumeRoleArn, sessionName: props.sessionName }]
      : undefined,
    // Offline plans skip the account lookup the check needs.
    allowedAccountIds: !offline && props.allowedAccountIds ? [...props.allowedAccountIds] : undefined,
  });
}
