/**
 * The tag policy applied to one instance: which rules fire, with which value, and whether an
 * instance without any tag is stopped or terminated. Pure; the engine performs the result.
 *
 * A rule fires when its key is present with an empty (blank) value, or when the rule is
 * `required: true` and the key is absent. A key that already has a value is never changed, which
 * is what makes re-running on a compliant fleet a no-op.
 */
import type { TagPolicy, TagRule } from '../catalog/types';
import { evaluateTagFunction } from './functions';
import { inScope, isExempt } from './scope';
import type {
  FixSource, InstanceVerdict, InstanceView, LifecycleAction, TagFix, TagProblem,
} from './types';

const isBlank = (value: string) => value.trim() === '';

export function ruleProblem(rule: TagRule, tags: Readonly<Record<string, string>>): TagProblem | undefined {
  const value = tags[rule.key];
  if (value === undefined) return rule.required === true ? 'missing' : undefined;
  return isBlank(value) ? 'empty' : undefined;
}

function fixSource(rule: TagRule, now: Date): FixSource {
  switch (rule.action) {
    case 'update':
      return { kind: 'value', value: rule.default };
    case 'function':
      return { kind: 'value', value: evaluateTagFunction(rule.function, now) };
    case 'userLookup':
      return { kind: 'creator' };
  }
}

function lifecycleFor(instance: InstanceView, untagged: TagPolicy['untagged']): LifecycleAction | undefined {
  if (untagged === 'stop') return instance.state === 'pending' || instance.state === 'running' ? 'stop' : undefined;
  if (untagged === 'terminate') return 'terminate';
  return undefined;
}

export function evaluateInstance(instance: InstanceView, policy: TagPolicy, now: Date): InstanceVerdict {
  if (isExempt(instance)) return { instance, disposition: 'exempt', untagged: false, fixes: [] };
  if (!inScope(instance, policy.scope)) return { instance, disposition: 'out-of-scope', untagged: false, fixes: [] };

  const untagged = Object.keys(instance.tags).length === 0;
  const lifecycle = untagged ? lifecycleFor(instance, policy.untagged) : undefined;
  // A terminated instance needs no tags; every other instance gets its rules applied.
  const fixes: TagFix[] = [];
  if (!(untagged && policy.untagged === 'terminate')) {
    const seen = new Set<string>();
    for (const rule of policy.rules) {
      if (seen.has(rule.key)) continue; // the first rule for a key wins
      seen.add(rule.key);
      const problem = ruleProblem(rule, instance.tags);
      if (problem) fixes.push({ key: rule.key, problem, source: fixSource(rule, now) });
    }
  }
  return { instance, disposition: 'checked', untagged, fixes, ...(lifecycle ? { lifecycle } : {}) };
}
