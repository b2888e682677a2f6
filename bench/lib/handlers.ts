/** The hub functions whose handler exists (benchmarks measure those and name the rest). */
import { existsSync } from 'node:fs';
import { FUNCTION_NAMES, FunctionName } from '../../core/naming/resources';
import { handlerEntry } from '../../modules/function/bundle';

export interface Handlers {
  readonly present: readonly { readonly name: FunctionName; readonly entry: string }[];
  readonly missing: readonly FunctionName[];
}

export function handlers(): Handlers {
  const all = FUNCTION_NAMES.map((name) => ({ name, entry: handlerEntry(name) }));
  return { present: all.filter((h) => existsSync(h.entry)), missing: all.filter((h) => !existsSync(h.entry)).map((h) => h.name) };
}
