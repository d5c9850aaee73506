// What differs between two candidates: the decisions whose values differ (a decision active in
// only one of them counts), and per cell the edges whose operation differs or that only one has.
// Pure, so it is tested without a browser.
import type { CellDrawing } from '../src/core/space/architectureDrawing';
import type { ArchitectureDetail } from '../src/protocol/records';

export const edgeKey = (e: { from: string; to: string }) => `${e.from}->${e.to}`;

export interface ArchDifference {
  decisions: Set<string>;
  /** By cell name: keys (`from->to`) of the edges that differ. */
  edges: Map<string, Set<string>>;
}

export function compareArchitectures(a: ArchitectureDetail, b: ArchitectureDetail): ArchDifference {
  const ids = new Set([...Object.keys(a.values), ...Object.keys(b.values)]);
  const decisions = new Set([...ids].filter((id) => a.values[id] !== b.values[id]));
  const edges = new Map<string, Set<string>>();
  for (const cell of a.drawing.cells) edges.set(cell.cell, differingEdges(cell, b.drawing.cells.find((c) => c.cell === cell.cell)));
  return { decisions, edges };
}

/** Edges of `a` that `b` lacks or carries with another operation. */
export function differingEdges(a: CellDrawing, b: CellDrawing | undefined): Set<string> {
  const ops = new Map((b?.edges ?? []).map((e) => [edgeKey(e), e.op]));
  return new Set(a.edges.filter((e) => ops.get(edgeKey(e)) !== e.op).map(edgeKey));
}
