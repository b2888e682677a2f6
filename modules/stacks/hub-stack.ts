import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { Catalog } from '../../core/catalog/types';
import { PROJECT, hubStackName } from '../../core/naming/resources';
import { BillingHub } from '../hub/billing-hub';
import { LockdownScps } from '../member/lockdown-scp';
import { configureBackend, effectiveBackend } from './backend';
import type { StackOptions } from './options';
import { guardrailProvider } from './providers';

export interface HubStackProps {
  readonly catalog: Catalog;
  readonly options: StackOptions;
}

/** The billing hub, deployed with the deployer's own credentials in the payer account. */
export class HubStack extends TerraformStack {
  constructor(scope: Construct, props: HubStackProps) {
    super(scope, hubStackName);
    const { org } = props.catalog;
    configureBackend(this, hubStackName, effectiveBackend(org.backend, props.options, org.hubRegion));
    guardrailProvider(this, 'aws', {
      region: org.hubRegion,
      sessionName: `${PROJECT}-hub`,
      tags: { 'managed-by': PROJECT, 'budget-guardrails:account': 'hub' },
      options: props.options,
    });
    new LockdownScps(this, 'lockdown-scps', { catalog: props.catalog });
    new BillingHub(this, 'billing-hub', { catalog: props.catalog });
  }
}
