/**
 * The SVG diagram's geometry, read back from the SVG itself: no two boxes overlap, no badge sits on a
 * box, a title or another badge, and every piece of text fits inside its box. Text is measured with a
 * fixed width per character that errs wide (0.62 em, bold 0.68 em; Helvetica's average is about
 * 0.55 em) and a 12 px line from baseline − 10 to baseline + 3.
 */
import { HTMLElement, parse } from 'node-html-parser';
import { generateCatalog } from '../../bench/lib/catalog-generator';
import type { Catalog } from '../../core/catalog/types';
import { buildDiagram } from '../../core/diagram/model';
import { catalogSvg } from '../../core/diagram/svg';
import { shippedCatalog } from '../support/catalog';

interface Box { x: number; y: number; w: number; h: number; what: string }

const EM = 0.62;
const BOLD_EM = 0.68;
const num = (el: HTMLElement, attr: string) => Number(el.getAttribute(attr));
const textBox = (text: string, anchorX: number, baseline: number, fontSize: number, bold: boolean, anchor: 'start' | 'middle', what: string): Box => {
  const w = [...text].length * fontSize * (bold ? BOLD_EM : EM);
  return { x: anchor === 'middle' ? anchorX - w / 2 : anchorX, y: baseline - fontSize * 0.85, w, h: fontSize * 1.1, what };
};
const rectBox = (el: HTMLElement, what: string): Box => ({ x: num(el, 'x'), y: num(el, 'y'), w: num(el, 'width'), h: num(el, 'height'), what });
const intersects = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const inside = (inner: Box, outer: Box, margin = 0) => inner.x >= outer.x + margin && inner.y >= outer.y + margin
  && inner.x + inner.w <= outer.x + outer.w - margin && inner.y + inner.h <= outer.y + outer.h - margin;
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

function pairsIntersecting(boxes: readonly Box[], others: readonly Box[] = boxes): string[] {
  const found: string[] = [];
  boxes.forEach((a, i) => others.forEach((b, j) => {
    if ((boxes !== others || j > i) && a !== b && intersects(a, b)) found.push(`${a.what} × ${b.what}`);
  }));
  return found;
}

/** Distance from a point to a polyline given as an SVG path "M x,y L x,y ...". */
function distanceToPath(d: string, px: number, py: number): number {
  const pts = [...d.matchAll(/[ML]([\d.-]+),([\d.-]+)/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]) }));
  let best = Infinity;
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1];
    const b = pts[i];
    const len2 = (b.x - a.x) ** 2 + (b.y - a.y) ** 2;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - a.x) * (b.x - a.x) + (py - a.y) * (b.y - a.y)) / len2));
    best = Math.min(best, Math.hypot(px - (a.x + t * (b.x - a.x)), py - (a.y + t * (b.y - a.y))));
  }
  return best;
}

async function geometry(catalog: Catalog) {
  const svg = await catalogSvg(catalog);
  const root = parse(svg, { parseNoneClosedTags: false });
  const svgEl = root.querySelector('svg') as HTMLElement;
  const canvas: Box = { x: 0, y: 0, w: num(svgEl, 'width'), h: num(svgEl, 'height'), what: 'canvas' };
  const fontSize = num(svgEl, 'font-size');

  const nodes = root.querySelectorAll('g.node').map((g) => {
    const box = rectBox(g.querySelector('rect') as HTMLElement, `box ${g.id}`);
    const lines = g.querySelectorAll('tspan').map((t, i) => textBox(unescape(t.text), num(t, 'x'), num(t, 'y'), fontSize,
      t.getAttribute('font-weight') === 'bold', 'middle', `text "${t.text}" of ${g.id}#${i}`));
    return { id: g.id, box, lines };
  });
  const groups = root.querySelectorAll('g.group').map((g) => {
    const frame = rectBox(g.querySelector('rect') as HTMLElement, `frame ${g.id}`);
    const t = g.querySelector('text') as HTMLElement;
    const title = textBox(unescape(t.text), num(t, 'x'), num(t, 'y'), fontSize, true, 'start', `title of ${g.id}`);
    return { id: g.id.replace(/^group-/, ''), frame, title };
  });
  const badges = root.querySelectorAll('g.badge').map((g, i) => {
    const c = g.querySelector('circle') as HTMLElement;
    const r = num(c, 'r');
    const t = g.querySelector('text') as HTMLElement;
    return {
      n: Number(t.text), cx: num(c, 'cx'), cy: num(c, 'cy'),
      box: { x: num(c, 'cx') - r, y: num(c, 'cy') - r, w: 2 * r, h: 2 * r, what: `badge ${i + 1}` },
      text: textBox(t.text, num(t, 'x'), num(t, 'y'), num(t, 'font-size'), false, 'middle', `badge number ${t.text}`),
    };
  });
  const edges = root.querySelectorAll('path.edge').map((p) => p.getAttribute('d') as string);
  const legend = root.querySelectorAll('text.legend').map((t, i) => textBox(unescape(t.text), num(t, 'x'), num(t, 'y'), fontSize, false, 'start', `legend line ${i + 1}`));
  return { svg, canvas, nodes, groups, badges, edges, legend };
}

