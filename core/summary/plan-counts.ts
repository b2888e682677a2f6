/**
 * Resource counts of a Terraform plan, as Terraform itself counts them ("Plan: 2 to add, 1 to change,
 * 0 to destroy."): a replacement is one add and one destroy; reads and no-ops count nothing.
 * Read from `terraform show -json <planfile>` (resource_changes[].change.actions), or from the text of
 * `terraform plan` when no plan file exists (a remote Terraform Cloud plan).
 */
export interface PlanCounts {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
}

export interface StackPlan {
  readonly stack: string;
  readonly counts: PlanCounts;
}

interface PlanJson {
  readonly format_version?: unknown;
  readonly resource_changes?: readonly { readonly change?: { readonly actions?: readonly string[] } }[];
}

/** Counts from the JSON plan representation; throws when the text is not one. */
export function planCountsFromJson(json: string): PlanCounts {
  let plan: PlanJson;
  try {
    plan = JSON.parse(json) as PlanJson;
  } catch (err) {
    throw new Error(`not a JSON plan (${(err as Error).message}); write it with terraform show -json <planfile>`);
  }
  if (typeof plan !== 'object' || plan === null || plan.format_version === undefined) {
    throw new Error('not a JSON plan: no format_version; write it with terraform show -json <planfile>');
  }
  let add = 0;
  let change = 0;
  let destroy = 0;
  for (const rc of plan.resource_changes ?? []) {
    const actions = rc.change?.actions ?? [];
    if (actions.includes('create')) add += 1;
    if (actions.includes('delete')) destroy += 1;
    if (actions.includes('update')) change += 1;
  }
  return { add, change, destroy };
}

/** Counts from the human-readable output of `terraform plan`; throws when it holds no plan summary. */
export function planCountsFromText(text: string): PlanCounts {
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
  const plan = /Plan: (?:\d+ to import, )?(\d+) to add, (\d+) to change, (\d+) to destroy/.exec(plain);
  if (plan) return { add: Number(plan[1]), change: Number(plan[2]), destroy: Number(plan[3]) };
  if (/No changes\. /.test(plain) || /^No changes\.$/m.test(plain)) return { add: 0, change: 0, destroy: 0 };
  throw new Error('no "Plan: N to add, N to change, N to destroy" or "No changes." line in the terraform plan output');
}

export function planTotals(plans: readonly StackPlan[]): PlanCounts {
  return plans.reduce((t, p) => ({ add: t.add + p.counts.add, change: t.change + p.counts.change, destroy: t.destroy + p.counts.destroy }),
    { add: 0, change: 0, destroy: 0 });
}

const counts = (c: PlanCounts) => `${c.add} to add, ${c.change} to change, ${c.destroy} to destroy`;

/**
 * The plan as a Markdown table for the pull-request comment. With `maxRows`, only that many stacks
 * are listed (those that destroy first, then the most changes) and one line counts the rest.
 */
export function planMarkdown(plans: readonly StackPlan[], maxRows = Infinity): string[] {
  if (plans.length === 0) return [];
  const t = planTotals(plans);
  const destroyNote = t.destroy > 0 ? ` **${t.destroy} resource(s) would be destroyed**: check them in the plan log before merging.` : '';
  const weight = (p: StackPlan) => p.counts.add + p.counts.change + p.counts.destroy;
  const listed = maxRows >= plans.length ? plans
    : [...plans].sort((a, b) => b.counts.destroy - a.counts.destroy || weight(b) - weight(a) || a.stack.localeCompare(b.stack)).slice(0, maxRows);
  const rest = plans.filter((p) => !listed.includes(p));
  return [
    '### Terraform plan',
    '',
    `${plans.length} stack(s) planned: ${counts(t)}.${destroyNote}`,
    '',
    '| stack | add | change | destroy |',
    '|---|---:|---:|---:|',
    ...listed.map((p) => `| ${p.stack} | ${p.counts.add} | ${p.counts.change} | ${p.counts.destroy} |`),
    ...(rest.length > 0 ? ['', `…and ${rest.length} more stack(s): ${counts(planTotals(rest))} (every stack in the full report).`] : []),
    '',
  ];
}
