/**
 * Which synthesized stacks a change touches, from the changed file paths (relative to the repo
 * root, as `git diff --name-only` prints them). Used by CI to `terraform validate` only those.
 *
 * - `accounts/<name>.ts`: that member stack, plus the hub (it holds every account's policy item and topic).
 * - `accounts/org.ts`, any other file under accounts/, or code (core/, modules/, functions/, main.ts,
 *   package files): every stack.
 * - Documentation (`*.md`, docs/) touches nothing.
 * A deleted account has no stack left to validate.
 */
import { hubStackName, memberStackName } from '../naming/resources';

const IRRELEVANT = [/\.md$/i, /^docs\//, /^\.github\//, /^bench\//, /^__tests__\//];

export function stacksForChangedFiles(changed: readonly string[], accountsDir: string, accountNames: readonly string[]): string[] {
  const dir = accountsDir === '.' ? '' : accountsDir.replace(/^\.\//, '').replace(/\/+$/, '');
  const prefix = dir ? `${dir}/` : '';
  const all = [hubStackName, ...[...accountNames].sort().map(memberStackName)];
  const members = new Set<string>();
  for (const file of changed.map((f) => f.replace(/^\.\//, ''))) {
    if (IRRELEVANT.some((re) => re.test(file))) continue;
    if (!file.startsWith(prefix)) return all;
    const member = /^([^/]+)\.ts$/.exec(file.slice(prefix.length));
    if (!member || member[1] === 'org') return all;
    members.add(member[1]);
  }
  const existing = [...members].filter((m) => accountNames.includes(m)).sort();
  return existing.length === 0 && members.size === 0 ? [] : [hubStackName, ...existing.map(memberStackName)];
}
