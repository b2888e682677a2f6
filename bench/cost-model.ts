/**
 * Running cost of the guardrail for each synthesized catalog size: what synth produced (alarms,
 * functions, triggers, topics, keys) and the catalog's counts, priced with bench/lib/prices.ts,
 * Lambda time from the measured cold starts, volumes from ASSUMPTIONS. Compared with AWS Budgets
 * Actions (one action-enabled budget per account).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { ColdStartResult } from './cold-start';
import { ASSUMPTIONS, CostModel, computeCostModel } from './lib/cost';
import { REPO_ROOT } from './lib/child';
import type { SynthSize } from './synth-scale';

export const COST_GOAL = { accounts: 100, perAccountUsd: 0.10 } as const;

export interface CostModelResult {
  readonly models: readonly CostModel[];
  readonly assumptions: typeof ASSUMPTIONS;
  readonly emitsCustomMetrics: boolean;
  readonly initMsUsed: Readonly<Record<string, number>>;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Whether any function publishes CloudWatch custom metrics (PutMetricData) — read from the code itself. */
export function functionsEmitCustomMetrics(root = REPO_ROOT): boolean {
  return sourceFiles(path.join(root, 'functions')).some((f) => readFileSync(f, 'utf8').includes('PutMetricDataCommand'));
}

export function runCostModel(sizes: readonly SynthSize[], coldStart: ColdStartResult | undefined): CostModelResult {
  const initMs = Object.fromEntries((coldStart?.functions ?? []).map((f) => [f.name, f.medianInitMs]));
  const emitsCustomMetrics = functionsEmitCustomMetrics();
  const models = sizes.map((s) => computeCostModel({ synth: s.summary, catalog: s.catalogStats, initMs, emitsCustomMetrics }));
  return { models, assumptions: ASSUMPTIONS, emitsCustomMetrics, initMsUsed: initMs };
}
