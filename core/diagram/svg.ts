/**
 * The diagram as a standalone SVG, laid out by ELK (core/diagram/layout.ts): group frames with their
 * title in a header band, boxes sized for their text, orthogonal arrows, and a numbered badge on every
 * arrow (placed by ELK where it touches no box and no other badge) explained in a legend below.
 */
import type { Catalog } from '../catalog/types';
import { BADGE_SIZE, DiagramLayout, GROUP_HEADER, LINE_HEIGHT, Rect, layoutDiagram } from './layout';
import { Diagram, DiagramNode, HUB_GROUP, NodeShape, buildDiagram } from './model';
import { FONT_SIZE, textWidth } from './text-width';

const MARGIN = 20;
const LEGEND_LINE = 18;
const LEGEND_GAP = 16;

const FILL: Record<NodeShape, string> = {
  box: '#ffffff', bus: '#fff4d6', function: '#e3f0ff', store: '#eaf7ea', schedule: '#f3e8ff',
};

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const f = (v: number) => Math.round(v * 10) / 10;

function groupFrame(id: string, title: string, r: Rect): string {
  return `<g class="group" id="group-${escapeXml(id)}"><rect x="${f(r.x)}" y="${f(r.y)}" width="${f(r.w)}" height="${f(r.h)}" rx="8" `
    + 'fill="#f7f7f9" stroke="#9aa0a6"/>'
    + `<text class="group-title" x="${f(r.x + 10)}" y="${f(r.y + GROUP_HEADER / 2 + 5)}" font-weight="bold">${escapeXml(title)}</text></g>`;
}

function nodeShape(n: DiagramNode, r: Rect): string {
  const rx = n.shape === 'function' ? 14 : n.shape === 'schedule' ? 2 : 4;
  const dash = n.shape === 'schedule' ? ' stroke-dasharray="4 3"' : '';
  const top = r.y + (r.h - n.lines.length * LINE_HEIGHT) / 2;
  const text = n.lines.map((line, i) =>
    `<tspan x="${f(r.x + r.w / 2)}" y="${f(top + LINE_HEIGHT * (i + 1) - 4)}"${i === 0 ? ' font-weight="bold"' : ''}>${escapeXml(line)}</tspan>`).join('');
  return `<g class="node" id="${escapeXml(n.id)}"><rect x="${f(r.x)}" y="${f(r.y)}" width="${f(r.w)}" height="${f(r.h)}" rx="${rx}" `
    + `fill="${FILL[n.shape]}" stroke="#3c4043"${dash}/><text text-anchor="middle">${text}</text></g>`;
}

function edgePath(points: readonly { x: number; y: number }[]): string {
  const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${f(p.x)},${f(p.y)}`).join(' ');
  return `<path class="edge" d="${d}" fill="none" stroke="#5f6368" stroke-width="1.3" marker-end="url(#arrow)"/>`;
}

function badge(n: number, r: Rect): string {
  const cx = r.x + r.w / 2;
  const cy = r.y + r.h / 2;
  return `<g class="badge"><circle cx="${f(cx)}" cy="${f(cy)}" r="${BADGE_SIZE / 2 - 1}" fill="#202124"/>`
    + `<text x="${f(cx)}" y="${f(cy + 3.5)}" text-anchor="middle" fill="#ffffff" font-size="10">${n}</text></g>`;
}

function legendLines(diagram: Diagram): string[] {
  const node = (id: string) => diagram.nodes.find((n) => n.id === id);
  const groupTitle = (id: string) => diagram.groups.find((g) => g.id === node(id)?.group)?.title ?? '';
  const end = (id: string) => (node(id)?.group === HUB_GROUP ? node(id)?.lines[0] : `${groupTitle(id).split(' · ')[0]}: ${node(id)?.lines[0]}`);
  return diagram.edges.map((e, i) => `${i + 1}. ${end(e.from)} → ${end(e.to)}: ${e.label}`);
}

export function renderLaidOut(diagram: Diagram, layout: DiagramLayout): string {
  const legend = legendLines(diagram);
  const legendTop = layout.height + LEGEND_GAP;
  const width = Math.ceil(Math.max(layout.width, MARGIN + Math.max(...legend.map((l) => textWidth(l))) + MARGIN));
  const height = Math.ceil(legendTop + LEGEND_LINE * legend.length + MARGIN);
  const frames = diagram.groups.map((g) => groupFrame(g.id, g.title, layout.groups.get(g.id) as Rect));
  const nodes = diagram.nodes.map((n) => nodeShape(n, layout.nodes.get(n.id) as Rect));
  const paths = layout.edges.map((e) => edgePath(e.points));
  const badges = layout.edges.map((e, i) => badge(i + 1, e.badge));
  const legendText = legend.map((line, i) => `<text class="legend" x="${MARGIN}" y="${legendTop + LEGEND_LINE * (i + 1) - 5}">${escapeXml(line)}</text>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" `
      + `font-family="Helvetica, Arial, sans-serif" font-size="${FONT_SIZE}" fill="#202124">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
      + '<path d="M0,0 L10,5 L0,10 z" fill="#5f6368"/></marker></defs>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...frames, ...paths, ...nodes, ...badges, ...legendText,
    '</svg>',
    '',
  ].join('\n');
}

export async function renderSvg(diagram: Diagram): Promise<string> {
  return renderLaidOut(diagram, await layoutDiagram(diagram));
}

export function catalogSvg(catalog: Catalog): Promise<string> {
  return renderSvg(buildDiagram(catalog));
}
