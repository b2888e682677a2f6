/**
 * Git access for `--base` and `--changed-since`: read the catalog folder as it was at a ref
 * (extracted with `git ls-tree` + `git cat-file` into a temporary folder, then loaded like any
 * catalog), and list the files a branch changed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CatalogIssue } from '../core/catalog/errors';
import { loadCatalog } from '../core/catalog/load';
import type { Catalog } from '../core/catalog/types';
import { UsageError } from './io';

function git(cwd: string, args: readonly string[]): Buffer {
  return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

function gitText(cwd: string, args: readonly string[]): string {
  return git(cwd, args).toString('utf8').trim();
}

interface RepoPath {
  /** The repository's top folder. */
  readonly root: string;
  /** The catalog folder relative to the root, with `/` separators ('' for the root itself). */
  readonly rel: string;
}

/** Where the catalog folder sits in its git repository. */
export function locateInRepo(accountsDir: string): RepoPath {
  const abs = path.resolve(accountsDir);
  const start = existsSync(abs) ? abs : process.cwd();
  let root: string;
  try {
    root = gitText(start, ['rev-parse', '--show-toplevel']);
  } catch {
    throw new UsageError(`${accountsDir} is not inside a git repository; --base and --changed-since need one`);
  }
  const real = existsSync(abs) ? realpathSync(abs) : abs;
  const rel = path.relative(realpathSync(root), real).split(path.sep).join('/');
  if (rel.startsWith('..')) throw new UsageError(`${accountsDir} is outside the git repository at ${root}`);
  return { root, rel };
}

/** The commit a ref names; a clear usage error when it does not exist. */
export function resolveCommit(root: string, ref: string): string {
  try {
    return gitText(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new UsageError(`git ref "${ref}" not found; fetch it first (e.g. git fetch origin main) or name a branch, tag or commit`);
  }
}

/**
 * The commit a branch forked from `ref` at: comparing against it shows only what the branch changed,
 * even when `ref` moved on since. Falls back to `ref` itself when the histories are unrelated.
 */
export function forkPoint(root: string, ref: string): string {
  const commit = resolveCommit(root, ref);
  try {
    return gitText(root, ['merge-base', commit, 'HEAD']) || commit;
  } catch {
    return commit;
  }
}

export type CatalogAtRef =
  | { readonly kind: 'missing'; readonly folder: string }
  | { readonly kind: 'invalid'; readonly issues: readonly CatalogIssue[] }
  | { readonly kind: 'valid'; readonly catalog: Catalog };

/** Loads the catalog folder as it was at `commit`. Problem lines name files as `<ref>:<path>`. */
export async function loadCatalogAtCommit(repo: RepoPath, commit: string, label: string): Promise<CatalogAtRef> {
  const prefix = repo.rel ? `${repo.rel}/` : '';
  const listing = gitText(repo.root, ['ls-tree', '-r', '--name-only', '-z', commit, '--', prefix || '.']);
  const files = listing.split('\0').filter((f) => f && f.startsWith(prefix));
  if (files.length === 0) return { kind: 'missing', folder: repo.rel || '.' };
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'guardrails-base-'));
  try {
    for (const file of files) {
      const target = path.join(tmp, ...file.slice(prefix.length).split('/'));
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, git(repo.root, ['cat-file', 'blob', `${commit}:${file}`]));
    }
    const { catalog, issues } = await loadCatalog(tmp);
    if (catalog) return { kind: 'valid', catalog };
    const shown = realpathSync(tmp);
    const rename = (file: string) => {
      for (const base of [tmp, shown]) {
        if (file.startsWith(base)) return `${label}:${prefix}${file.slice(base.length + 1).split(path.sep).join('/')}`;
      }
      return file;
    };
    // Messages name other files too ("already defined in <file>"); the temporary folder is gone afterwards.
    const renameIn = (message: string) => message.replace(/\S+\.ts\b/g, (file) => (path.isAbsolute(file) ? rename(file) : file));
    return { kind: 'invalid', issues: issues.map((i) => ({ ...i, file: rename(i.file), message: renameIn(i.message) })) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Files changed since the fork point from `ref`: committed, staged, unstaged and untracked. */
export function changedFilesSince(root: string, ref: string): string[] {
  const base = forkPoint(root, ref);
  const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);
  const tracked = lines(gitText(root, ['diff', '--name-only', base]));
  const untracked = lines(gitText(root, ['ls-files', '--others', '--exclude-standard']));
  return [...new Set([...tracked, ...untracked])].sort();
}
