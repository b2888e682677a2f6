import { Construct } from 'constructs';
import type { AccountPolicy, OrgSettings } from '../../core/catalog/types';
import { formatIssue } from '../../core/catalog/errors';
import { BILLING_REGION } from '../../core/catalog/regions';
import { limitIssuesOf } from '../limits/synth-limits';
import { BillingAlarms } from './billing-alarms';
import { EnforcementRole } from './enforcement-role';
import { Forwarding, providerFor } from './forwarding';
import { LockdownPolicies } from './lockdown-policies';
import { RegionProviders, providerMap } from './region-providers';
import { TeamAccess } from './team-access';

export interface MemberGuardrailsProps {
  /** Org settings (`catalog.org`): hub account, region and organization id, for the derived hub ARNs. */
  readonly org: OrgSettings;
  /** The account's resolved catalog entry (one of `catalog.accounts`). */
  readonly account: AccountPolicy;
  /**
   * The platform's AWS providers into this account, keyed by region: us-east-1 (billing metrics,
   * IAM) and every workload region. A `Map` (MemberStack's `providers`) or a plain object. A
   * missing region, or a provider whose region or allowed accounts say otherwise, fails synth.
   * No default: the account is reached however the platform reaches it (its own role).
   */
  readonly providers: RegionProviders;
}

/**
 * Everything the guardrail needs inside one member account: billing alarms, forwarding to the
 * hub bus, the enforcement role, the lockdown deny policies and the team access policies, all
 * derived from the account's catalog entry and names (never from hub state). One `new` into
 * any stack that deploys to the account.
 */
export class MemberGuardrails extends Construct {
  readonly billingAlarms: BillingAlarms;
  readonly forwarding: Forwarding;
  readonly enforcementRole: EnforcementRole;
  readonly lockdown: LockdownPolicies;
  readonly teamAccess: TeamAccess;

  constructor(scope: Construct, id: string, props: MemberGuardrailsProps) {
    super(scope, id);
    const { org, account } = props;
    const providers = providerMap(props.providers, account);
    const global = providerFor(providers, BILLING_REGION);
    this.billingAlarms = new BillingAlarms(this, 'billing-alarms', { account, provider: global });
    this.forwarding = new Forwarding(this, 'forwarding', { org, account, providers });
    this.enforcementRole = new EnforcementRole(this, 'enforcement', { org, account, provider: global });
    this.lockdown = new LockdownPolicies(this, 'lockdown', { account, provider: global });
    this.teamAccess = new TeamAccess(this, 'team-access', { account, provider: global });
    // Wherever it is composed, its documents are measured against AWS's limits when the app synthesizes.
    this.node.addValidation({ validate: () => limitIssuesOf(this, account).map(formatIssue) });
  }
}
