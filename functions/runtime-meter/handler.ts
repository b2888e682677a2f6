/**
 * Runtime meter Lambda: routes the three invocations it receives to meter.ts.
 * - `EC2 Instance State-change Notification` forwarded from a member account (envelope account/region),
 * - the 5-minute reconcile schedule (`Scheduled Event` from aws.events),
 * - the 1st-of-month reset schedule (a `Scheduled Event` from the monthly-reset rule),
 * - the one-time EventBridge Scheduler payload at a group's predicted exhaustion.
 */
import { AWS_DETAIL_TYPES, envelopeSchema, runtimeExhaustionPayloadSchema, RUNTIME_EXHAUSTION_KIND } from '../../core/events/schemas';
import { MONTHLY_RESET_RULE_NAME } from '../../core/naming/resources';
import { monthOfSeconds } from '../../core/runtime/month';
import { MeterDeps, nowSeconds } from './deps';
import { onExhaustion, onStateChange, reconcileAll } from './meter';
import { resetAllRuntimeBudgets } from './monthly-reset';
import { productionDeps } from './production';

let deps: MeterDeps | undefined;

export async function handler(event: unknown): Promise<unknown> {
  return route((deps ??= productionDeps()), event);
}

export async function route(d: MeterDeps, event: unknown): Promise<unknown> {
  if ((event as { kind?: unknown } | null)?.kind === RUNTIME_EXHAUSTION_KIND) {
    const payload = runtimeExhaustionPayloadSchema.safeParse(event);
    if (!payload.success) return reject(d, `exhaustion payload invalid: ${payload.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return onExhaustion(d, payload.data);
  }
  const envelope = envelopeSchema.safeParse(event);
  if (!envelope.success) return reject(d, 'not an EventBridge event, a reconcile schedule or an exhaustion payload');
  if (envelope.data['detail-type'] === AWS_DETAIL_TYPES.ec2StateChange) return onStateChange(d, envelope.data);
  if (envelope.data['detail-type'] === 'Scheduled Event') {
    const fromMonthlyReset = (envelope.data.resources ?? []).some((arn) => arn.endsWith(`:rule/${MONTHLY_RESET_RULE_NAME}`));
    return fromMonthlyReset ? resetAllRuntimeBudgets(d, monthOfSeconds(nowSeconds(d))) : reconcileAll(d);
  }
  return reject(d, `unexpected detail-type "${envelope.data['detail-type']}"`);
}

function reject(d: MeterDeps, reason: string) {
  d.log({ message: 'event rejected', reason });
  return { status: 'rejected', reason };
}
