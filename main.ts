/**
 * This repository's cdktf app, the package's first consumer: loads the catalog (`accounts/`, or
 * GUARDRAILS_ACCOUNTS), then synthesizes the hub stack and one stack per member account into
 * cdktf.out/. A bad catalog prints one line per problem and exits 1 before anything is written.
 * Being a checkout, it first brings the prebuilt function bundles up to date with the sources.
 */
import { CatalogError, buildApp, formatIssue, loadCatalog } from './index';
import { displayPath } from './core/catalog/load';
import { relabel } from './core/limits/catalog-limits';
import { buildFunctionBundles } from './modules/function/build-bundles';

async function main(): Promise<void> {
  const dir = process.env.GUARDRAILS_ACCOUNTS ?? 'accounts';
  const { catalog, issues } = await loadCatalog(dir);
  if (!catalog) {
    for (const issue of issues) console.error(formatIssue(issue));
    console.error(`synth refused: ${issues.length} problem(s) in the catalog; nothing was written`);
    process.exit(1);
  }
  buildFunctionBundles();
  const { app } = buildApp(catalog, {
    planMode: process.env.GUARDRAILS_PLAN_MODE === 'offline-plan' ? 'offline-plan' : 'deploy',
    cloudOrganization: process.env.TF_CLOUD_ORGANIZATION || undefined,
    stateBucket: process.env.GUARDRAILS_STATE_BUCKET || undefined,
    stateBucketRegion: process.env.GUARDRAILS_STATE_REGION || undefined,
    memberRoleName: process.env.GUARDRAILS_MEMBER_ROLE_NAME || undefined,
  }, process.env.CDKTF_OUTDIR ?? 'cdktf.out');
  app.synth();
  console.log(`synthesized hub and ${catalog.accounts.length} member stack(s) into ${app.outdir}/stacks`);
}

main().catch((err: unknown) => {
  if (err instanceof CatalogError) {
    // AWS limits the synthesized documents would exceed (modules/limits), found before writing.
    const folder = displayPath(process.env.GUARDRAILS_ACCOUNTS ?? 'accounts');
    for (const issue of relabel(err.issues, (file) => file.replace(/^accounts\//, `${folder}/`))) console.error(formatIssue(issue));
    console.error(`synth refused: ${err.issues.length} document(s) over AWS limits; nothing was written`);
    process.exit(1);
  }
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
