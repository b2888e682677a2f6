/** What `guardrails doctor` reports: one result per readiness check, each failure with its fix. */
export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  /** Stable id for scripts reading --json: `ses-production-access`, `member-role`, ... */
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  /** What was found, in one or two sentences. */
  readonly detail: string;
  /** What to do about a failure. */
  readonly fix?: string;
}
