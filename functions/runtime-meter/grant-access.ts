/**
 * The access the guardrail owns (core/posture/grants.ts), granted in the 5-minute reconcile:
 * each declared, revocable attachment that is not attached and that no revocation holds is
 * attached. Revocations: the meter's own detach records still `applied` and the enforcer's
 * detach postures still active (this month, or last month's until the reset restores them), and
 * a runtime group whose allowance is used up. Mode `check` logs what it would attach; a principal
 * or policy that does not exist yet (member stack not applied) is logged and skipped. A grant
 * overtaken by a revocation made meanwhile is detached again, so the revocation always wins.
 */
import type { AccountPolicy } from '../../core/catalog/types';
import { Grant, Revocation, enforcerRevocations, guardrailGrants, limitRevocations, revocationOf } from '../../core/posture/grants';
import { limitReached } from '../../core/runtime/budget';
import { monthOfSeconds, previousMonth } from '../../core/runtime/month';
import { activePostures } from '../aws/action-ledger';
import { isError, messageOf } from '../aws/aws-errors';
import { MeterDeps, nowSeconds } from './deps';
import { parseDetachTarget } from './enforce-limit';
import { loadLedger } from './ledger-update';

export type GrantOutcome = 'granted' | 'planned' | 'attached' | 'revoked' | 'absent' | 'withdrawn' | 'failed';

export interface GrantResult {
  readonly grant: Grant;
  outcome: GrantOutcome;
  /** What holds the attachment detached (revoked, withdrawn) or what went wrong (failed). */
  reason?: string;
}

const fieldsOf = (g: Grant) => ({ policy: g.policy, policyArn: g.policyArn, principal: `${g.principal.type}/${g.principal.name}` });

export async function grantAccess(deps: MeterDeps, account: AccountPolicy): Promise<GrantResult[]> {
  const grants = guardrailGrants(account);
  if (account.mode === 'skip' || grants.length === 0) return [];
  const month = monthOfSeconds(nowSeconds(deps));
  const iam = await deps.member.iam(account.id);
  const log = (message: string, r: GrantResult) =>
    deps.log({ message, accountId: account.id, month, ...fieldsOf(r.grant), ...(r.reason ? { reason: r.reason } : {}) });

  const revocations = await revocationsOf(deps, account, month);
  const results: GrantResult[] = [];
  for (const grant of grants) {
    const held = revocationOf(grant, revocations);
    if (held) {
      results.push({ grant, outcome: 'revoked', reason: held.by });
      continue;
    }
    const result: GrantResult = { grant, outcome: 'attached' };
    results.push(result);
    try {
      if (await iam.isAttached(grant.principal, grant.policyArn)) continue;
      if (account.mode !== 'enforce') {
        result.outcome = 'planned';
        log('access grant planned (check mode: nothing attached)', result);
        continue;
      }
      await iam.attach(grant.principal, grant.policyArn);
      result.outcome = 'granted';
      log('access granted', result);
    } catch (err) {
      if (isError(err, 'NoSuchEntity', 'NoSuchEntityException')) {
        result.outcome = 'absent';
        result.reason = messageOf(err);
        log('access grant skipped: the principal or policy does not exist yet (member stack not applied?)', result);
      } else {
        result.outcome = 'failed';
        result.reason = messageOf(err);
        log('access grant failed', result);
      }
    }
  }

  const granted = results.filter((r) => r.outcome === 'granted');
  if (granted.length > 0) {
    const now = await revocationsOf(deps, account, month);
    for (const r of granted) {
      const held = revocationOf(r.grant, now);
      if (!held) continue;
      await iam.detach(r.grant.principal, r.grant.policyArn);
      r.outcome = 'withdrawn';
      r.reason = held.by;
      log('access grant withdrawn: a revocation was made while it was attached', r);
    }
  }
  return results;
}

async function revocationsOf(deps: MeterDeps, account: AccountPolicy, month: string): Promise<Revocation[]> {
  const months = [previousMonth(month), month];
  const enforcerRecords = (await Promise.all(months.map((m) => deps.enforcerLedger.records(account.id, m)))).flat();
  const out = enforcerRevocations(account.id, activePostures(enforcerRecords));
  for (const budget of account.runtimeBudgets.filter((b) => b.atLimit.detachPolicies.length > 0)) {
    for (const m of months) {
      for (const record of await deps.actions.list(account.id, m, budget.name)) {
        if (record.kind !== 'detach-policy' || record.status !== 'applied') continue;
        const detached = parseDetachTarget(budget.name, record.target);
        if (detached) out.push({ by: `runtime budget ${budget.name} detached it (${m})`, ...detached });
      }
    }
    const { ledger } = await loadLedger(deps, account.id, month, budget);
    if (limitReached(ledger, nowSeconds(deps))) out.push(...limitRevocations(account.id, budget, month));
  }
  return out;
}

/** Every account's grants; one account failing does not stop the rest. */
export async function grantAllAccess(deps: MeterDeps, accounts: readonly AccountPolicy[]): Promise<{ granted: number; failures: number }> {
  let granted = 0;
  let failures = 0;
  for (const account of accounts) {
    try {
      const results = await grantAccess(deps, account);
      granted += results.filter((r) => r.outcome === 'granted').length;
      failures += results.filter((r) => r.outcome === 'failed').length;
    } catch (err) {
      failures++;
      deps.log({ message: 'access grants failed', accountId: account.id, error: messageOf(err) });
    }
  }
  return { granted, failures };
}
