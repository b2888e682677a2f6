import { parse, valid } from 'node-html-parser';
import type { Catalog } from '../../core/catalog/types';
import { FLOW_LABELS, buildDiagram } from '../../core/diagram/model';
import { catalogMermaid } from '../../core/diagram/mermaid';
import { catalogSvg } from '../../core/diagram/svg';
import { FUNCTION_NAMES } from '../../core/naming/resources';
import { shippedCatalog } from '../support/catalog';

let catalog: Catalog;
beforeAll(async () => { catalog = await shippedCatalog(); });

/** The flows of docs/architecture.md#data-flow, written out independently of the model. */
const DOCUMENTED_FLOWS = [
  'CloudWatch Alarm State Change', 'EC2 Instance State-change Notification', 'events:PutEvents', 'alarm / state-change rules',
  'Budget State Changed', 'Guardrail Action Taken', 'Runtime Threshold Crossed', 'Tag Policy Report', 'sts:AssumeRole',
  'rate(4 hours)', 'rate(1 hour)', '1st of month', 'HTML email', 'SNS', 'DynamoDB', 'dead-letter',
];

describe('architecture diagram', () => {
  it('every edge connects two nodes that exist, and every node is connected', () => {
    const d = buildDiagram(catalog);
    const ids = new Set(d.nodes.map((n) => n.id));
    for (const e of d.edges) {
      expect(ids.has(e.from) && ids.has(e.to)).toBe(true);
    }
    const connected = new Set(d.edges.flatMap((e) => [e.from, e.to]));
    expect(d.nodes.filter((n) => !connected.has(n.id)).map((n) => n.id)).toEqual([]);
  });

  it('Mermaid names every account, every hub function and every flow', () => {
    const text = catalogMermaid(catalog);
    expect(text.startsWith('flowchart LR\n')).toBe(true);
    for (const a of catalog.accounts) {
      expect(text).toContain(`${a.name} · ${a.id}`);
      const group = `member_${a.name.replace(/-/g, '_')}`;
      expect(text).toContain(`${group}_alarms -->|"CloudWatch Alarm State Change (events:PutEvents)"| bus`);
      expect(text).toContain(`${group}_ec2 -->|"EC2 Instance State-change Notification (events:PutEvents)"| bus`);
      expect(text).toContain(`member_access -->|"sts:AssumeRole"| ${group}_role`);
    }
    for (const fn of FUNCTION_NAMES) expect(text).toContain(fn.replace('-', ' '));
    for (const flow of [...DOCUMENTED_FLOWS, ...Object.values(FLOW_LABELS)]) expect(text).toContain(flow);
  });

  it('Mermaid labels cannot break out of their quotes', () => {
    const odd = { ...catalog, org: { ...catalog.org, senderEmail: 'a"b<c>@example.com' } };
    const text = catalogMermaid(odd);
    expect(text).toContain('a#quot;b#lt;c#gt;@example.com');
  });

  it('SVG is well-formed, draws every node and edge, and explains every flow in the legend', async () => {
    const d = buildDiagram(catalog);
    const svg = await catalogSvg(catalog);
    expect(valid(svg)).toBe(true);
    const root = parse(svg, { parseNoneClosedTags: false });
    expect(root.querySelectorAll('g.node')).toHaveLength(d.nodes.length);
    expect(root.querySelectorAll('path.edge')).toHaveLength(d.edges.length);
    expect(root.querySelectorAll('g.badge')).toHaveLength(d.edges.length);
    const text = root.text;
    for (const a of catalog.accounts) expect(text).toContain(`${a.name} · ${a.id}`);
    for (const flow of Object.values(FLOW_LABELS)) expect(text).toContain(flow);
    // Every path is numeric: no NaN or undefined from a missing box; orthogonal segments only.
    for (const p of root.querySelectorAll('path.edge')) expect(p.getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+( L[\d.]+,[\d.]+)+$/);
    // The geometry (no overlaps, text fits) is checked in diagram-geometry.test.ts.
  });

  it('SVG escapes text from the catalog', async () => {
    const odd = { ...catalog, org: { ...catalog.org, senderEmail: 'a&b<c>@example.com' } };
    expect(await catalogSvg(odd)).toContain('a&amp;b&lt;c&gt;@example.com');
  });
});
