/** Options that shape how stacks are synthesized (not what they contain: that is the catalog). */
export interface StackOptions {
  /**
   * "deploy": providers assume the configured role into each member account.
   * "offline-plan": no assume_role, fake credentials and skipped AWS checks, so `terraform plan`
   * runs with no network (tests and air-gapped CI).
   * @default "deploy"
   */
  readonly planMode?: 'deploy' | 'offline-plan';
  /**
   * Terraform Cloud organization from the environment (`TF_CLOUD_ORGANIZATION`); overrides a
   * local backend in org.ts.
   * @default undefined
   */
  readonly cloudOrganization?: string;
  /**
   * S3 bucket for state from the environment (`GUARDRAILS_STATE_BUCKET`); overrides a local
   * backend in org.ts. Keys are `budget-guardrails/<stack>.tfstate`.
   * @default undefined
   */
  readonly stateBucket?: string;
  /**
   * Region of `stateBucket` (`GUARDRAILS_STATE_REGION`).
   * @default the hub region
   */
  readonly stateBucketRegion?: string;
  /**
   * Role the member stacks' providers assume instead of the catalog's `memberRoleName`
   * (`GUARDRAILS_MEMBER_ROLE_NAME`): CI plans pull requests through a read-only role in each member.
   * @default the catalog's memberRoleName
   */
  readonly memberRoleName?: string;
}
