import { Sesv2ConfigurationSet } from '@cdktf/provider-aws/lib/sesv2-configuration-set';
import { Sesv2EmailIdentity } from '@cdktf/provider-aws/lib/sesv2-email-identity';
import { Construct } from 'constructs';
import type { OrgSettings } from '../../core/catalog/types';
import { PROJECT } from '../../core/naming/resources';

export const SES_CONFIGURATION_SET_NAME = PROJECT;

/** The SES v2 sender identity from org.ts and the configuration set the notifier sends through. */
export class HubEmail extends Construct {
  readonly identity: Sesv2EmailIdentity;
  readonly configurationSet: Sesv2ConfigurationSet;

  constructor(scope: Construct, id: string, props: { readonly org: OrgSettings }) {
    super(scope, id);
    this.configurationSet = new Sesv2ConfigurationSet(this, 'configuration-set', {
      configurationSetName: SES_CONFIGURATION_SET_NAME,
      deliveryOptions: { tlsPolicy: 'REQUIRE' },
      reputationOptions: { reputationMetricsEnabled: true },
      sendingOptions: { sendingEnabled: true },
      suppressionOptions: { suppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
    // SES mails a verification link to this address once; sending works after it is clicked.
    this.identity = new Sesv2EmailIdentity(this, 'sender', {
      emailIdentity: props.org.senderEmail,
      configurationSetName: this.configurationSet.configurationSetName,
    });
  }
}
