// What the panel draws of a decoded architecture: a compact summary, one line per run of like
// blocks ("IR k3 e6 x3, 48 ch"), and each cell as a DAG with the shapes, parameters and
// multiply-adds of its nodes and edges summed over the cell's copies, and, for each device the
// run names, their share of its predicted latency. Pure: it reads the graph (costs from ops.ts,
// as every cost), the cells' DAGs (space.cellDags) and the latency the device's profile
// attributes to each node (hardware/latencyShare.ts); it only sums, it never prices an op.
import type { CellDag } from './cellCodec';
import type { ArchitectureGraph, GraphBlock, GraphNode } from './types';

/** Shapes (distinct, in order) and summed costs of some nodes of the graph. */
export interface PartCost {
  shapes: number[][];
  params: number;
  macs: number;
  /** Per device with a per-operator table; absent when the run names none. */
  latency?: PartLatency[];
}

/** A device's predicted latency attributed to graph nodes (hardware/latencyShare.ts computes it). */
export type NodeLatencies =
  | { device: string; totalMs: number; byNode: ReadonlyMap<string, NodeLatency> }
  | { device: string; unavailable: string };

export interface NodeLatency {
  /** Milliseconds of the prediction attributed to the node; null when the table has no entry for its unit. */
  ms: number | null;
  /** The op kinds of the fused unit the node is part of ("conv2d > batchNorm > relu6"), when it has several. */
  fused?: string;
}

/** Some nodes' latency on one device: their milliseconds, that as a fraction of the prediction, and how many of them the table lacks. */
export interface PartLatency {
  device: string;
  ms: number;
  share: number;
  missing: number;
  /** One node only: the fused unit it runs in. */
  fused?: string;
}

/** A device's prediction the shares are of, or why there are none. */
export interface DeviceLatencyTotal {
  device: string;
  totalMs?: number;
  /** Why the device has no shares (a profile fitted from end-to-end measurements has no per-operator times). */
  unavailable?: string;
  /** Ops whose unit the table lacks. */
  missing: number;
}

export interface SummaryLine extends PartCost {
  text: string;
}

export interface CellDrawing {
  cell: string;
  /** How many times the cell is placed; costs are summed over the copies. */
  copies: number;
  nodes: (CellDag['nodes'][number] & { cost: PartCost })[];
  edges: (CellDag['edges'][number] & { cost: PartCost })[];
}

export interface ArchitectureDrawing {
  summary: SummaryLine[];
  cells: CellDrawing[];
  /** The devices the parts' latency shares are for; absent when the run names none. */
  devices?: DeviceLatencyTotal[];
}

export function drawArchitecture(graph: ArchitectureGraph, dags: readonly CellDag[], latencies: readonly NodeLatencies[] = []): ArchitectureDrawing {
  const byGroup = groupsInOrder(graph.nodes);
  const described = new Map((graph.blocks ?? []).map((b) => [b.group, b]));
  const blocks = [...byGroup].map(([group, nodes]) => described.get(group) ?? blockOf(group, nodes));
  const costOf = (nodes: readonly GraphNode[], shapes: number[][]): PartCost => {
    const latency = latencyOf(nodes.map((n) => n.id), latencies);
    return { shapes, params: nodes.reduce((s, n) => s + n.params, 0), macs: nodes.reduce((s, n) => s + n.macs, 0), ...(latency ? { latency } : {}) };
  };
  const drawing: ArchitectureDrawing = { summary: summaryLines(blocks, byGroup, costOf), cells: dags.map((dag) => cellDrawing(dag, blocks, byGroup, costOf)) };
  if (latencies.length) drawing.devices = latencies.map((l) => ('unavailable' in l ? { device: l.device, unavailable: l.unavailable, missing: 0 } : { device: l.device, totalMs: l.totalMs, missing: [...l.byNode.values()].filter((n) => n.ms === null).length }));
  return drawing;
}

/** The nodes' latency on each device that has shares; undefined when none has. */
export function latencyOf(nodeIds: readonly string[], latencies: readonly NodeLatencies[]): PartLatency[] | undefined {
  const out: PartLatency[] = [];
  for (const l of latencies) {
    if ('unavailable' in l) continue;
    const own = nodeIds.map((id) => l.byNode.get(id)).filter((n): n is NodeLatency => n !== undefined);
    const ms = own.reduce((s, n) => s + (n.ms ?? 0), 0);
    const part: PartLatency = { device: l.device, ms, share: l.totalMs > 0 ? ms / l.totalMs : 0, missing: own.filter((n) => n.ms === null).length };
    if (nodeIds.length === 1 && own[0]?.fused) part.fused = own[0].fused;
    out.push(part);
  }
  return out.length ? out : undefined;
}