async function expectReadable(catalog: Catalog) {
  const g = await geometry(catalog);
  const diagram = buildDiagram(catalog);
  expect(g.nodes).toHaveLength(diagram.nodes.length);
  expect(g.badges).toHaveLength(diagram.edges.length);
  expect(g.edges).toHaveLength(diagram.edges.length);
  const boxes = g.nodes.map((n) => n.box);
  const titles = g.groups.map((x) => x.title);
  const badgeBoxes = g.badges.map((b) => b.box);

  // No two boxes overlap; no badge or title sits on a box, a title or another badge.
  expect(pairsIntersecting(boxes)).toEqual([]);
  expect(pairsIntersecting(badgeBoxes)).toEqual([]);
  expect(pairsIntersecting(badgeBoxes, boxes)).toEqual([]);
  expect(pairsIntersecting(badgeBoxes, titles)).toEqual([]);
  expect(pairsIntersecting(titles, boxes)).toEqual([]);
  expect(pairsIntersecting(titles)).toEqual([]);
  // Frames of different groups do not overlap, and each box is inside its own frame.
  expect(pairsIntersecting(g.groups.map((x) => x.frame))).toEqual([]);
  for (const n of diagram.nodes) {
    const frame = g.groups.find((x) => x.id === n.group)!.frame;
    expect({ node: n.id, inFrame: inside(g.nodes.find((x) => x.id === n.id)!.box, frame) }).toEqual({ node: n.id, inFrame: true });
  }
  // Every label fits its box, with a little air.
  for (const n of g.nodes) {
    for (const line of n.lines) expect({ line: line.what, fits: inside(line, n.box, 2) }).toEqual({ line: line.what, fits: true });
    expect(pairsIntersecting(n.lines)).toEqual([]);
  }
  for (const x of g.groups) {
    const header: Box = { x: x.frame.x, y: x.frame.y, w: x.frame.w, h: 30, what: 'header' };
    expect({ title: x.title.what, fits: inside(x.title, header, 2) }).toEqual({ title: x.title.what, fits: true });
  }
  for (const b of g.badges) expect({ badge: b.n, fits: inside(b.text, b.box) }).toEqual({ badge: b.n, fits: true });
  // Each badge numbers its own arrow: it touches it, or nearly (within half a badge).
  g.badges.forEach((b, i) => {
    expect(b.n).toBe(i + 1);
    expect({ badge: b.n, near: distanceToPath(g.edges[i], b.cx, b.cy) <= b.box.w }).toEqual({ badge: b.n, near: true });
  });
  // The legend sits below the drawing and everything is on the canvas.
  const drawingBottom = Math.max(...[...boxes, ...g.groups.map((x) => x.frame), ...badgeBoxes].map((b) => b.y + b.h));
  for (const l of g.legend) expect(l.y).toBeGreaterThan(drawingBottom);
  expect(g.legend).toHaveLength(diagram.edges.length);
  for (const b of [...boxes, ...titles, ...badgeBoxes, ...g.legend]) expect({ what: b.what, onCanvas: inside(b, g.canvas) }).toEqual({ what: b.what, onCanvas: true });
  return g;
}

describe('SVG diagram geometry', () => {
  it('the shipped catalog: no overlapping boxes, labels or badges; every label fits', async () => {
    const g = await expectReadable(await shippedCatalog());
    expect(g.svg).toContain('data-science · 222222222222 · enforce · $5,000/month');
  });

  it('twelve generated accounts with long names and titles: still no overlap', async () => {
    const generated = await generateCatalog(12);
    await expectReadable(generated);
  });

  it('catches an overlap: the same checks fail on a drawing whose boxes were moved onto each other', async () => {
    const g = await geometry(await shippedCatalog());
    const [a, b] = g.nodes;
    expect(pairsIntersecting([a.box, { ...b.box, x: a.box.x + 5, y: a.box.y + 5 }])).toHaveLength(1);
    const tooLong = textBox('x'.repeat(60), a.box.x + a.box.w / 2, a.box.y + 20, 12, false, 'middle', 'long');
    expect(inside(tooLong, a.box, 2)).toBe(false);
  });
});
