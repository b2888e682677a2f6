/**
 * What started a run: the hourly schedule (every account), or an EC2 instance entering `running`
 * in a member account (that instance only). Anything else is rejected with a reason.
 */
import { AWS_DETAIL_TYPES, ec2StateChangeDetailSchema, envelopeSchema } from '../../core/events/schemas';

export const SCHEDULED_EVENT = 'Scheduled Event';

export type Trigger =
  | { readonly kind: 'schedule' }
  | { readonly kind: 'instance'; readonly accountId: string; readonly region: string; readonly instanceId: string }
  | { readonly kind: 'ignored'; readonly reason: string };

export class RejectedEvent extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RejectedEvent';
  }
}

export function parseTrigger(event: unknown): Trigger {
  const envelope = envelopeSchema.safeParse(event);
  if (!envelope.success) {
    throw new RejectedEvent(`not an EventBridge event: ${envelope.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  const e = envelope.data;
  if (e['detail-type'] === SCHEDULED_EVENT) return { kind: 'schedule' };
  if (e['detail-type'] !== AWS_DETAIL_TYPES.ec2StateChange) {
    throw new RejectedEvent(`detail-type "${e['detail-type']}" is not handled; expected "${SCHEDULED_EVENT}" or "${AWS_DETAIL_TYPES.ec2StateChange}"`);
  }
  const detail = ec2StateChangeDetailSchema.safeParse(e.detail);
  if (!detail.success) {
    throw new RejectedEvent(`invalid EC2 state-change detail from ${e.account}: ${detail.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  if (detail.data.state !== 'running') return { kind: 'ignored', reason: `instance state "${detail.data.state}" is not checked` };
  return { kind: 'instance', accountId: e.account, region: e.region, instanceId: detail.data['instance-id'] };
}