type CostOf = (nodes: readonly GraphNode[], shapes: number[][]) => PartCost;

function groupsInOrder(nodes: readonly GraphNode[]): Map<string, GraphNode[]> {
  const out = new Map<string, GraphNode[]>();
  for (const n of nodes) {
    if (n.op === 'input') continue;
    const list = out.get(n.group);
    if (list) list.push(n);
    else out.set(n.group, [n]);
  }
  return out;
}

/** A plain layer's block, told by its first node that says what the layer is. */
function blockOf(group: string, nodes: readonly GraphNode[]): GraphBlock {
  const main = nodes.find((n) => n.op in PLAIN) ?? nodes[0];
  const a = main.attrs;
  const block: GraphBlock = { group, op: PLAIN[main.op] ?? main.op };
  if (typeof a.stride === 'number') block.stride = a.stride;
  if (main.op === 'conv2d' || main.op === 'depthwiseConv2d') block.settings = `k${a.kernel}`;
  if (main.op === 'maxPool' || main.op === 'avgPool') block.settings = `${a.size}×${a.size}`;
  if (main.op === 'dropout') block.settings = String(a.rate);
  if (main.op === 'conv2d') block.channels = Number(a.filters);
  if (main.op === 'dense') block.channels = Number(a.units);
  return block;
}

/** The ops that name a plain layer, with the words the summary uses. */
const PLAIN: Partial<Record<GraphNode['op'], string>> = {
  conv2d: 'conv',
  depthwiseConv2d: 'dw conv',
  dense: 'dense',
  maxPool: 'max pool',
  avgPool: 'avg pool',
  globalAvgPool: 'global avg pool',
  flatten: 'flatten',
  dropout: 'dropout',
  batchNorm: 'batch norm',
  relu: 'relu',
  relu6: 'relu6',
};

/** Consecutive blocks of one kind and width join a line unless one of them changes the resolution. */
function summaryLines(blocks: readonly GraphBlock[], byGroup: ReadonlyMap<string, GraphNode[]>, costOf: CostOf): SummaryLine[] {
  const runs: GraphBlock[][] = [];
  for (const b of blocks) {
    const last = runs[runs.length - 1]?.[0];
    if (last && last.op === b.op && last.channels === b.channels && (b.stride ?? 1) === 1) runs[runs.length - 1].push(b);
    else runs.push([b]);
  }
  return runs.map((run) => {
    const nodes = run.flatMap((b) => byGroup.get(b.group) ?? []);
    const out = nodes[nodes.length - 1].shape;
    const width = run[0].channels === undefined ? '' : `, ${run[0].channels} ${out.length === 3 ? 'ch' : 'units'}`;
    const stride = (run[0].stride ?? 1) > 1 ? `, stride ${run[0].stride}` : '';
    return { text: `${run[0].op}${repeats(run.map((b) => b.settings))}${width}${stride}`, ...costOf(nodes, [out]) };
  });
}

/** " k3 e6 x2 · k5 e3": equal settings in a row written once with their count. */
function repeats(settings: readonly (string | undefined)[]): string {
  const parts: string[] = [];
  for (let i = 0; i < settings.length; ) {
    let j = i;
    while (j < settings.length && settings[j] === settings[i]) j++;
    parts.push([settings[i], j - i > 1 ? `x${j - i}` : ''].filter(Boolean).join(' '));
    i = j;
  }
  const text = parts.join(' · ');
  return text ? ` ${text}` : '';
}

/** The DAG with each node's and edge's costs over every copy of the cell (a node's shape is its last graph node's, or the copy's output). */
function cellDrawing(dag: CellDag, blocks: readonly GraphBlock[], byGroup: ReadonlyMap<string, GraphNode[]>, costOf: CostOf): CellDrawing {
  const copies = blocks.filter((b) => b.cell === dag.cell).map((b) => byGroup.get(b.group) ?? []);
  const cost = (part: string, withShape: boolean): PartCost => {
    const nodes = copies.flatMap((c) => c.filter((n) => n.part === part));
    const shapes: number[][] = [];
    if (withShape) {
      for (const copy of copies) {
        const own = copy.filter((n) => n.part === part);
        const shape = (own[own.length - 1] ?? copy[copy.length - 1])?.shape;
        if (shape && !shapes.some((s) => s.join() === shape.join())) shapes.push(shape);
      }
    }
    return costOf(nodes, shapes);
  };
  return {
    cell: dag.cell,
    copies: copies.length,
    nodes: dag.nodes.map((n) => ({ ...n, cost: cost(n.id, true) })),
    edges: dag.edges.map((e) => ({ ...e, cost: cost(`${e.from}->${e.to}`, false) })),
  };
}
