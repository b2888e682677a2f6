/** Stops an RDS DB cluster that is available; revert starts it if the guardrail stopped it. */
import { ACTION_KINDS } from '../../../core/enforcement/kinds';
import { clusterStatus, startCluster, stopCluster } from '../../aws/rds';
import type { EnforcementAction } from './types';
import { planOf } from './plan-of';
import { stoppableActions } from './stoppable';

const kind = 'stop-rds-cluster' as const;

export const stopRdsClusterAction: EnforcementAction = {
  kind,
  permissions: ACTION_KINDS[kind],
  plan: planOf(kind),
  ...stoppableActions({
    client: (run, region) => run.clients.rds(region),
    status: clusterStatus,
    running: ['available'],
    stoppedStates: ['stopped'],
    stop: stopCluster,
    start: startCluster,
  }),
};
