/** EC2 instance lookups and state changes, in batches, tolerating instances already stopped or gone. */
import {
  CreateTagsCommand, DeleteTagsCommand, DescribeInstancesCommand, EC2Client, Filter, StartInstancesCommand, StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import type { TagSelector } from '../../core/catalog/types';
import { isError, messageOf } from './aws-errors';

export const EC2_BATCH_SIZE = 50;
const GONE = ['InvalidInstanceID.NotFound', 'InvalidInstanceID.Malformed'];
/** Instances terminated or terminating can neither be stopped nor started: nothing to do. */
const WRONG_STATE = ['IncorrectInstanceState'];

export interface Instance {
  readonly id: string;
  readonly state: string;
  readonly tags: Readonly<Record<string, string>>;
  /** When it was last stopped, from StateTransitionReason ("User initiated (2026-11-02 10:00:00 GMT)"). */
  readonly stoppedAt?: Date;
}

const TRANSITION_TIME = /\((\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) GMT\)/;

/** The time in an instance's StateTransitionReason, if it carries one. */
export function transitionTimeOf(reason: string | undefined): Date | undefined {
  const m = reason ? TRANSITION_TIME.exec(reason) : null;
  return m ? new Date(`${m[1].replace(' ', 'T')}Z`) : undefined;
}

/** Instances a batch call could not change, each with its own error. */
export interface InstanceFailure {
  readonly id: string;
  readonly error: string;
}

export interface BatchResult {
  /** Ids the call succeeded for (instances gone or in a state that cannot change are in neither list). */
  readonly done: string[];
  readonly failed: InstanceFailure[];
}

const tagFilters = (selector: TagSelector): Filter[] =>
  Object.entries(selector).map(([k, v]) => ({ Name: `tag:${k}`, Values: [v] }));

/** Instances carrying every tag of `selector` (terminated ones excluded). */
export async function findInstances(ec2: EC2Client, selector: TagSelector): Promise<Instance[]> {
  return describe(ec2, { Filters: [...tagFilters(selector), { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] }] });
}

/** The given instances as they are now; ids that no longer exist are left out. */
export async function describeInstances(ec2: EC2Client, ids: readonly string[]): Promise<Instance[]> {
  const out: Instance[] = [];
  for (const batch of batches(ids)) {
    try {
      out.push(...await describe(ec2, { InstanceIds: batch }));
    } catch (error) {
      if (!isError(error, ...GONE)) throw error;
      for (const id of batch) {
        try {
          out.push(...await describe(ec2, { InstanceIds: [id] }));
        } catch (single) {
          if (!isError(single, ...GONE)) throw single;
        }
      }
    }
  }
  return out.filter((i) => i.state !== 'terminated' && i.state !== 'shutting-down');
}

async function describe(ec2: EC2Client, input: { Filters?: Filter[]; InstanceIds?: string[] }): Promise<Instance[]> {
  const out: Instance[] = [];
  let token: string | undefined;
  do {
    const page = await ec2.send(new DescribeInstancesCommand({ ...input, NextToken: token }));
    for (const r of page.Reservations ?? []) {
      for (const i of r.Instances ?? []) {
        if (!i.InstanceId) continue;
        const tags: Record<string, string> = {};
        for (const t of i.Tags ?? []) if (t.Key) tags[t.Key] = t.Value ?? '';
        const stoppedAt = i.State?.Name === 'stopped' || i.State?.Name === 'stopping' ? transitionTimeOf(i.StateTransitionReason) : undefined;
        out.push({ id: i.InstanceId, state: i.State?.Name ?? 'unknown', tags, ...(stoppedAt ? { stoppedAt } : {}) });
      }
    }
    token = page.NextToken;
  } while (token);
  return out;
}

export const stopInstances = (ec2: EC2Client, ids: readonly string[]) =>
  perBatch(ids, (InstanceIds) => ec2.send(new StopInstancesCommand({ InstanceIds })));

export const startInstances = (ec2: EC2Client, ids: readonly string[]) =>
  perBatch(ids, (InstanceIds) => ec2.send(new StartInstancesCommand({ InstanceIds })));

export const tagInstances = (ec2: EC2Client, ids: readonly string[], tag: { key: string; value: string }) =>
  perBatch(ids, (Resources) => ec2.send(new CreateTagsCommand({ Resources, Tags: [{ Key: tag.key, Value: tag.value }] })));

/** Removes the tag only where it still has the guardrail's value. */
export const untagInstances = (ec2: EC2Client, ids: readonly string[], tag: { key: string; value: string }) =>
  perBatch(ids, (Resources) => ec2.send(new DeleteTagsCommand({ Resources, Tags: [{ Key: tag.key, Value: tag.value }] })));

/**
 * Runs `call` per batch. EC2 fails a whole batch when one instance cannot be changed (an
 * instance-store root or one-time Spot instance answers UnsupportedOperation to a stop, an
 * explicit deny on one instance UnauthorizedOperation), so a failed batch is retried one instance
 * at a time: the others are changed, instances gone or in a state that cannot change are skipped,
 * and only the instances that still fail are reported, each with its own error.
 */
async function perBatch(ids: readonly string[], call: (batch: string[]) => Promise<unknown>): Promise<BatchResult> {
  const done: string[] = [];
  const failed: InstanceFailure[] = [];
  for (const batch of batches(ids)) {
    try {
      await call(batch);
      done.push(...batch);
    } catch (error) {
      if (batch.length === 1) {
        if (!isError(error, ...GONE, ...WRONG_STATE)) failed.push({ id: batch[0], error: messageOf(error) });
        continue;
      }
      for (const id of batch) {
        try {
          await call([id]);
          done.push(id);
        } catch (single) {
          if (!isError(single, ...GONE, ...WRONG_STATE)) failed.push({ id, error: messageOf(single) });
        }
      }
    }
  }
  return { done, failed };
}

/** Throws one error naming only the instances that failed (after the others were changed). */
export function throwIfFailed(verb: string, result: BatchResult): string[] {
  if (result.failed.length === 0) return result.done;
  const what = result.failed.map((f) => `${f.id}: ${f.error}`).join('; ');
  throw new Error(`could not ${verb} ${result.failed.length} instance(s): ${what}`);
}

function batches(ids: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += EC2_BATCH_SIZE) out.push(ids.slice(i, i + EC2_BATCH_SIZE));
  return out;
}
