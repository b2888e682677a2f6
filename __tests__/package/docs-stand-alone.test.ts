/**
 * The docs stand alone: nothing points at a design file outside the repository, and every
 * `docs/<page>.md#<anchor>` reference in code, tests and docs names a page and heading that exist.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const SKIP = new Set(['node_modules', '.git', 'dist', 'cdktf.out', 'coverage', 'preview', '.cache']);
const TEXT = /\.(ts|js|mjs|json|md|yml|yaml|sh)$|^run$/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    if (SKIP.has(entry)) return [];
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return files(full);
    return TEXT.test(entry) && entry !== 'package-lock.json' ? [full] : [];
  });
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const anchor = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');

describe('the docs stand alone', () => {
  const all = files(ROOT).map((file) => ({ file: path.relative(ROOT, file), text: readFileSync(file, 'utf8') }));

  it('nothing refers to a design document that is not in the repository', () => {
    const outside = new RegExp(['DESIGN', '(?:\\.md| §)'].join(''));
    expect(all.filter(({ text }) => outside.test(text)).map(({ file }) => file)).toEqual([]);
  });

  it('every docs/<page>.md#<anchor> reference names a page and a heading that exist', () => {
    const refs = all.flatMap(({ file, text }) => [...text.matchAll(/docs\/([a-z0-9-]+\.md)(?:#([a-z0-9-]+))?/g)]
      .map((m) => ({ file, page: m[1], anchor: m[2] })));
    expect(refs.length).toBeGreaterThan(20);
    const broken = refs.filter(({ page, anchor: wanted }) => {
      let doc: string;
      try { doc = readFileSync(path.join(ROOT, 'docs', page), 'utf8'); } catch { return true; }
      return wanted !== undefined && ![...doc.matchAll(/^#+ (.+)$/gm)].some((h) => anchor(h[1]) === wanted);
    });
    expect(broken).toEqual([]);
  });
});
