/** Stops an RDS DB instance that is available; revert starts it if the guardrail stopped it. */
import { ACTION_KINDS } from '../../../core/enforcement/kinds';
import { instanceStatus, startInstance, stopInstance } from '../../aws/rds';
import type { EnforcementAction } from './types';
import { planOf } from './plan-of';
import { stoppableActions } from './stoppable';

const kind = 'stop-rds-instance' as const;

export const stopRdsInstanceAction: EnforcementAction = {
  kind,
  permissions: ACTION_KINDS[kind],
  plan: planOf(kind),
  ...stoppableActions({
    client: (run, region) => run.clients.rds(region),
    status: instanceStatus,
    running: ['available'],
    stoppedStates: ['stopped'],
    stop: stopInstance,
    start: startInstance,
  }),
};
