import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ACCOUNTS_DIR } from '../support/catalog';
import { cli } from './run-cli';

describe('guardrails diagram', () => {
  it('prints the Mermaid flowchart of the shipped catalog (golden file)', async () => {
    const r = await cli('diagram', '--accounts', ACCOUNTS_DIR);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(path.join(__dirname, 'golden', 'diagram.mmd'), 'utf8'));
  });

  it('--format svg prints an SVG naming every account', async () => {
    const r = await cli('diagram', '--accounts', ACCOUNTS_DIR, '--format', 'svg');
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    for (const name of ['analytics', 'data-science', 'sandbox', 'web-service']) expect(r.stdout).toContain(`${name} · `);
  });

  it('an unknown format is a usage error', async () => {
    const r = await cli('diagram', '--accounts', ACCOUNTS_DIR, '--format', 'png');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("argument 'png' is invalid. Allowed choices are mermaid, svg.");
  });
});
