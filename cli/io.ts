/** Where a command writes: stdout for results, stderr for problems. Tests capture both. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** Exit statuses, documented in README.md. */
export const EXIT = {
  ok: 0,
  /** The catalog has problems (each printed as one line). */
  invalidCatalog: 1,
  /** The command line is wrong: unknown option, unknown account, not a number. */
  usage: 2,
  /** `guardrails doctor`: at least one readiness check failed. */
  checksFailed: 3,
} as const;

/** Thrown by commands for a bad command line; main prints it and exits with EXIT.usage. */
export class UsageError extends Error {}
