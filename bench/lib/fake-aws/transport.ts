/**
 * Puts a real SDK v3 client on a fake wire: a middleware at the innermost step answers each
 * command from the FakeWorld after a network delay, or fails it with the service's throttling
 * error. Everything above it is the SDK's own: serialization, signing, and the standard retry
 * strategy (exponential backoff with jitter, retry quota) that CLIENT_DEFAULTS configures.
 */
import type { Caller, FakeWorld } from './world';
import { ServiceError } from './world';
import type { Random } from '../random';

export interface Network {
  /** Delay of one call, in ms. */
  readonly latencyMs: () => number;
  /** Whether this attempt is throttled. */
  readonly throttled: () => boolean;
}

export interface WireStats {
  attempts: number;
  throttled: number;
}

/** Throttling error names by service, as AWS sends them (all are retried by the SDK as throttling). */
const THROTTLE_NAME: Record<string, string> = { EC2: 'RequestLimitExceeded', IAM: 'Throttling' };

export function realisticNetwork(rng: Random, minMs: number, maxMs: number, throttleShare: number): Network {
  return { latencyMs: () => minMs + rng.next() * (maxMs - minMs), throttled: () => rng.chance(throttleShare) };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface MiddlewareClient {
  readonly middlewareStack: { add: (mw: unknown, options: Record<string, unknown>) => void };
}

const wired = new WeakSet<object>();

export function onFakeWire<T extends object>(client: T, world: FakeWorld, caller: Caller, network: Network, stats: WireStats, service: string): T {
  if (wired.has(client)) return client;
  wired.add(client);
  (client as unknown as MiddlewareClient).middlewareStack.add(
    (_next: unknown, context: { commandName: string }) => async (args: { input: Record<string, unknown> }) => {
      stats.attempts++;
      await sleep(network.latencyMs());
      if (network.throttled()) {
        stats.throttled++;
        throw new ServiceError(THROTTLE_NAME[service] ?? 'ThrottlingException', 'Rate exceeded');
      }
      return { output: world.handle(context.commandName, args.input, caller), response: {} };
    },
    { step: 'deserialize', name: 'benchFakeWire', priority: 'high', override: true },
  );
  return client;
}
