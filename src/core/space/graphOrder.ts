// Graph order: every consumer of an ArchitectureGraph (model builder, cost models) walks the
// nodes so that each comes after its inputs.
import type { ArchitectureGraph, GraphNode } from './types';

/** Nodes in an order where every node comes after its inputs; throws on unknown inputs or cycles. */
export function topologicalOrder(graph: ArchitectureGraph): GraphNode[] {
  const byId = new Map<string, GraphNode>();
  for (const n of graph.nodes) {
    if (byId.has(n.id)) throw new Error(`graph: node id "${n.id}" appears twice`);
    byId.set(n.id, n);
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const order: GraphNode[] = [];
  const visit = (n: GraphNode, from: string[]) => {
    const s = state.get(n.id);
    if (s === 'done') return;
    if (s === 'visiting') throw new Error(`graph: cycle through ${[...from, n.id].join(' -> ')}`);
    state.set(n.id, 'visiting');
    for (const id of n.inputs) {
      const input = byId.get(id);
      if (!input) throw new Error(`graph: node "${n.id}" reads "${id}", which is not a node of the graph`);
      visit(input, [...from, n.id]);
    }
    state.set(n.id, 'done');
    order.push(n);
  };
  for (const n of graph.nodes) visit(n, []);
  if (!byId.has(graph.output)) throw new Error(`graph: output "${graph.output}" is not a node of the graph`);
  return order;
}
