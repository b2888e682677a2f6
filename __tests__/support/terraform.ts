/** Terraform helpers for tests: synthesize a whole app into a temp folder and run terraform there. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Catalog } from '../../core/catalog/types';
import { buildApp } from '../../modules/app';
import type { StackOptions } from '../../modules/stacks/options';

/** Throws the setup's explanation when terraform or the provider mirror is missing: never a silent skip. */
export function requireTerraform(): void {
  const problem = process.env.GUARDRAILS_TERRAFORM_ERROR;
  if (problem) throw new Error(problem);
}

export function synthApp(catalog: Catalog, options: StackOptions = {}): string {
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'guardrails-synth-'));
  buildApp(catalog, options, outdir).app.synth();
  return outdir;
}

export function stackDir(outdir: string, stack: string): string {
  return path.join(outdir, 'stacks', stack);
}

export function terraform(dir: string, ...args: string[]): string {
  return execFileSync('terraform', args, { cwd: dir, env: process.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** `terraform init` then `terraform plan`; returns the plan as JSON (`terraform show -json`). */
export function planJson(dir: string): { resource_changes?: { address: string; type: string; change: { after: Record<string, unknown> } }[] } {
  terraform(dir, 'init', '-input=false');
  terraform(dir, 'plan', '-input=false', '-lock=false', '-out=tfplan');
  return JSON.parse(terraform(dir, 'show', '-json', 'tfplan'));
}
