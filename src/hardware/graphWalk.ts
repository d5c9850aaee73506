// Helpers for walking an ArchitectureGraph: topological order, element counts, input shapes.
import type { ArchitectureGraph } from '../core/space/types';

export { topologicalOrder } from '../core/space/graphOrder';

export function elements(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function shapesById(graph: ArchitectureGraph): Map<string, number[]> {
  return new Map(graph.nodes.map((n) => [n.id, n.shape]));
}
