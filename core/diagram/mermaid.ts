/** The architecture diagram as a Mermaid flowchart (GitHub renders it inside a ```mermaid block). */
import type { Catalog } from '../catalog/types';
import { Diagram, DiagramNode, NodeShape, buildDiagram } from './model';

/** Mermaid labels are quoted; quotes and angle brackets become entities, lines become <br/>. */
function label(lines: readonly string[]): string {
  const escaped = lines.map((l) => l.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;'));
  return `"${escaped.join('<br/>')}"`;
}

const SHAPES: Record<NodeShape, (text: string) => string> = {
  box: (t) => `[${t}]`,
  bus: (t) => `[[${t}]]`,
  function: (t) => `(${t})`,
  store: (t) => `[(${t})]`,
  schedule: (t) => `{{${t}}}`,
};

const nodeLine = (n: DiagramNode) => `    ${n.id}${SHAPES[n.shape](label(n.lines))}`;

export function renderMermaid(diagram: Diagram): string {
  const out = ['flowchart LR'];
  for (const group of diagram.groups) {
    out.push(`  subgraph ${group.id}[${label([group.title])}]`);
    out.push(...diagram.nodes.filter((n) => n.group === group.id).map(nodeLine));
    out.push('  end');
  }
  for (const e of diagram.edges) out.push(`  ${e.from} -->|${label([e.label])}| ${e.to}`);
  return `${out.join('\n')}\n`;
}

export function catalogMermaid(catalog: Catalog): string {
  return renderMermaid(buildDiagram(catalog));
}
