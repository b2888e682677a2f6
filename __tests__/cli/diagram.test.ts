import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { catalogSvg } from '../../core/diagram/svg';
import { DIAGRAM_PNG, DIAGRAM_SVG, svgSize } from '../../scripts/preview-diagram';
import { decodePng } from '../functions/notifier/png';
import { ACCOUNTS_DIR, shippedCatalog } from '../support/catalog';
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

  it('docs/architecture.svg is the current drawing and docs/architecture.png a real screenshot of it', async () => {
    const stale = 'docs/architecture.* is stale; run `npm run preview:diagram`, look at the PNG and commit both';
    const svg = await catalogSvg(await shippedCatalog());
    expect({ current: readFileSync(DIAGRAM_SVG, 'utf8') === svg, hint: stale }).toEqual({ current: true, hint: stale });
    const png = decodePng(readFileSync(DIAGRAM_PNG));
    expect({ width: png.width, height: png.height }).toEqual(svgSize(svg));
    // The badges (#202124), the function boxes (#e3f0ff) and the bus (#fff4d6) are drawn.
    for (const color of [0x202124, 0xe3f0ff, 0xfff4d6]) expect(png.colors.get(color) ?? 0).toBeGreaterThan(200);
  });
});
