// What the space needs from each cell: its part of an architecture's key (and back), and what
// the cell computes: whether an operation is wasted (degenerate) and which member of its class of
// identical networks is the canonical one. Each cell family (layers/cellStack.ts for NAS-Bench-201,
// layers/dartsCells.ts for DARTS) implements it; space.ts and the search read only this.

import type { Rng } from '../rng';

export interface CellAnalysis {
  /** Some operation lies on no path from a cell input to the cell output (or reads an input that is always zero). */
  degenerate: boolean;
  /** The cell's output is zero whatever its input (e.g. NAS-Bench-201's all-`none` cell). */
  zeroOutput: boolean;
}

/**
 * A cell as drawn: its nodes and, on each edge, the operation chosen there. An edge is dead when
 * it changes nothing: its op is `none`, it reads a node that is always zero, or it leads nowhere
 * near the output. Node and edge ids (`2`, `0->2`) are those of GraphNode.part.
 */
export interface CellDag {
  cell: string;
  nodes: { id: string; label: string; role: 'input' | 'node' | 'output' }[];
  edges: { from: string; to: string; op: string; dead: boolean }[];
}

export interface CellCodec {
  readonly name: string;
  /** Indices of the decisions this cell owns (its edges, or its nodes' inputs and operations). */
  readonly decisions: readonly number[];
  /** The cell's part of the key, e.g. `|nor_conv_3x3~0|+...` or `normal=[(sep_conv_3x3,0),...]`. */
  key(enc: readonly number[]): string;
  /** Sets the cell's decisions in `enc` from its key part; a reason when the text is not one. */
  parse(text: string, enc: number[]): string | null;
  analyse(enc: readonly number[]): CellAnalysis;
  /** The cell of this architecture as a DAG, dead edges marked. */
  dag(enc: readonly number[]): CellDag;
  /**
   * Rewrites the cell's decisions in `enc` to the canonical member of its class: wasted
   * operations removed where the op list has `none`, then the smallest encoding over the
   * relabellings of intermediate nodes that keep the cell a member. Same class, same result.
   */
  canonicalize(enc: number[]): void;
  /** Exact number of degenerate assignments of the cell's decisions, or null when it cannot count them cheaply. */
  degenerateCount(): bigint | null;
  /**
   * Mutates decision `d` of the cell in `enc` where another option of `d` is not the natural
   * step (a DARTS node swaps one input and keeps the op on it); false leaves it to the space,
   * which picks another option of `d`.
   */
  mutate?(enc: number[], d: number, rng: Rng): boolean;
}

/** Cells up to this many assignments are counted by enumeration (at most a few tenths of a second). */
export const ENUMERABLE_CELL = 100_000;

/** Counts degenerate assignments by enumerating the cell's decisions (mixed radix over `radices`). */
export function countByEnumeration(codec: CellCodec, radices: readonly number[]): bigint | null {
  const total = radices.reduce((p, r) => p * r, 1);
  if (total > ENUMERABLE_CELL) return null;
  const ds = codec.decisions;
  const enc = new Array<number>(Math.max(...ds) + 1).fill(-1);
  ds.forEach((d) => (enc[d] = 0));
  let degenerate = 0;
  for (let n = 0; n < total; n++) {
    if (codec.analyse(enc).degenerate) degenerate++;
    for (let i = 0; i < ds.length; i++) {
      if (++enc[ds[i]] < radices[i]) break;
      enc[ds[i]] = 0;
    }
  }
  return BigInt(degenerate);
}

/** Every permutation of 0..n-1 (n small: a cell's intermediate nodes). */
export function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  const out: number[][] = [];
  for (const p of permutations(n - 1)) {
    for (let i = 0; i <= p.length; i++) out.push([...p.slice(0, i), n - 1, ...p.slice(i)]);
  }
  return out;
}

/** Relabellings are tried up to this many intermediate nodes (6! = 720 per canonical key). */
export const MAX_RELABELLED_NODES = 6;

/** Lexicographic comparison of two encodings restricted to `ds`. */
export function compareAt(a: readonly number[], b: readonly number[], ds: readonly number[]): number {
  for (const d of ds) if (a[d] !== b[d]) return a[d] - b[d];
  return 0;
}
