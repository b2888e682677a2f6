/**
 * The IAM group a teamAccess entry attaches to: nothing created it, so the first apply in a fresh
 * account failed with NoSuchEntity. With `createGroup: true` the member stack creates it (and the
 * attachment depends on it); without, `guardrails validate` names it as a precondition.
 */
import { Testing } from 'cdktf';
import type { Catalog } from '../../../core/catalog/types';
import { buildApp } from '../../../modules/app';
import { preconditions } from '../../../cli/commands/validate';
import { accountOf, shippedCatalog } from '../../support/catalog';
import { Synthesized, resourcesOf } from './synthesized';

let catalog: Catalog;
beforeAll(async () => { catalog = await shippedCatalog(); });

function synthWeb(createGroup: boolean): Synthesized {
  const web = accountOf(catalog, 'web-service');
  const edited = { ...web, teamAccess: web.teamAccess.map((t) => ({ ...t, createGroup })) };
  const { members } = buildApp({ ...catalog, accounts: catalog.accounts.map((a) => (a.id === web.id ? edited : a)) }, {}, Testing.app().outdir);
  const stack = [...members].find(([name]) => name.includes('web-service'))![1];
  return JSON.parse(Testing.synth(stack)) as Synthesized;
}

describe('teamAccess group', () => {
  it('createGroup: true creates the group, and the policy attachment refers to it (so Terraform creates it first)', () => {
    const stack = synthWeb(true);
    expect(resourcesOf(stack, 'aws_iam_group')).toEqual([expect.objectContaining({ name: 'achampionship-webservice' })]);
    const [attachment] = resourcesOf(stack, 'aws_iam_group_policy_attachment');
    expect(attachment.group).toMatch(/^\$\{aws_iam_group\..+\.name\}$/);
  });

  it('by default creates no group, and validate names it as a precondition of the first apply', () => {
    const stack = synthWeb(false);
    expect(resourcesOf(stack, 'aws_iam_group')).toEqual([]);
    expect(preconditions(accountOf(catalog, 'web-service'))).toEqual([
      'IAM group "achampionship-webservice" in 333333333333 before the first member apply (teamAccess attaches to it; create it, or set createGroup: true)',
    ]);
  });
});
