/** EC2 instance lookups and state changes, in batches, tolerating instances already stopped or gone. */
import {
  CreateTagsCommand, DeleteTagsCommand, DescribeInstancesCommand, EC2Client, Filter, StartInstancesCommand, StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import type { TagSelector } from '../../core/catalog/types';
import { isError } from './aws-errors';

export const EC2_BATCH_SIZE = 50;
const GONE = ['InvalidInstanceID.NotFound', 'InvalidInstanceID.Malformed'];
/** Instances terminated or terminating can neither be stopped nor started: nothing to do. */
const WRONG_STATE = ['IncorrectInstanceState'];

export interface Instance {
  readonly id: string;
  readonly state: string;
  readonly tags: Readonly<Record<string, string>>;
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
        out.push({ id: i.InstanceId, state: i.State?.Name ?? 'unknown', tags });
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
 * Runs `call` per batch; when a batch fails because some instance is gone or in a state that
 * cannot change, the batch is retried one instance at a time and those instances are skipped.
 * Returns the ids the call succeeded for.
 */
async function perBatch(ids: readonly string[], call: (batch: string[]) => Promise<unknown>): Promise<string[]> {
  const done: string[] = [];
  for (const batch of batches(ids)) {
    try {
      await call(batch);
      done.push(...batch);
    } catch (error) {
      if (!isError(error, ...GONE, ...WRONG_STATE)) throw error;
      for (const id of batch) {
        try {
          await call([id]);
          done.push(id);
        } catch (single) {
          if (!isError(single, ...GONE, ...WRONG_STATE)) throw single;
        }
      }
    }
  }
  return done;
}

function batches(ids: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += EC2_BATCH_SIZE) out.push(ids.slice(i, i + EC2_BATCH_SIZE));
  return out;
}
