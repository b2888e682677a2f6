/** Shared set-up of the runtime-meter tests: the shipped data-science account and a small GPU fleet. */
import type { AccountPolicy, Catalog } from '../../../core/catalog/types';
import { EXEMPT_TAG } from '../../../core/naming/resources';
import { runtimeExhaustionPayloadSchema } from '../../../core/events/schemas';
import { RuntimeLedger } from '../../../core/runtime/ledger';
import { SCHEDULE_LEAD_SECONDS } from '../../../core/runtime/schedule';
import { runtimeKey } from '../../../core/storage/keys';
import { accountOf, shippedCatalog } from '../../support/catalog';
import type { MeterDeps } from '../../../functions/runtime-meter/deps';
import { route } from '../../../functions/runtime-meter/handler';
import { FakeWorld } from './fake-aws';

export const ACCOUNT = '222222222222';
export const GROUP = 'gpu-training';
export const GPU_POLICY = `arn:aws:iam::${ACCOUNT}:policy/AllowGPUAccess`;
export const SCHEDULE = `runtime-${ACCOUNT}-${GROUP}`;
export const ALLOWANCE = 1000 * 60;
const TRAINING = { workload: 'gpu-training' };

export async function dataScience(): Promise<{ catalog: Catalog; account: AccountPolicy }> {
  const catalog = await shippedCatalog();
  return { catalog, account: accountOf(catalog, 'data-science') };
}

/** i-a (us-east-1) and i-b (us-west-2) in the group, i-c in the group but exempt, i-d outside it. */
export function seedFleet(world: FakeWorld) {
  world.fleet.push(
    { id: 'i-0a', region: 'us-east-1', state: 'stopped', type: 'p4d.24xlarge', tags: { ...TRAINING, Name: 'trainer-a' } },
    { id: 'i-0b', region: 'us-west-2', state: 'stopped', type: 'g5.xlarge', tags: { ...TRAINING } },
    { id: 'i-0c', region: 'us-east-1', state: 'stopped', type: 'g4dn.xlarge', tags: { ...TRAINING, [EXEMPT_TAG.key]: EXEMPT_TAG.value } },
    { id: 'i-0d', region: 'us-east-1', state: 'stopped', type: 'g5.xlarge', tags: { workload: 'inference' } },
  );
  world.attached.add(`user/DataScienceUser|${GPU_POLICY}`);
}

export function ledgerOf(world: FakeWorld, month: string): { ledger: RuntimeLedger; item: Record<string, unknown> } {
  const key = runtimeKey(ACCOUNT, month, GROUP);
  const item = world.item(key.pk, key.sk);
  if (!item) throw new Error(`no ledger item for ${month}`);
  return { ledger: JSON.parse(item.ledger as string) as RuntimeLedger, item };
}

export const scheduledAt = (world: FakeWorld) => world.schedules.get(SCHEDULE)?.expression;
export const at = (epochSeconds: number) => `at(${new Date(epochSeconds * 1000).toISOString().slice(0, 19)})`;

/** EventBridge delivers `seconds` after the state change. */
export function deliver(world: FakeWorld, deps: MeterDeps, envelope: unknown, seconds = 2) {
  world.advance(seconds);
  return route(deps, envelope);
}

/** Fires the current stop schedule `delay` seconds after its instant (the lead before exhaustion), as Scheduler would, and deletes it. */
export function fireStopSchedule(world: FakeWorld, deps: MeterDeps, delay: number) {
  const schedule = world.schedules.get(SCHEDULE);
  if (!schedule) throw new Error('no stop schedule is set');
  const payload = runtimeExhaustionPayloadSchema.parse(schedule.input);
  world.now = Date.parse(payload.exhaustsAt) / 1000 - SCHEDULE_LEAD_SECONDS + delay;
  world.schedules.delete(SCHEDULE);
  return route(deps, payload);
}
