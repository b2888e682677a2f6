/** Reads the hub-provided environment (core/naming/env.ts) and fails loudly on a missing value. */
import { FUNCTION_ENV, FunctionEnvKey } from '../../core/naming/env';

export type FunctionEnv = Record<FunctionEnvKey, string>;

export function readEnv<K extends FunctionEnvKey>(keys: readonly K[], env: NodeJS.ProcessEnv = process.env): Pick<FunctionEnv, K> {
  const out = {} as Pick<FunctionEnv, K>;
  const missing: string[] = [];
  for (const key of keys) {
    const value = env[FUNCTION_ENV[key]];
    if (value) out[key] = value;
    else missing.push(FUNCTION_ENV[key]);
  }
  if (missing.length > 0) throw new Error(`missing environment variable(s) ${missing.join(', ')}; they are set by the hub stack (modules/hub)`);
  return out;
}
