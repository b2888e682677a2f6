/**
 * Reads the Terraform plans CI wrote for the changed stacks: a folder holding `<stack>.json`
 * (`terraform show -json <planfile>`) or `<stack>.txt` (the output of `terraform plan`, for remote
 * plans that have no plan file).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { StackPlan, planCountsFromJson, planCountsFromText } from '../core/summary/plan-counts';
import { UsageError } from './io';

export function readPlans(dir: string): StackPlan[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UsageError(`--plan ${dir}: no such folder; give the folder holding <stack>.json (terraform show -json) or <stack>.txt (terraform plan output)`);
  }
  const files = readdirSync(dir).filter((f) => /\.(json|txt)$/.test(f)).sort();
  const byStack = new Map<string, string>();
  for (const file of files) {
    const stack = file.replace(/\.(json|txt)$/, '');
    // A JSON plan is exact; the text is only the fallback for the same stack.
    if (!byStack.has(stack) || file.endsWith('.json')) byStack.set(stack, file);
  }
  return [...byStack.entries()].map(([stack, file]) => {
    const text = readFileSync(path.join(dir, file), 'utf8');
    try {
      return { stack, counts: file.endsWith('.json') ? planCountsFromJson(text) : planCountsFromText(text) };
    } catch (err) {
      throw new UsageError(`--plan ${path.join(dir, file)}: ${(err as Error).message}`);
    }
  });
}
