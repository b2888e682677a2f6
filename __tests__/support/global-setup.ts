/**
 * Once per test run: builds the prebuilt Lambda bundles if they are missing or older than their
 * sources (the same dist/bundles/ that synth reads and the package ships, so what is tested is
 * what ships), and prepares offline Terraform. A machine without terraform or the provider
 * mirror does not skip the Terraform tests: they fail with HOW_TO_PROVIDE (see terraform.ts).
 */
import { buildFunctionBundles } from '../../modules/function/build-bundles';
import { offlineTerraform } from '../../scripts/terraform-env';

export default function globalSetup(): void {
  buildFunctionBundles();
  try {
    const { env } = offlineTerraform();
    Object.assign(process.env, env);
    delete process.env.GUARDRAILS_TERRAFORM_ERROR;
  } catch (err) {
    process.env.GUARDRAILS_TERRAFORM_ERROR = err instanceof Error ? err.message : String(err);
  }
}
