// A graph as the units a device runs: each non-free op, or a chain of ops the device fuses into
// one kernel (conv + batch norm + ReLU6, say). A unit's signature keys the device's operator
// table; its config is what a profiler needs to build and time it (plain JSON, so a browser page
// can receive it); it supersedes the per-op latency tables of ProxylessNAS/FBNet. Which consecutive op kinds fuse is the profile's `fusion` map, measured by
// hardware/opProfiling.ts.
import { OPS } from '../core/space/ops';
import type { ArchitectureGraph, GraphNode } from '../core/space/types';
import { shapesById, topologicalOrder } from './graphWalk';

export interface UnitOp {
  op: GraphNode['op'];
  attrs: GraphNode['attrs'];
  /** Output shape, batch left out. */
  shape: number[];
}

/** One unit to time: its ops in order; the first takes `inputShapes`, each next op the previous output. */
export interface OpUnitConfig {
  signature: string;
  inputShapes: number[][];
  ops: UnitOp[];
}

const SIGNATURE_ATTRS = ['kernel', 'stride', 'size', 'padding', 'useBias', 'dilation', 'top', 'left'] as const;

/** Everything that changes an op's cost, e.g. `conv2d in=28x28x16 out=14x14x32 kernel=3 stride=2 padding=same useBias=false`. */
export function opSignature(node: GraphNode, inputShapes: readonly (readonly number[])[]): string {
  const parts = [node.op, `in=${inputShapes.map((s) => s.join('x')).join('+')}`, `out=${node.shape.join('x')}`];
  for (const a of SIGNATURE_ATTRS) if (node.attrs[a] !== undefined) parts.push(`${a}=${node.attrs[a]}`);
  return parts.join(' ');
}

/** The key of a fusion rule: `conv2d>batchNorm`. */
export const pairKind = (a: string, b: string): string => `${a}>${b}`;

/** Does the node cost anything at inference? (A 1-input add is a pass-through in the built model.) */
export function isWorkNode(node: GraphNode): boolean {
  return !OPS[node.op].free && !(node.op === 'add' && node.inputs.length < 2);
}

function consumers(graph: ArchitectureGraph): Map<string, number> {
  const count = new Map<string, number>();
  for (const n of graph.nodes) for (const id of n.inputs) count.set(id, (count.get(id) ?? 0) + 1);
  return count;
}

/** The graph's units, in topological order, with chains joined where `fusion` says the device fuses them. */
export function unitsOf(graph: ArchitectureGraph, fusion: Readonly<Record<string, boolean>> = {}): OpUnitConfig[] {
  return coveredUnits(graph, fusion).map((c) => c.unit);
}

/** A unit with the ids of the graph nodes it runs (one, or each op of a fused chain, in order). */
export interface CoveredUnit {
  unit: OpUnitConfig;
  nodes: string[];
}

/** `unitsOf`, each unit with the graph nodes it covers (what a latency share is attributed to). */
export function coveredUnits(graph: ArchitectureGraph, fusion: Readonly<Record<string, boolean>> = {}): CoveredUnit[] {
  const shapes = shapesById(graph);
  const used = consumers(graph);
  const units: CoveredUnit[] = [];
  const chainEnd = new Map<string, CoveredUnit>();
  for (const node of topologicalOrder(graph)) {
    if (!isWorkNode(node)) continue;
    const inputShapes = node.inputs.map((id) => shapes.get(id)!);
    const op: UnitOp = { op: node.op, attrs: node.attrs, shape: node.shape };
    const sig = opSignature(node, inputShapes);
    const prev = node.inputs.length === 1 ? chainEnd.get(node.inputs[0]) : undefined;
    const prevOp = prev?.unit.ops[prev.unit.ops.length - 1].op;
    if (prev && prevOp && used.get(node.inputs[0]) === 1 && fusion[pairKind(prevOp, node.op)] === true) {
      prev.unit.ops.push(op);
      prev.unit.signature += ` > ${sig}`;
      prev.nodes.push(node.id);
      chainEnd.delete(node.inputs[0]);
      chainEnd.set(node.id, prev);
      continue;
    }
    const covered: CoveredUnit = { unit: { signature: sig, inputShapes, ops: [op] }, nodes: [node.id] };
    units.push(covered);
    chainEnd.set(node.id, covered);
  }
  return units;
}

/** Each op-kind pair that appears as producer -> sole consumer in `graphs`, with its first example as a 2-op unit. */
export function adjacentPairs(graphs: readonly ArchitectureGraph[]): Map<string, OpUnitConfig> {
  const pairs = new Map<string, OpUnitConfig>();
  for (const graph of graphs) {
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    const shapes = shapesById(graph);
    const used = consumers(graph);
    for (const node of topologicalOrder(graph)) {
      if (!isWorkNode(node) || node.inputs.length !== 1) continue;
      const prev = byId.get(node.inputs[0])!;
      if (!isWorkNode(prev) || used.get(prev.id) !== 1) continue;
      const kind = pairKind(prev.op, node.op);
      if (pairs.has(kind)) continue;
      const inputShapes = prev.inputs.map((id) => shapes.get(id)!);
      pairs.set(kind, {
        signature: `${opSignature(prev, inputShapes)} > ${opSignature(node, [prev.shape])}`,
        inputShapes,
        ops: [
          { op: prev.op, attrs: prev.attrs, shape: prev.shape },
          { op: node.op, attrs: node.attrs, shape: node.shape },
        ],
      });
    }
  }
  return pairs;
}

/** The distinct units of `graphs` (first example of each signature). */
export function distinctUnits(graphs: readonly ArchitectureGraph[], fusion: Readonly<Record<string, boolean>>): OpUnitConfig[] {
  const seen = new Map<string, OpUnitConfig>();
  for (const g of graphs) for (const u of unitsOf(g, fusion)) if (!seen.has(u.signature)) seen.set(u.signature, u);
  return [...seen.values()];
}
