/** One-time EventBridge Scheduler schedules (`at(...)`, deleted after they fire). */
import {
  ConflictException, CreateScheduleCommand, DeleteScheduleCommand, ResourceNotFoundException, SchedulerClient, UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { atExpression } from '../../core/runtime/schedule';

export interface OneTimeTarget {
  readonly groupName: string;
  /** The function the schedule invokes. */
  readonly targetArn: string;
  /** The role EventBridge Scheduler assumes to invoke it. */
  readonly roleArn: string;
}

export class OneTimeScheduler {
  constructor(private readonly client: SchedulerClient, private readonly target: OneTimeTarget) {}

  /** Creates the schedule, or replaces it when one of that name exists. */
  async upsert(name: string, atEpochSeconds: number, payload: unknown): Promise<void> {
    const input = {
      Name: name,
      GroupName: this.target.groupName,
      ScheduleExpression: atExpression(atEpochSeconds),
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' as const },
      ActionAfterCompletion: 'DELETE' as const,
      State: 'ENABLED' as const,
      Target: { Arn: this.target.targetArn, RoleArn: this.target.roleArn, Input: JSON.stringify(payload) },
    };
    try {
      await this.client.send(new CreateScheduleCommand(input));
    } catch (err) {
      if (!(err instanceof ConflictException) && (err as Error).name !== 'ConflictException') throw err;
      await this.client.send(new UpdateScheduleCommand(input));
    }
  }

  /** Deletes the schedule; one that already fired (and deleted itself) or never existed is fine. */
  async remove(name: string): Promise<void> {
    try {
      await this.client.send(new DeleteScheduleCommand({ Name: name, GroupName: this.target.groupName }));
    } catch (err) {
      if (!(err instanceof ResourceNotFoundException) && (err as Error).name !== 'ResourceNotFoundException') throw err;
    }
  }
}
