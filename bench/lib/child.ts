/** Runs a TypeScript file in a fresh Node process (through tsx) and times it from spawn to exit. */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface ChildRun {
  readonly wallMs: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runNode(args: readonly string[], options: { env?: Record<string, string>; inheritEnv?: boolean; timeoutMs?: number; cwd?: string } = {}): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...(options.inheritEnv === false ? {} : process.env), CHECKPOINT_DISABLE: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const wallMs = performance.now() - started;
      if (code === 0) resolve({ wallMs, stdout, stderr });
      else reject(new Error(`node ${args.join(' ')} exited with ${code ?? signal}:\n${stderr.slice(-2000)}`));
    });
  });
}

/** `node --import tsx <file> ...args` */
export function runTs(file: string, args: readonly string[] = [], options: Parameters<typeof runNode>[1] = {}): Promise<ChildRun> {
  return runNode(['--import', 'tsx', path.resolve(REPO_ROOT, file), ...args], options);
}
