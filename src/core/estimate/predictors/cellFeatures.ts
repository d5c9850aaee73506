// Structural features of cell spaces, which the one-hot of the decisions leaves implicit.
//
// Path encoding (BANANAS, White et al. 2021) for cells whose decisions are operations on the
// edges of a DAG (NAS-Bench-201: `cellEdge`): one feature per sequence of operations along an
// input-to-output path, counting the edge paths of the cell that carry that sequence; an edge
// whose operation is `none` cuts every path through it. There are k + k^2 + ... such sequences,
// so like BANANAS we keep the most frequent ones: ranked by their expected count under uniform
// sampling (short paths first), at most MAX_PATH_FEATURES per cell. NAS-Bench-201 has 84 (4 + 16
// + 64 sequences of its four non-`none` operations) and keeps all.
//
// Edge encoding for DARTS-style cells, whose nodes choose their inputs (`cells.<c>.node<k>.inputs`,
// options `i+j`) and an operation per input (`...op0`, `...op1`): one feature per (node, input,
// operation), 1 when the node reads that input through that operation. The adjacency and the
// operations together, independent of which of its two slots an input took.

import type { SearchSpace } from '../../space/searchSpace';

export const MAX_PATH_FEATURES = 200;
/** Graph features take every subset of a cell's operations up to this many operations (2^6 - 1 subsets), else the single operations and all of them. */
export const MAX_SUBSET_OPS = 6;

/** Adds a candidate's structural features to `out` from `offset`; `width` of them. */
export interface StructureFeatures {
  readonly width: number;
  write(encoding: readonly number[], out: number[], offset: number): void;
}

/** Path and DARTS edge features of the space's cells (width 0 for a space without cells). */
export function cellFeatures(space: SearchSpace): StructureFeatures {
  return concatenated([...pathEncodings(space), ...dartsEdgeEncodings(space)]);
}

/** One cell's edge paths (as decision indices) from its input node to its output node. */
function edgePaths(edges: { decision: number; from: number; to: number }[]): number[][] {
  const input = Math.min(...edges.map((e) => e.from));
  const output = Math.max(...edges.map((e) => e.to));
  const out: number[][] = [];
  const walk = (node: number, path: number[]) => {
    if (node === output) return void out.push(path);
    for (const e of edges) if (e.from === node) walk(e.to, [...path, e.decision]);
  };
  walk(input, []);
  return out;
}

/** The edges of each cell whose decisions are edge operations (NAS-Bench-201 style), by cell. */
function cellEdges(space: SearchSpace): { decision: number; from: number; to: number }[][] {
  const byCell = new Map<string, { decision: number; from: number; to: number }[]>();
  space.decisions.forEach((d, decision) => {
    if (d.cellEdge) byCell.set(d.cellEdge.cell, [...(byCell.get(d.cellEdge.cell) ?? []), { decision, ...d.cellEdge }]);
  });
  return [...byCell.values()];
}

/**
 * Graph features of edge-operation cells (GRAF, Kadlecová et al. 2024, "Surprisingly strong
 * performance prediction with neural graph features"): per cell, how many edges carry each
 * operation, and for each subset of the operations other than `none` the number of
 * input-to-output paths whose edges all carry one of them, the shortest and the longest (0 when
 * there is none). What trees cannot assemble from a one-hot in a few splits: "three convolutions",
 * "a path of convolutions only, two long". On NAS-Bench-201 from 50 labels with the zero-cost
 * scores they raised the trees' Kendall tau from 0.73 to 0.76 (bench/README.md).
 */
