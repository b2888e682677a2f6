/** An action's share of the account's required postures. */
import type { BudgetState } from '../../../core/budget/state';
import type { AccountPolicy } from '../../../core/catalog/types';
import { requiredPostures } from '../../../core/posture/required';
import type { PostureKind, RequiredPosture } from '../../../core/posture/types';

export const planOf = (kind: PostureKind) => (policy: AccountPolicy, state: BudgetState): RequiredPosture[] =>
  requiredPostures(policy, state).filter((p) => p.kind === kind);
