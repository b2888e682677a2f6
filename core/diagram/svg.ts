/**
 * A dependency-free SVG drawing of the diagram model: nodes in columns (members left, hub right),
 * group frames, curved arrows whose ends are spread along each box side, and a numbered badge on
 * every arrow explained in a legend below (labels on the arrows themselves would overlap).
 */
import type { Catalog } from '../catalog/types';
import { Diagram, DiagramNode, HUB_GROUP, NodeShape, buildDiagram } from './model';

const LINE = 16;
const PAD = 10;
const NODE_WIDTH = 250;
const COLUMN_GAP = 150;
const NODE_GAP = 18;
const GROUP_HEADER = 26;
const GROUP_GAP = 30;
const MARGIN = 24;
const LEGEND_LINE = 18;

interface Box { x: number; y: number; w: number; h: number }

const FILL: Record<NodeShape, string> = {
  box: '#ffffff', bus: '#fff4d6', function: '#e3f0ff', store: '#eaf7ea', schedule: '#f3e8ff',
};

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const PORT_SPACING = 13;

/** Tall enough for its text and for the arrow ends on its busiest side. */
function heights(diagram: Diagram): Map<string, number> {
  const column = new Map(diagram.nodes.map((n) => [n.id, n.column]));
  const ends = new Map<string, number>();
  const count = (id: string, other: string) => {
    const key = `${id}:${(column.get(other) ?? 0) < (column.get(id) ?? 0) ? 'left' : 'right'}`;
    ends.set(key, (ends.get(key) ?? 0) + 1);
  };
  for (const e of diagram.edges) { count(e.from, e.to); count(e.to, e.from); }
  return new Map(diagram.nodes.map((n) => {
    const busiest = Math.max(ends.get(`${n.id}:left`) ?? 0, ends.get(`${n.id}:right`) ?? 0);
    return [n.id, Math.max(n.lines.length * LINE + 2 * PAD, (busiest + 1) * PORT_SPACING)];
  }));
}

/** Places nodes column by column in model order, leaving room for a header where a group starts. */
function place(diagram: Diagram): Map<string, Box> {
  const height = heights(diagram);
  const nodeHeight = (n: DiagramNode) => height.get(n.id) as number;
  const columns = [...new Set(diagram.nodes.map((n) => n.column))].sort((a, b) => a - b);
  const stacks = columns.map((c) => {
    const boxes: { id: string; y: number; h: number }[] = [];
    let y = 0;
    let group: string | undefined;
    for (const n of diagram.nodes.filter((x) => x.column === c)) {
      if (n.group !== group) {
        y += (group === undefined ? 0 : GROUP_GAP) + GROUP_HEADER;
        group = n.group;
      }
      boxes.push({ id: n.id, y, h: nodeHeight(n) });
      y += nodeHeight(n) + NODE_GAP;
    }
    return { column: c, boxes, height: y - NODE_GAP };
  });
  const tallest = Math.max(...stacks.map((s) => s.height));
  const placed = new Map<string, Box>();
  for (const s of stacks) {
    const x = MARGIN + PAD + columns.indexOf(s.column) * (NODE_WIDTH + COLUMN_GAP);
    const offset = MARGIN + (tallest - s.height) / 2;
    for (const b of s.boxes) placed.set(b.id, { x, y: offset + b.y, w: NODE_WIDTH, h: b.h });
  }
  return placed;
}

function groupFrame(title: string, boxes: readonly Box[]): string {
  const x = Math.min(...boxes.map((b) => b.x)) - PAD;
  const y = Math.min(...boxes.map((b) => b.y)) - GROUP_HEADER;
  const w = Math.max(...boxes.map((b) => b.x + b.w)) + PAD - x;
  const h = Math.max(...boxes.map((b) => b.y + b.h)) + PAD - y;
  return `<g class="group"><rect x="${x}" y="${y}" width="${w}" height="${h}" rx="8" fill="#f7f7f9" stroke="#9aa0a6"/>`
    + `<text x="${x + 8}" y="${y + 17}" font-weight="bold">${escapeXml(title)}</text></g>`;
}

function nodeShape(n: DiagramNode, b: Box): string {
  const rx = n.shape === 'function' ? 14 : n.shape === 'schedule' ? 2 : 4;
  const dash = n.shape === 'schedule' ? ' stroke-dasharray="4 3"' : '';
  const top = b.y + (b.h - n.lines.length * LINE) / 2;
  const text = n.lines.map((line, i) =>
    `<tspan x="${b.x + b.w / 2}" y="${top + LINE * (i + 1) - 4}"${i === 0 ? ' font-weight="bold"' : ''}>${escapeXml(line)}</tspan>`).join('');
  return `<g class="node" id="${escapeXml(n.id)}"><rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="${rx}" `
    + `fill="${FILL[n.shape]}" stroke="#3c4043"${dash}/><text text-anchor="middle">${text}</text></g>`;
}

interface Port { x: number; y: number; dir: 1 | -1 }

/**
 * Which side of each box an edge leaves and enters: towards the other box's column; an edge within
 * one column loops out on the right. Ends on the same side are spread evenly, ordered by the other end.
 */
