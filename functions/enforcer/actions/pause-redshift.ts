/** Pauses an available Redshift cluster; revert resumes it if the guardrail paused it. */
import { ACTION_KINDS } from '../../../core/enforcement/kinds';
import { pauseRedshift, redshiftStatus, resumeRedshift } from '../../aws/redshift';
import type { EnforcementAction } from './types';
import { planOf } from './plan-of';
import { stoppableActions } from './stoppable';

const kind = 'pause-redshift' as const;

export const pauseRedshiftAction: EnforcementAction = {
  kind,
  permissions: ACTION_KINDS[kind],
  plan: planOf(kind),
  ...stoppableActions({
    client: (run, region) => run.clients.redshift(region),
    status: redshiftStatus,
    running: ['available'],
    stoppedStates: ['paused'],
    stop: pauseRedshift,
    start: resumeRedshift,
  }),
};
