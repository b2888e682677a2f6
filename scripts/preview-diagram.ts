/**
 * `npm run preview:diagram`: draws the shipped catalog's architecture (`guardrails diagram --format
 * svg`, laid out by ELK) into docs/architecture.svg and screenshots it with headless Chromium into
 * docs/architecture.png at the SVG's own size.
 *
 * Chromium is found as CHROMIUM_PATH or `chromium` on PATH (Debian: apt-get install chromium).
 */
import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadCatalogOrThrow } from '../core/catalog/load';
import { catalogSvg } from '../core/diagram/svg';
import { findChromium, runChromium } from './preview-email';

export const DIAGRAM_SVG = path.resolve(__dirname, '..', 'docs', 'architecture.svg');
export const DIAGRAM_PNG = path.resolve(__dirname, '..', 'docs', 'architecture.png');
const ACCOUNTS_DIR = path.resolve(__dirname, '..', 'accounts');

export function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg);
  if (!m) throw new Error('the diagram SVG has no width and height');
  return { width: Number(m[1]), height: Number(m[2]) };
}

export async function writeDiagramPreview(): Promise<string[]> {
  const chromium = findChromium();
  const svg = await catalogSvg(await loadCatalogOrThrow(ACCOUNTS_DIR));
  writeFileSync(DIAGRAM_SVG, svg);
  const { width, height } = svgSize(svg);
  runChromium(chromium, [`--window-size=${width},${height}`, `--screenshot=${DIAGRAM_PNG}`, `file://${DIAGRAM_SVG}`]);
  if (!existsSync(DIAGRAM_PNG)) throw new Error(`chromium did not write ${DIAGRAM_PNG}`);
  return [DIAGRAM_SVG, DIAGRAM_PNG];
}

if (require.main === module) {
  writeDiagramPreview().then(
    (files) => { for (const f of files) console.log(path.relative(process.cwd(), f)); },
    (error: Error) => { console.error(`preview:diagram: ${error.message}`); process.exit(1); },
  );
}
