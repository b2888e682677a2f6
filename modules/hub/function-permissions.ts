import type { FunctionPermissions } from '../../core/iam/function-permissions';
import type { FunctionName } from '../../core/naming/resources';
import { permissions as approvals } from '../../functions/approvals/permissions';
import { permissions as enforcer } from '../../functions/enforcer/permissions';
import { permissions as evaluator } from '../../functions/evaluator/permissions';
import { permissions as notifier } from '../../functions/notifier/permissions';
import { permissions as reset } from '../../functions/reset/permissions';
import { permissions as runtimeMeter } from '../../functions/runtime-meter/permissions';
import { permissions as tagPolicy } from '../../functions/tag-policy/permissions';

/** Each function's own declaration (functions/<name>/permissions.ts), by function name. */
export const FUNCTION_PERMISSIONS: Record<FunctionName, FunctionPermissions> = {
  evaluator,
  enforcer,
  notifier,
  'runtime-meter': runtimeMeter,
  'tag-policy': tagPolicy,
  reset,
  approvals,
};
