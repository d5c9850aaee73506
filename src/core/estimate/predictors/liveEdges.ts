// The function-level encoding of a candidate in a cell space: every cell-edge decision that no
// input-to-output path of its cell uses (its operation is `none`, or nothing reaches its start,
// or its end reaches nothing) becomes inactive (-1). Candidates that differ only on such edges
// compute the same function, so a surrogate on this encoding shares what it learns among them and
// sees their different results as noise. On NAS-Bench-201 about 40% of the cells have a dead edge,
// and most of the low-latency end of the c10_valid / edgegpu_lat front is such equivalents, which
// differ by training and measurement noise alone. Decisions that are not cell edges are kept.

import type { SearchSpace } from '../../space/searchSpace';

interface CellEdge {
  decision: number;
  from: number;
  to: number;
}

/** A function from an encoding to its live-edge form (the identity for a space without cell edges). */
export function liveEdgeEncoder(space: SearchSpace): (encoding: readonly number[]) => number[] {
  const cells = new Map<string, CellEdge[]>();
  space.decisions.forEach((d, decision) => {
    if (d.cellEdge) cells.set(d.cellEdge.cell, [...(cells.get(d.cellEdge.cell) ?? []), { decision, from: d.cellEdge.from, to: d.cellEdge.to }]);
  });
  const noneOption = space.decisions.map((d) => d.options.indexOf('none'));
  const groups = [...cells.values()];
  return (encoding) => {
    const out = [...encoding];
    for (const edges of groups) {
      const open = (e: CellEdge) => encoding[e.decision] >= 0 && encoding[e.decision] !== noneOption[e.decision];
      const input = Math.min(...edges.map((e) => e.from));
      const output = Math.max(...edges.map((e) => e.to));
      const reached = closure(input, edges.filter(open), 'forward');
      const reaching = closure(output, edges.filter(open), 'backward');
      for (const e of edges) if (!(open(e) && reached.has(e.from) && reaching.has(e.to))) out[e.decision] = -1;
    }
    return out;
  };
}

/** The nodes reachable from `start` along `edges` (forward) or that reach it (backward). */
function closure(start: number, edges: readonly CellEdge[], direction: 'forward' | 'backward'): Set<number> {
  const seen = new Set([start]);
  const stack = [start];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const e of edges) {
      const [a, b] = direction === 'forward' ? [e.from, e.to] : [e.to, e.from];
      if (a === node && !seen.has(b)) {
        seen.add(b);
        stack.push(b);
      }
    }
  }
  return seen;
}
