/**
 * The enforcer's one gate between planning and acting (core/gate/gate-plan.ts decides; this
 * carries it out): exemptions start and end, held actions wait for their grace period or approval,
 * holds of states the account fell out of are cancelled, and the owners are told each time. The
 * plan that passes the gate is executed by `execute`, with the ledger's usual exactly-once claims.
 */
import { randomUUID } from 'node:crypto';
import type { EnforcedState } from '../../core/catalog/types';
import type { ActionOutcome, GuardrailExemptionChanged, GuardrailHoldChanged } from '../../core/events/schemas';
import {
  Exemption, GateDecision, GateInput, Hold, decideGate, exemptionScheduleName, gateOf, heldAction, holdScheduleName, isOpen, recheckAt, recheckPayload,
} from '../../core/gate';
import type { PlannedAction } from '../../core/posture/types';
import { postureKey } from '../../core/posture/types';
import type { ExemptionStore } from '../aws/exemption-store';
import type { HoldStore } from '../aws/hold-store';
import type { OneTimeScheduler } from '../aws/scheduler';

export interface GateDeps {
  readonly holds: Pick<HoldStore, 'list' | 'create' | 'transition'>;
  readonly exemptions: Pick<ExemptionStore, 'list' | 'markStarted' | 'end'>;
  readonly scheduler: Pick<OneTimeScheduler, 'upsert' | 'remove'>;
  readonly announceHold: (detail: GuardrailHoldChanged) => Promise<void>;
  readonly announceExemption: (detail: GuardrailExemptionChanged) => Promise<void>;
  readonly newHoldId?: () => string;
}

/** The plan and what it was made from; the gate reads the holds and exemptions itself. */
export type GateContext = Omit<GateInput, 'holds' | 'exemptions'>;

export interface GatedResult {
  readonly actions: ActionOutcome[];
  readonly decision: GateDecision;
}

const epoch = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** Runs the gate around `execute` (which runs the plan that passes it). */
export async function gated(deps: GateDeps, ctx: GateContext, execute: (plan: PlannedAction[]) => Promise<ActionOutcome[]>): Promise<GatedResult> {
  const [holds, exemptions] = await Promise.all([
    deps.holds.list(ctx.policy.id, ctx.month),
    deps.exemptions.list(ctx.policy.id),
  ]);
  const decision = decideGate({ ...ctx, holds, exemptions });
  const ended = await endExemptions(deps, decision.exemptionsEnded);
  await cancelHolds(deps, ctx, decision.cancel);
  for (const h of decision.release) await deps.holds.transition(h, ['pending'], { status: 'released' });

  const actions = await execute(decision.run);

  for (const e of ended) await deps.announceExemption(exemptionDetail(ctx, e, 'ended', []));
  await startExemptions(deps, ctx, decision, actions);
  await announceHolds(deps, ctx, decision);
  return { actions, decision };
}

async function endExemptions(deps: GateDeps, due: readonly Exemption[]): Promise<Exemption[]> {
  const out: Exemption[] = [];
  for (const e of due) if (await deps.exemptions.end(e)) out.push(e);
  return out;
}

async function startExemptions(deps: GateDeps, ctx: GateContext, d: GateDecision, actions: readonly ActionOutcome[]) {
  const givenBack = new Set(d.givenBack.map((a) => postureKey(a)));
  const outcomes = actions.filter((o) => o.direction === 'revert' && givenBack.has(postureKey(o)));
  for (const e of d.exemptionsStarted) {
    await deps.scheduler.upsert(exemptionScheduleName(e.accountId, e.kind), epoch(e.until), recheckPayload(e.accountId, 'exemption-end'));
    const covered = outcomes.filter((o) => e.kind === 'all' || o.kind === e.kind);
    await deps.announceExemption(exemptionDetail(ctx, e, 'started', covered));
    await deps.exemptions.markStarted(e);
  }
}

async function cancelHolds(deps: GateDeps, ctx: GateContext, holds: readonly Hold[]) {
  for (const h of holds) {
    if (!(await deps.holds.transition(h, [h.status], { status: 'cancelled' }))) continue;
    if (h.scheduledFor) await deps.scheduler.remove(holdScheduleName(h.accountId, h.month, h.state));
    // Actions that already ran are reverted by the plan and reported as usual; only a wait is called off.
    if (!isOpen(h, ctx.now)) await deps.announceHold(holdDetail(ctx, { ...h, status: 'cancelled' }, 'cancelled'));
  }
}

/** New holds, reminders after a postponement, announcements a crash left out, and the schedules that recheck them. */
async function announceHolds(deps: GateDeps, ctx: GateContext, d: GateDecision) {
  const { policy, month, now } = ctx;
  const live = new Map<EnforcedState, Hold>();
  for (const h of await deps.holds.list(policy.id, month)) if (h.status !== 'cancelled') live.set(h.state, h);
  for (const s of d.create) {
    const gate = gateOf(policy, s);
    const hold: Hold = {
      accountId: policy.id, month, state: s, holdId: deps.newHoldId?.() ?? randomUUID(), status: 'pending',
      createdAt: now.toISOString(),
      graceUntil: gate.graceMinutes > 0 ? new Date(now.getTime() + gate.graceMinutes * 60_000).toISOString() : null,
      approval: gate.approval === 'manual', announced: false, actions: (d.held[s] ?? []).map(heldAction),
    };
    if (await deps.holds.create(hold)) live.set(s, hold);
  }
  for (const h of d.remind) {
    const again: Hold = { ...h, holdId: deps.newHoldId?.() ?? randomUUID(), status: 'pending', announced: false, createdAt: now.toISOString() };
    if (await deps.holds.transition(h, ['postponed'], { holdId: again.holdId, status: 'pending', announced: false, createdAt: again.createdAt, postponedUntil: null })) {
      live.set(h.state, { ...again, postponedUntil: undefined });
    }
  }
  for (const h of live.values()) {
    const at = recheckAt(h, now);
    if (at && at !== h.scheduledFor) {
      await deps.scheduler.upsert(holdScheduleName(h.accountId, h.month, h.state), epoch(at), recheckPayload(h.accountId, h.status === 'postponed' ? 'postponed' : 'grace'));
      await deps.holds.transition(h, [h.status], { scheduledFor: at });
    }
    if (h.status === 'pending' && !h.announced && !isOpen(h, now)) {
      await deps.announceHold(holdDetail(ctx, h, 'pending'));
      await deps.holds.transition(h, ['pending'], { announced: true });
    }
  }
}

export function holdDetail(ctx: Pick<GateContext, 'policy' | 'state' | 'now'>, h: Hold, change: GuardrailHoldChanged['change']): GuardrailHoldChanged {
  return {
    accountId: h.accountId, accountName: ctx.policy.name, month: h.month, state: h.state, currentState: ctx.state,
    holdId: h.holdId, change, graceUntil: h.graceUntil, approval: h.approval,
    ...(h.postponedUntil ? { postponedUntil: h.postponedUntil } : {}),
    actions: [...h.actions], at: ctx.now.toISOString(),
  };
}

function exemptionDetail(ctx: GateContext, e: Exemption, change: 'started' | 'ended', actions: ActionOutcome[]): GuardrailExemptionChanged {
  return {
    accountId: e.accountId, accountName: ctx.policy.name, kind: e.kind, until: e.until, reason: e.reason, by: e.by,
    change, actions, at: ctx.now.toISOString(),
  };
}