function ports(diagram: Diagram, boxes: Map<string, Box>): { from: Port; to: Port }[] {
  const sideOf = (self: Box, other: Box): 1 | -1 => (other.x < self.x ? -1 : 1);
  const ends = diagram.edges.map((e) => {
    const a = boxes.get(e.from) as Box;
    const b = boxes.get(e.to) as Box;
    return { a, b, fromSide: sideOf(a, b), toSide: a.x === b.x ? 1 : sideOf(b, a) };
  });
  const slots = new Map<string, { box: Box; other: Box; set: (p: Port) => void }[]>();
  const result = ends.map(() => ({ from: { x: 0, y: 0, dir: 1 as 1 | -1 }, to: { x: 0, y: 0, dir: 1 as 1 | -1 } }));
  ends.forEach((end, i) => {
    const add = (box: Box, other: Box, side: 1 | -1, set: (p: Port) => void) => {
      const key = `${box.x},${box.y},${side}`;
      slots.set(key, [...(slots.get(key) ?? []), { box, other, set: (p) => set({ ...p, dir: side }) }]);
    };
    add(end.a, end.b, end.fromSide, (p) => { result[i].from = p; });
    add(end.b, end.a, end.toSide, (p) => { result[i].to = p; });
  });
  for (const [key, list] of slots) {
    const side = Number(key.split(',')[2]) as 1 | -1;
    list.sort((p, q) => (p.other.y + p.other.h / 2) - (q.other.y + q.other.h / 2));
    list.forEach((s, i) => {
      const x = side === 1 ? s.box.x + s.box.w : s.box.x;
      s.set({ x, y: s.box.y + ((i + 1) * s.box.h) / (list.length + 1), dir: side });
    });
  }
  return result;
}

/** The arrow and its numbered badge, drawn separately so badges stay on top of boxes. */
function edgeParts(from: Port, to: Port, n: number): { path: string; badge: string } {
  const reach = Math.max(50, Math.abs(to.x - from.x) / 2);
  const c1 = { x: from.x + from.dir * reach, y: from.y };
  const c2 = { x: to.x + to.dir * reach, y: to.y };
  const mid = { x: (from.x + 3 * c1.x + 3 * c2.x + to.x) / 8, y: (from.y + 3 * c1.y + 3 * c2.y + to.y) / 8 };
  const f = (v: number) => Math.round(v * 10) / 10;
  return {
    path: `<path class="edge" d="M${f(from.x)},${f(from.y)} C${f(c1.x)},${f(c1.y)} ${f(c2.x)},${f(c2.y)} ${f(to.x)},${f(to.y)}" `
      + 'fill="none" stroke="#5f6368" stroke-width="1.3" marker-end="url(#arrow)"/>',
    badge: `<g class="badge"><circle cx="${f(mid.x)}" cy="${f(mid.y)}" r="9" fill="#202124"/>`
      + `<text x="${f(mid.x)}" y="${f(mid.y + 4)}" text-anchor="middle" fill="#ffffff" font-size="10">${n}</text></g>`,
  };
}

export function renderSvg(diagram: Diagram): string {
  const boxes = place(diagram);
  const title = (id: string) => diagram.nodes.find((n) => n.id === id)?.lines[0] ?? id;
  const groupOf = (id: string) => diagram.groups.find((g) => g.id === diagram.nodes.find((n) => n.id === id)?.group);
  const frames = diagram.groups.map((g) => groupFrame(g.title, diagram.nodes.filter((n) => n.group === g.id).map((n) => boxes.get(n.id) as Box)));
  const nodes = diagram.nodes.map((n) => nodeShape(n, boxes.get(n.id) as Box));
  const edgePorts = ports(diagram, boxes);
  const edges = diagram.edges.map((_, i) => edgeParts(edgePorts[i].from, edgePorts[i].to, i + 1));
  const drawingBottom = Math.max(...[...boxes.values()].map((b) => b.y + b.h)) + PAD + MARGIN;
  const width = Math.max(...[...boxes.values()].map((b) => b.x + b.w)) + PAD + MARGIN;
  const legend = diagram.edges.map((e, i) => {
    const end = (id: string) => (groupOf(id)?.id === HUB_GROUP ? title(id) : `${groupOf(id)?.title.split(' · ')[0]}: ${title(id)}`);
    return `<text x="${MARGIN}" y="${drawingBottom + LEGEND_LINE * (i + 1)}">${i + 1}. ${escapeXml(`${end(e.from)} → ${end(e.to)}: ${e.label}`)}</text>`;
  });
  const height = drawingBottom + LEGEND_LINE * (diagram.edges.length + 1);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" `
      + 'font-family="Helvetica, Arial, sans-serif" font-size="12" fill="#202124">',
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
      + '<path d="M0,0 L10,5 L0,10 z" fill="#5f6368"/></marker></defs>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...frames, ...edges.map((e) => e.path), ...nodes, ...edges.map((e) => e.badge), ...legend,
    '</svg>',
    '',
  ].join('\n');
}

export function catalogSvg(catalog: Catalog): string {
  return renderSvg(buildDiagram(catalog));
}
