/** Every enforcement action, by kind. */
import type { PostureKind } from '../../../core/posture/types';
import { attachLockdownAction } from './attach-lockdown';
import { attachScpAction } from './attach-scp';
import { detachPolicyAction } from './detach-policy';
import { pauseRedshiftAction } from './pause-redshift';
import { scaleToZeroAction } from './scale-to-zero';
import { stopInstancesAction } from './stop-instances';
import { stopRdsClusterAction } from './stop-rds-cluster';
import { stopRdsInstanceAction } from './stop-rds-instance';
import { tagUnapprovedAction } from './tag-unapproved';
import type { EnforcementAction } from './types';

export const ACTIONS: Readonly<Record<PostureKind, EnforcementAction>> = {
  'stop-instances': stopInstancesAction,
  'scale-to-zero': scaleToZeroAction,
  'stop-rds-cluster': stopRdsClusterAction,
  'stop-rds-instance': stopRdsInstanceAction,
  'pause-redshift': pauseRedshiftAction,
  'detach-policy': detachPolicyAction,
  'attach-lockdown': attachLockdownAction,
  'attach-scp': attachScpAction,
  'tag-unapproved': tagUnapprovedAction,
};

export type { ActionClients, ActionResult, ActionRun, EnforcementAction } from './types';
