import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { Catalog } from '../../core/catalog/types';
import { PROJECT, hubStackName } from '../../core/naming/resources';
import { BillingHub } from '../hub/billing-hub';
import { configureBackend, effectiveBackend } from './backend';
import type { StackOptions } from './options';
import { guardrailProvider } from './providers';

export interface HubStackProps {
  /** The loaded catalog. */
  readonly catalog: Catalog;
  /**
   * Plan mode and state backend overrides.
   * @default {} (deploy mode, the backend org.ts names)
   */
  readonly options?: StackOptions;
}

/**
 * The stack `hub`: its backend, an AWS provider for the payer account (the deployer's own
 * credentials; in deploy mode it refuses any account but `hubAccountId`) and the BillingHub.
 */
export class HubStack extends TerraformStack {
  readonly provider: AwsProvider;
  readonly hub: BillingHub;

  constructor(scope: Construct, props: HubStackProps) {
    super(scope, hubStackName);
    const { org } = props.catalog;
    const options = props.options ?? {};
    configureBackend(this, hubStackName, effectiveBackend(org.backend, options, org.hubRegion));
    this.provider = guardrailProvider(this, 'aws', {
      region: org.hubRegion,
      allowedAccountIds: [org.hubAccountId],
      sessionName: `${PROJECT}-hub`,
      tags: { 'managed-by': PROJECT, 'budget-guardrails:account': 'hub' },
      options,
    });
    // AWS Chatbot's API is served from a few regions only: a second provider there when the hub is elsewhere.
    const chatProvider = org.chat && org.chat.region !== org.hubRegion
      ? guardrailProvider(this, 'aws-chat', {
        region: org.chat.region,
        alias: 'chat',
        allowedAccountIds: [org.hubAccountId],
        sessionName: `${PROJECT}-hub`,
        tags: { 'managed-by': PROJECT, 'budget-guardrails:account': 'hub' },
        options,
      })
      : undefined;
    this.hub = new BillingHub(this, 'billing-hub', { catalog: props.catalog, provider: this.provider, chatProvider });
  }
}
