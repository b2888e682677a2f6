/** One enforcement action: its kind (whose IAM actions are declared in core/enforcement/kinds.ts), plan, apply and revert. */
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { BudgetState } from '../../../core/budget/state';
import type { AccountPolicy } from '../../../core/catalog/types';
import type { PlannedAction, PostureKind, RequiredPosture } from '../../../core/posture/types';
import type { MemberClients } from '../../aws/member-clients';

export interface ActionClients extends MemberClients {
  /** The hub's own Organizations client (SCPs live in the management account). */
  organizations(): OrganizationsClient;
}

export interface ActionRun {
  readonly account: AccountPolicy;
  readonly action: PlannedAction;
  /** Values saved by an earlier attempt of this record, if any. */
  readonly prior: unknown;
  /** Saves prior values in the ledger; called before the change is made. */
  readonly remember: (prior: unknown) => Promise<void>;
  readonly clients: ActionClients;
  /** The run's clock (a stop records when it happened, so a revert can tell the owners' later stop from it). */
  readonly clock: () => Date;
}

export interface ActionResult {
  /** `owner-changed`: revert only, the resource is no longer as the guardrail left it; it is left alone. */
  readonly outcome: 'applied' | 'unchanged' | 'owner-changed';
  readonly from?: unknown;
  readonly to?: unknown;
}

export interface Permissions {
  readonly iamActions: readonly string[];
  readonly reads: readonly string[];
}

export interface EnforcementAction {
  readonly kind: PostureKind;
  readonly permissions: Permissions;
  plan(policy: AccountPolicy, state: BudgetState): RequiredPosture[];
  apply(run: ActionRun): Promise<ActionResult>;
  revert(run: ActionRun): Promise<ActionResult>;
}

/** The region of a regional action; planning always sets it for these kinds. */
export function regionOf(action: PlannedAction): string {
  if (!action.region) throw new Error(`${action.kind} ${action.target} has no region`);
  return action.region;
}
