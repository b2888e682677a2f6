/** Small formatters for text meant for people (Markdown summaries, tables, diagrams). */
import type { Principals, TagSelector } from '../catalog/types';

/** Dollar amounts: $5,612 or $12.50. */
export function formatUsd(amount: number): string {
  const cents = Math.round(amount * 100) % 100 !== 0;
  return `$${amount.toLocaleString('en-US', { minimumFractionDigits: cents ? 2 : 0, maximumFractionDigits: 2 })}`;
}

/** `team=data-science, env=prod` */
export function formatTags(tags: TagSelector): string {
  return Object.entries(tags).map(([k, v]) => `${k}=${v}`).join(', ');
}

/** `50/80/100 %`, or `none` for an empty list. */
export function formatPcts(pcts: readonly number[]): string {
  return pcts.length === 0 ? 'none' : `${pcts.join('/')} %`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** Each principal as `user X`, `group Y`, `role Z`. */
export function principalList(p: Principals): string[] {
  return [
    ...p.users.map((u) => `user ${u}`),
    ...p.groups.map((g) => `group ${g}`),
    ...p.roles.map((r) => `role ${r}`),
  ];
}

/** Each principal as `user/X`, `group/Y`, `role/Z`, in the order of principalList. */
export function principalTargets(p: Principals): string[] {
  return principalList(p).map((who) => who.replace(' ', '/'));
}

/** `role A, role B and user C` */
export function joinWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
