/**
 * The lockdown swap shared by the IAM-policy and SCP forms: attach the wanted document, detach the
 * lower state's one the guardrail attached earlier, and remember only what the guardrail itself
 * attached, so revert never removes a document that was there before it came.
 */
import type { ActionRun } from './types';

export interface AttachmentTarget {
  /** Ids attached now; undefined when the target is gone. */
  attached(): Promise<readonly string[] | undefined>;
  attach(id: string): Promise<void>;
  detach(id: string): Promise<void>;
}

interface Prior { readonly attachedByGuardrail: readonly string[] }
const ours = (prior: unknown): string[] => [...((prior as Prior | undefined)?.attachedByGuardrail ?? [])];

export async function attachExclusively(run: ActionRun, target: AttachmentTarget, wanted: string) {
  const attached = await target.attached();
  if (attached === undefined) return { outcome: 'unchanged' as const, from: 'absent' };
  const earlier = ours(run.prior);
  const stale = earlier.filter((id) => id !== wanted);
  const needsAttach = !attached.includes(wanted);
  if (!needsAttach && stale.length === 0) {
    if (run.prior === undefined) await run.remember({ attachedByGuardrail: [] });
    return { outcome: 'unchanged' as const, to: run.action.to };
  }
  // A document attached before the guardrail came is not ours to detach later.
  const mine = needsAttach || earlier.includes(wanted) ? [wanted] : [];
  await run.remember({ attachedByGuardrail: [...new Set([...earlier, ...mine])].sort() });
  if (needsAttach) await target.attach(wanted);
  for (const id of stale) await target.detach(id);
  await run.remember({ attachedByGuardrail: mine });
  return { outcome: 'applied' as const, from: run.action.from, to: run.action.to };
}

export async function detachOurs(run: ActionRun, target: AttachmentTarget) {
  const earlier = ours(run.prior);
  if (earlier.length === 0) return { outcome: 'unchanged' as const };
  const attached = await target.attached();
  if (attached === undefined) return { outcome: 'unchanged' as const, from: 'absent' };
  const present = earlier.filter((id) => attached.includes(id));
  for (const id of present) await target.detach(id);
  return { outcome: present.length > 0 ? 'applied' as const : 'unchanged' as const, from: run.action.from, to: 'none' };
}
