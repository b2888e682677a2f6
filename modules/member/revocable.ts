/**
 * Which policy attachments the guardrail itself may remove (pure, no cdktf).
 *
 * The enforcer and runtime meter DETACH these when a budget runs out and reattach them on
 * restore. If Terraform managed such an attachment, the next `terraform apply` during a lockdown
 * would re-create it and silently undo the enforcement; so Terraform manages an attachment only
 * when no guardrail action can detach it, and the guardrail owns the others at run time: the
 * runtime meter's reconcile grants them (core/posture/grants.ts, one definition for both sides).
 */
export { isRevocable, revocableAttachments } from '../../core/posture/grants';
export type { PrincipalKind } from '../../core/posture/grants';
