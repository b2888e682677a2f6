/**
 * Prepares offline Terraform once per test run. A machine without terraform or the provider
 * mirror does not skip the Terraform tests: they fail with HOW_TO_PROVIDE (see terraform.ts).
 */
import { offlineTerraform } from '../../scripts/terraform-env';

export default function globalSetup(): void {
  try {
    const { env } = offlineTerraform();
    Object.assign(process.env, env);
    delete process.env.GUARDRAILS_TERRAFORM_ERROR;
  } catch (err) {
    process.env.GUARDRAILS_TERRAFORM_ERROR = err instanceof Error ? err.message : String(err);
  }
}
