// Helpers for walking an ArchitectureGraph: node lookup, topological order, input shapes.
import type { ArchitectureGraph, GraphNode } from '../core/space/types';

export { topologicalOrder } from '../core/space/graphOrder';

export function elements(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function numAttr(node: GraphNode, name: string): number {
  const v = node.attrs[name];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`graph: node "${node.id}" (${node.op}) needs a numeric attribute "${name}", got ${JSON.stringify(v)}`);
  return v;
}

export function shapesById(graph: ArchitectureGraph): Map<string, number[]> {
  return new Map(graph.nodes.map((n) => [n.id, n.shape]));
}
