import { readFileSync } from 'node:fs';
import { shippedCatalog } from '../../support/catalog';
import { requireTerraform, stackDir, synthApp, terraform } from '../../support/terraform';

type Plan = { resource_changes?: { type: string; change: { actions: string[]; after: Record<string, unknown> } }[] };

let outdir: string;

beforeAll(async () => {
  requireTerraform();
  // Offline-plan settings only drop assume_role and add fake credentials; the resources are the same.
  outdir = synthApp(await shippedCatalog(), { planMode: 'offline-plan' });
});

describe('terraform accepts the member guardrails', () => {
  it('every member stack passes terraform validate', () => {
    const manifest = JSON.parse(readFileSync(`${outdir}/manifest.json`, 'utf8'));
    expect(Object.keys(manifest.stacks).filter((s) => s.startsWith('member-')).sort())
      .toEqual(['member-analytics', 'member-data-science', 'member-sandbox', 'member-web-service']);
    expect(outdir).toBeValidTerraform();
  });

  it('member-data-science plans offline, creating the guardrail resources', () => {
    // toBeValidTerraform already ran `terraform init` in this folder: plan without a second init.
    const dir = stackDir(outdir, 'member-data-science');
    terraform(dir, 'plan', '-input=false', '-lock=false', '-out=tfplan');
    const plan: Plan = JSON.parse(terraform(dir, 'show', '-json', 'tfplan'));
    const created = (type: string) => (plan.resource_changes ?? [])
      .filter((r) => r.type === type && r.change.actions.includes('create'))
      .map((r) => r.change.after.name ?? r.change.after.alarm_name);
    expect(created('aws_iam_role').sort()).toEqual(['budget-guardrails-enforcement', 'budget-guardrails-forwarder']);
    expect(created('aws_iam_policy').sort()).toEqual(['AllowGPUAccess', 'budget-guardrails-lockdown-critical', 'budget-guardrails-lockdown-shutdown']);
    expect(created('aws_cloudwatch_metric_alarm')).toHaveLength(3);
    expect(created('aws_cloudwatch_event_rule')).toHaveLength(3);
  });
});
