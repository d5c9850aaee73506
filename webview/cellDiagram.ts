// One cell drawn as a small DAG in SVG: nodes as boxes, the operation chosen on each edge as its
// label, dead edges greyed and dashed. dagre lays it out (ranks, crossing reduction, label
// placement), so no layout of our own; it builds no code at run time, so it runs under the
// panel's CSP. Hovering a node or an edge shows its shape, parameters, multiply-adds and share of
// each device's predicted latency (a <title>, which needs no script).
import { Graph, layout, type EdgeLabel, type GraphLabel, type NodeLabel } from '@dagrejs/dagre';
import type { CellDrawing, DeviceLatencyTotal, PartCost } from '../src/core/space/architectureDrawing';
import { edgeKey } from './archCompare';
import { formatCompact } from '../src/protocol/formatMetric';
import { formatShape } from './format';
import { latencyLines } from './latencyHover';

const SVG = 'http://www.w3.org/2000/svg';
const NODE = { width: 56, height: 24 };
/** Label boxes are sized from a monospace-ish estimate: dagre needs sizes before anything is drawn. */
const CHAR_PX = 6.2;

/** Marker ids must be unique in the page: two candidates side by side draw the same cells. */
let drawn = 0;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, ...children: (Node | string)[]): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  e.append(...children);
  return e;
}

function hoverText(title: string, cost: PartCost, copies: number, devices: readonly DeviceLatencyTotal[] | undefined): string {
  const over = copies > 1 ? ` (over its ${copies} copies)` : '';
  return [
    title,
    cost.shapes.length ? `shape ${cost.shapes.map(formatShape).join(', ')}` : '',
    `${formatCompact(cost.params)} params · ${formatCompact(cost.macs)} MACs${over}`,
    ...latencyLines(cost.latency, devices),
  ].filter(Boolean).join('\n');
}

/**
 * `changed`: edge keys whose operation differs in the candidate compared with. `direction`: left
 * to right reads best in a wide card, top to bottom in a half-width column of a comparison.
 * `devices`: the drawing's, whose latency shares the hovers give.
 */
export function cellDiagram(cell: CellDrawing, changed: ReadonlySet<string> = new Set(), direction: 'LR' | 'TB' = 'LR', devices?: readonly DeviceLatencyTotal[]): SVGSVGElement {
  const g = new Graph<GraphLabel, NodeLabel & { label: string }, EdgeLabel & { op: string }>({ multigraph: true });
  g.setGraph({ rankdir: direction, nodesep: 14, ranksep: 46, edgesep: 8, marginx: 6, marginy: 6 });
  for (const n of cell.nodes) g.setNode(n.id, { ...NODE, width: Math.max(NODE.width, n.label.length * CHAR_PX + 16), label: n.label });
  for (const e of cell.edges) g.setEdge(e.from, e.to, { op: e.op, width: e.op.length * CHAR_PX, height: e.op ? 14 : 0, labelpos: 'c' }, edgeKey(e));
  layout(g);
  const { width = 0, height = 0 } = g.graph();

  const root = svg('svg', { class: 'nas-cell-dag', viewBox: `0 0 ${Math.ceil(width)} ${Math.ceil(height)}`, width: Math.ceil(width), height: Math.ceil(height), role: 'img' });
  root.dataset.testid = 'nas-cell-dag';
  root.dataset.cell = cell.cell;
  const arrow = `nas-arrow-${++drawn}`;
  root.append(svg('defs', {}, svg('marker', { id: arrow, viewBox: '0 0 8 8', refX: 7, refY: 4, markerWidth: 6, markerHeight: 6, orient: 'auto' }, svg('path', { d: 'M0,0 L8,4 L0,8 z', class: 'nas-arrow' }))));
  for (const e of cell.edges) {
    const label = g.edge(e.from, e.to, edgeKey(e));
    const points = label.points ?? [];
    const d = points.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
    const classes = ['nas-edge', e.dead ? 'dead' : 'live', changed.has(edgeKey(e)) ? 'changed' : ''].filter(Boolean).join(' ');
    const group = svg('g', { class: classes },
      svg('title', {}, hoverText(`${e.op || 'output'} ${e.from} → ${e.to}${e.dead ? ' (dead: it changes nothing)' : ''}`, e.cost, cell.copies, devices)),
      svg('path', { d, 'marker-end': `url(#${arrow})` }));
    if (e.op && label.x !== undefined && label.y !== undefined) {
      // A backing box keeps the label readable where the edge runs through it.
      const w = e.op.length * CHAR_PX + 4;
      group.append(
        svg('rect', { class: 'nas-edge-label', x: (label.x - w / 2).toFixed(1), y: (label.y - 7).toFixed(1), width: w.toFixed(1), height: 14, rx: 3 }),
        svg('text', { x: label.x.toFixed(1), y: (label.y + 4).toFixed(1), 'text-anchor': 'middle' }, e.op));
    }
    group.dataset.edge = edgeKey(e);
    group.dataset.dead = String(e.dead);
    root.append(group);
  }
  for (const n of cell.nodes) {
    const { x = 0, y = 0, width: w, height: h } = g.node(n.id);
    const group = svg('g', { class: `nas-node ${n.role}` },
      svg('title', {}, hoverText(`node ${n.label}`, n.cost, cell.copies, devices)),
      svg('rect', { x: (x - w / 2).toFixed(1), y: (y - h / 2).toFixed(1), width: w, height: h, rx: 5 }),
      svg('text', { x: x.toFixed(1), y: (y + 4).toFixed(1), 'text-anchor': 'middle' }, n.label));
    group.dataset.node = n.id;
    root.append(group);
  }
  return root;
}
