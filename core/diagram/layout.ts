/**
 * Lays the diagram model out with ELK (the Eclipse Layout Kernel, run in plain JS by elkjs): layered,
 * left to right, group frames as compound nodes, orthogonal edges routed across the frames, and one
 * numbered badge per edge placed by ELK as the edge's label so it never sits on a box or another
 * badge. Every coordinate returned is absolute (ELK's ROOT coordinate mode).
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { Diagram } from './model';
import { FONT_SIZE, textWidth } from './text-width';

export const LINE_HEIGHT = 16;
export const NODE_PADDING = 10;
export const GROUP_HEADER = 30;
export const BADGE_SIZE = 20;

export interface Rect { readonly x: number; readonly y: number; readonly w: number; readonly h: number }
export interface Point { readonly x: number; readonly y: number }

export interface DiagramLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: ReadonlyMap<string, Rect>;
  readonly groups: ReadonlyMap<string, Rect>;
  /** Per edge, in model order: the polyline and the badge's box. */
  readonly edges: readonly { readonly points: readonly Point[]; readonly badge: Rect }[];
}

/** Box size for a node's lines: the first is bold. */
export function nodeSize(lines: readonly string[]): { width: number; height: number } {
  const widest = Math.max(...lines.map((l, i) => textWidth(l, FONT_SIZE, i === 0)));
  return { width: widest + 2 * NODE_PADDING, height: lines.length * LINE_HEIGHT + 2 * NODE_PADDING };
}

const ROOT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.layered.edgeLabels.sideSelection': 'ALWAYS_UP',
  'elk.spacing.nodeNode': '24',
  'elk.spacing.edgeNode': '14',
  'elk.spacing.edgeEdge': '8',
  'elk.spacing.edgeLabel': '4',
  'elk.spacing.labelNode': '6',
  'elk.layered.spacing.nodeNodeBetweenLayers': '48',
  'elk.layered.spacing.edgeNodeBetweenLayers': '16',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.padding': '[top=20,left=20,bottom=20,right=20]',
  'elk.json.edgeCoords': 'ROOT',
  'elk.json.shapeCoords': 'ROOT',
};

export async function layoutDiagram(diagram: Diagram): Promise<DiagramLayout> {
  const groupChildren = (groupId: string): ElkNode[] => diagram.nodes.filter((n) => n.group === groupId)
    .map((n) => ({ id: n.id, ...nodeSize(n.lines) }));
  const edges: ElkExtendedEdge[] = diagram.edges.map((e, i) => ({
    id: `e${i}`, sources: [e.from], targets: [e.to],
    labels: [{ id: `e${i}-badge`, text: String(i + 1), width: BADGE_SIZE, height: BADGE_SIZE }],
  }));
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: ROOT_OPTIONS,
    children: diagram.groups.map((g) => ({
      id: `group:${g.id}`,
      layoutOptions: {
        'elk.padding': `[top=${GROUP_HEADER + 8},left=14,bottom=14,right=14]`,
        // The frame is at least as wide as its bold title.
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': `(${textWidth(g.title, FONT_SIZE, true) + 24}, 60)`,
      },
      children: groupChildren(g.id),
    })),
    edges,
  };
  const laid = await new ELK().layout(graph);

  const nodes = new Map<string, Rect>();
  const groups = new Map<string, Rect>();
  const rect = (n: ElkNode): Rect => ({ x: n.x ?? 0, y: n.y ?? 0, w: n.width ?? 0, h: n.height ?? 0 });
  for (const g of laid.children ?? []) {
    groups.set(g.id.replace(/^group:/, ''), rect(g));
    for (const n of g.children ?? []) nodes.set(n.id, rect(n));
  }
  const byId = new Map((laid.edges ?? []).map((e) => [e.id, e as ElkExtendedEdge]));
  const laidEdges = diagram.edges.map((_, i) => {
    const e = byId.get(`e${i}`);
    const section = e?.sections?.[0];
    const label = e?.labels?.[0];
    if (!e || !section || !label) throw new Error(`the layout engine returned no route for edge ${i + 1}`);
    const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map((p) => ({ x: p.x, y: p.y }));
    return { points, badge: { x: label.x ?? 0, y: label.y ?? 0, w: label.width ?? BADGE_SIZE, h: label.height ?? BADGE_SIZE } };
  });
  return { width: laid.width ?? 0, height: laid.height ?? 0, nodes, groups, edges: laidEdges };
}