export function graphFeatures(space: SearchSpace): StructureFeatures {
  const parts = cellEdges(space).map((edges): StructureFeatures => {
    const paths = edgePaths(edges);
    const options = space.decisions[edges[0].decision].options.map(String);
    const ops = options.flatMap((o, i) => (o === 'none' ? [] : [i]));
    const subsets: Set<string>[] = [];
    if (ops.length <= MAX_SUBSET_OPS) {
      for (let mask = 1; mask < 1 << ops.length; mask++) subsets.push(new Set(ops.filter((_, i) => mask & (1 << i)).map((o) => options[o])));
    } else {
      subsets.push(...ops.map((o) => new Set([options[o]])), new Set(ops.map((o) => options[o])));
    }
    return {
      width: options.length + 3 * subsets.length,
      write(encoding, out, offset) {
        const opOf = (d: number) => opName(space, encoding, d);
        for (const e of edges) {
          const i = options.indexOf(opOf(e.decision));
          if (i >= 0) out[offset + i]++;
        }
        subsets.forEach((subset, k) => {
          let count = 0, shortest = Infinity, longest = 0;
          for (const path of paths) {
            if (!path.every((d) => subset.has(opOf(d)))) continue;
            count++;
            shortest = Math.min(shortest, path.length);
            longest = Math.max(longest, path.length);
          }
          const at = offset + options.length + 3 * k;
          out[at] = count;
          out[at + 1] = count > 0 ? shortest : 0;
          out[at + 2] = longest;
        });
      },
    };
  });
  return concatenated(parts);
}

function concatenated(parts: StructureFeatures[]): StructureFeatures {
  return {
    width: parts.reduce((a, p) => a + p.width, 0),
    write(encoding, out, offset) {
      for (const p of parts) {
        p.write(encoding, out, offset);
        offset += p.width;
      }
    },
  };
}

function pathEncodings(space: SearchSpace): StructureFeatures[] {
  return cellEdges(space).map((edges) => {
    const paths = edgePaths(edges);
    // Every operation sequence a path can carry, with its expected count under uniform sampling.
    const expected = new Map<string, number>();
    for (const path of paths) {
      const walk = (i: number, ops: string[], p: number) => {
        if (i === path.length) return void expected.set(ops.join('>'), (expected.get(ops.join('>')) ?? 0) + p);
        const options = space.decisions[path[i]].options;
        for (const o of options) if (o !== 'none') walk(i + 1, [...ops, String(o)], p / options.length);
      };
      walk(0, [], 1);
    }
    const kept = [...expected].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_PATH_FEATURES);
    const index = new Map(kept.map(([seq], i) => [seq, i]));
    return {
      width: kept.length,
      write(encoding, out, offset) {
        for (const path of paths) {
          const ops = path.map((d) => opName(space, encoding, d));
          if (ops.includes('none')) continue;
          const i = index.get(ops.join('>'));
          if (i !== undefined) out[offset + i]++;
        }
      },
    };
  });
}

const DARTS_INPUTS = /^cells\.([^.]+)\.node(\d+)\.inputs$/;

function dartsEdgeEncodings(space: SearchSpace): StructureFeatures[] {
  const ids = new Map(space.decisions.map((d, i) => [d.id, i]));
  const nodes: { inputs: number; ops: number[] }[] = [];
  for (const [id, inputs] of ids) {
    const m = DARTS_INPUTS.exec(id);
    if (!m) continue;
    const ops = [0, 1, 2, 3].map((k) => ids.get(`cells.${m[1]}.node${m[2]}.op${k}`)).filter((d): d is number => d !== undefined);
    if (ops.length === 0) continue;
    nodes.push({ inputs, ops });
  }
  return nodes.map(({ inputs, ops }) => {
    // Feature (input j, operation o) of this node, over the inputs its options name and the operations of its op decisions.
    const choices = space.decisions[inputs].options.map((o) => String(o).split('+').map(Number));
    const predecessors = [...new Set(choices.flat())].sort((a, b) => a - b);
    const opNames = [...new Set(ops.flatMap((d) => space.decisions[d].options.map(String)))];
    const column = new Map(predecessors.flatMap((j, pj) => opNames.map((o, po) => [`${j}:${o}`, pj * opNames.length + po] as [string, number])));
    return {
      width: column.size,
      write(encoding, out, offset) {
        if (encoding[inputs] < 0) return;
        choices[encoding[inputs]].forEach((j, slot) => {
          const d = ops[slot];
          if (d === undefined || encoding[d] < 0) return;
          out[offset + column.get(`${j}:${String(space.decisions[d].options[encoding[d]])}`)!]++;
        });
      },
    };
  });
}

/** The operation decision `d` chose in `encoding`, by name; 'none' when it is inactive (-1). */
function opName(space: SearchSpace, encoding: readonly number[], d: number): string {
  return encoding[d] >= 0 ? String(space.decisions[d].options[encoding[d]]) : 'none';
}
