/**
 * Plan counts against a real `terraform plan` of a synthesized member stack (offline, local provider
 * mirror): the counts read from `terraform show -json` equal the "Plan: N to add, ..." line Terraform
 * prints itself, and the text reader understands that line.
 */
import { planCountsFromJson, planCountsFromText } from '../../core/summary/plan-counts';
import { shippedCatalog } from '../support/catalog';
import { requireTerraform, stackDir, synthApp, terraform } from '../support/terraform';

describe('Terraform plan counts', () => {
  it('JSON and text of one real plan give the same counts', async () => {
    requireTerraform();
    const dir = stackDir(synthApp(await shippedCatalog(), { planMode: 'offline-plan' }), 'member-sandbox');
    terraform(dir, 'init', '-input=false');
    const text = terraform(dir, 'plan', '-input=false', '-lock=false', '-no-color', '-out=tfplan');
    const json = terraform(dir, 'show', '-json', 'tfplan');
    const fromJson = planCountsFromJson(json);
    expect(fromJson.add).toBeGreaterThan(5);
    expect(planCountsFromText(text)).toEqual(fromJson);
  });

  it('replacements count as one add and one destroy; reads and no-ops count nothing', () => {
    const plan = {
      format_version: '1.2',
      resource_changes: [
        { change: { actions: ['create', 'delete'] } }, { change: { actions: ['delete'] } }, { change: { actions: ['update'] } },
        { change: { actions: ['read'] } }, { change: { actions: ['no-op'] } },
      ],
    };
    expect(planCountsFromJson(JSON.stringify(plan))).toEqual({ add: 1, change: 1, destroy: 2 });
    expect(planCountsFromJson(JSON.stringify({ format_version: '1.2' }))).toEqual({ add: 0, change: 0, destroy: 0 });
  });

  it('reads "No changes." and an import count, and refuses output without a plan', () => {
    expect(planCountsFromText('No changes. Your infrastructure matches the configuration.\n')).toEqual({ add: 0, change: 0, destroy: 0 });
    expect(planCountsFromText('\u001b[1mPlan:\u001b[0m 2 to import, 3 to add, 1 to change, 0 to destroy.')).toEqual({ add: 3, change: 1, destroy: 0 });
    expect(() => planCountsFromText('Error: configuring Terraform AWS Provider')).toThrow(/no "Plan: N to add/);
    expect(() => planCountsFromJson('{"resource_changes": []}')).toThrow(/no format_version/);
  });
});
