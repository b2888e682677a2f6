import { App } from 'cdktf';
import type { Catalog } from '../core/catalog/types';
import { assertWithinLimits } from './limits/synth-limits';
import { HubStack } from './stacks/hub-stack';
import { MemberStack } from './stacks/member-stack';
import type { StackOptions } from './stacks/options';

export interface GuardrailsApp {
  readonly app: App;
  readonly hub: HubStack;
  readonly members: ReadonlyMap<string, MemberStack>;
}

/**
 * The whole org: the hub stack and one `member-<name>` stack per catalog account. Every member
 * depends on the hub (cdktf.out/manifest.json lists it), so `cdktf deploy '*'` applies the hub
 * first: member enforcement roles trust hub roles, which IAM requires to exist.
 */
export function buildApp(catalog: Catalog, options: StackOptions = {}, outdir = 'cdktf.out'): GuardrailsApp {
  const app = new App({ outdir, skipValidation: false });
  const hub = new HubStack(app, { catalog, options });
  const members = new Map<string, MemberStack>();
  for (const account of catalog.accounts) {
    const member = new MemberStack(app, { org: catalog.org, account, options });
    member.addDependency(hub);
    members.set(account.name, member);
  }
  // Before anything is written: every document within AWS's limits, or one line per problem.
  assertWithinLimits(app, catalog);
  return { app, hub, members };
}
