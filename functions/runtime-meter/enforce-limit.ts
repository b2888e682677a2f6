/**
 * At 100 % of a group's allowance: stop the group's instances (never those tagged exempt) and
 * detach its access policies, recording prior values first (actionKey, kinds 'stop-instances'
 * and 'detach-policy') so the monthly reset restores exactly what was there. Safe to repeat:
 * only running instances are stopped and a detachment's first recorded prior value is kept.
 * Mode `check` plans and reports without changing anything.
 */
import type { AccountPolicy, RuntimeBudget } from '../../core/catalog/types';
import { ActionOutcome, DETAIL_TYPES } from '../../core/events/schemas';
import { isExemptTagged, policyArn } from '../../core/naming/resources';
import { parseDetachment } from '../../core/posture/required';
import { isoOfSeconds } from '../../core/runtime/month';
import type { RuntimeActionRecord } from '../aws/runtime-action-store';
import type { Principal } from '../aws/runtime-iam';
import { MeterDeps, nowSeconds } from './deps';

export const stopTarget = (group: string, region: string) => `runtime:${group}:${region}`;
export const detachTarget = (group: string, principal: Principal, arn: string) => `runtime:${group}:${principal.type}/${principal.name}:${arn}`;
/** The principal and policy ARN of a detachTarget of `group`; undefined for any other target. */
export function parseDetachTarget(group: string, target: string): { principal: Principal; policyArn: string } | undefined {
  const prefix = `runtime:${group}:`;
  if (!target.startsWith(prefix)) return undefined;
  const { type, name, policy } = parseDetachment(target.slice(prefix.length));
  return { principal: { type, name }, policyArn: policy };
}

export function principalsOf(d: { users: readonly string[]; groups: readonly string[]; roles: readonly string[] }): Principal[] {
  return [
    ...d.users.map((name) => ({ type: 'user' as const, name })),
    ...d.groups.map((name) => ({ type: 'group' as const, name })),
    ...d.roles.map((name) => ({ type: 'role' as const, name })),
  ];
}

/** `repeated`: the same failure as the record's last one, already announced. */
type LimitOutcome = ActionOutcome & { readonly repeated?: true };

const fail = (kind: string, target: string, err: unknown, region?: string): LimitOutcome =>
  ({ kind, target, direction: 'apply', outcome: 'failed', region, error: (err as Error).message });

export async function enforceLimit(deps: MeterDeps, account: AccountPolicy, budget: RuntimeBudget, month: string): Promise<ActionOutcome[]> {
  const dryRun = account.mode !== 'enforce';
  const at = isoOfSeconds(nowSeconds(deps));
  const outcomes: LimitOutcome[] = [];

  if (budget.atLimit.stopInstances) {
    for (const region of account.workloadRegions) {
      const target = stopTarget(budget.name, region);
      try {
        const ec2 = await deps.member.ec2(account.id, region);
        const burning = (await ec2.describeGroup(budget.instanceTags))
          .filter((i) => (i.state === 'running' || i.state === 'pending') && !isExemptTagged(i.tags))
          .map((i) => i.instanceId);
        if (burning.length === 0) continue;
        if (dryRun) {
          outcomes.push({ kind: 'stop-instances', target, direction: 'apply', outcome: 'planned', region, from: 'running', to: burning });
          continue;
        }
        const prior = await deps.actions.get(account.id, month, 'stop-instances', target);
        const stoppedBefore = (prior?.status === 'applied' ? (prior.prior.instanceIds as string[] | undefined) : undefined) ?? [];
        const stoppedAtBefore = (prior?.status === 'applied' ? (prior.prior.stoppedAt as Record<string, string> | undefined) : undefined) ?? {};
        const record: RuntimeActionRecord = {
          kind: 'stop-instances', target, group: budget.name, accountId: account.id, month, status: 'applied', appliedAt: at,
          prior: {
            region, instanceIds: [...new Set([...stoppedBefore, ...burning])].sort(),
            // When the meter stopped each one: a later stop is its owners', and the restore leaves it.
            stoppedAt: { ...stoppedAtBefore, ...Object.fromEntries(burning.map((id) => [id, at])) },
          },
          ...(prior?.lastFailure ? { lastFailure: prior.lastFailure } : {}),
        };
        await deps.actions.put(record);
        const { done, failed } = await ec2.stop(burning);
        if (done.length > 0) outcomes.push({ kind: 'stop-instances', target, direction: 'apply', outcome: 'applied', region, from: 'running', to: done });
        // Only the instances EC2 refused are reported, and the same refusal only once (every reconcile retries it).
        const failure = failed.length > 0 ? `could not stop ${failed.map((f) => `${f.id}: ${f.error}`).join('; ')}` : undefined;
        if (failure !== prior?.lastFailure) await deps.actions.put({ ...record, lastFailure: failure });
        if (failure) outcomes.push({ ...fail('stop-instances', target, new Error(failure), region), ...(failure === prior?.lastFailure ? { repeated: true } : {}) });
      } catch (err) {
        outcomes.push(fail('stop-instances', target, err, region));
      }
    }
  }

  for (const detachment of budget.atLimit.detachPolicies) {
    const arn = policyArn(account.id, detachment.policy);
    for (const principal of principalsOf(detachment)) {
      const target = detachTarget(budget.name, principal, arn);
      try {
        const iam = await deps.member.iam(account.id);
        const attached = await iam.isAttached(principal, arn);
        if (!attached) {
          outcomes.push({ kind: 'detach-policy', target, direction: 'apply', outcome: 'unchanged', from: 'detached', to: 'detached' });
          continue;
        }
        if (!dryRun) {
          const prior = await deps.actions.get(account.id, month, 'detach-policy', target);
          if (prior?.status !== 'applied') {
            await deps.actions.put({
              kind: 'detach-policy', target, group: budget.name, accountId: account.id, month, status: 'applied', appliedAt: at,
              prior: { principal, policyArn: arn, attached: true },
            });
          }
          await iam.detach(principal, arn);
        }
        outcomes.push({ kind: 'detach-policy', target, direction: 'apply', outcome: dryRun ? 'planned' : 'applied', from: 'attached', to: 'detached' });
      } catch (err) {
        outcomes.push(fail('detach-policy', target, err));
      }
    }
  }

  const news = outcomes.filter((o) => !o.repeated).map(({ repeated: _repeated, ...o }) => o);
  if (news.some((o) => o.outcome !== 'unchanged')) {
    await deps.bus.publish(DETAIL_TYPES.guardrailActionTaken, {
      accountId: account.id, accountName: account.name, month, state: await deps.budgetState(account.id, month),
      trigger: 'runtime-limit', dryRun, actions: news, at,
    });
  }
  deps.log({ message: 'runtime limit enforced', accountId: account.id, group: budget.name, month, dryRun, outcomes });
  // A failure already announced is retried by every reconcile without failing it again.
  const failed = news.filter((o) => o.outcome === 'failed');
  if (failed.length > 0) throw new Error(`runtime limit of ${account.name}/${budget.name}: ${failed.length} action(s) failed: ${failed.map((f) => `${f.target}: ${f.error}`).join('; ')}`);
  return outcomes;
}
