// Exact counting, ranking and unranking over the decision forest. A decision's subtree counts
// sum over its options of the product of the subtrees that option activates; the space is the
// product of the roots. Ranks are BigInts, so sizes like 10^100 are exact, and a uniform random
// rank unranks to a uniformly random architecture (not merely uniform per decision, which
// would favour shallow depths in a variable-depth space).
import type { Decision } from './types';

const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

export class DecisionForest {
  readonly roots: number[] = [];
  /** children[d][o]: decisions active when decision d takes option o. */
  readonly children: number[][][];
  /** Number of assignments of d's subtree. */
  readonly count: bigint[];
  /** weight[d][o]: number of assignments of d's subtree with d = o. */
  readonly weight: bigint[][];
  readonly size: bigint;
  /** count as a number where it is exact, else Infinity: ranks below 2^53 unrank without BigInt. */
  private readonly countNum: number[];
  /** Decisions whose options activate nothing: the option is the rank itself. */
  private readonly leaf: boolean[];

  constructor(readonly decisions: readonly Decision[]) {
    this.children = decisions.map((d) => d.options.map(() => [] as number[]));
    decisions.forEach((d, i) => {
      if (!d.parent) this.roots.push(i);
      else for (const o of d.parent.whenParent) this.children[d.parent.decision][o].push(i);
    });
    this.count = new Array<bigint>(decisions.length).fill(0n);
    this.weight = decisions.map(() => []);
    // Children always come after their parent, so a reverse sweep sees children first.
    for (let d = decisions.length - 1; d >= 0; d--) {
      this.weight[d] = this.children[d].map((kids) => kids.reduce((p, c) => p * this.count[c], 1n));
      this.count[d] = this.weight[d].reduce((a, b) => a + b, 0n);
    }
    this.size = this.roots.reduce((p, r) => p * this.count[r], 1n);
    this.countNum = this.count.map((c) => (c <= MAX_EXACT ? Number(c) : Infinity));
    this.leaf = this.children.map((kids) => kids.every((k) => k.length === 0));
  }

  isActive(d: number, encoding: readonly number[]): boolean {
    const p = this.decisions[d].parent;
    return !p || (encoding[p.decision] >= 0 && p.whenParent.includes(encoding[p.decision]));
  }

  unrank(rank: bigint): number[] {
    if (rank < 0n || rank >= this.size) throw new RangeError(`rank ${rank} is outside the space (size ${this.size})`);
    const enc = new Array<number>(this.decisions.length).fill(-1);
    this.unrankProduct(this.roots, rank, enc);
    return enc;
  }

  private unrankProduct(list: readonly number[], rank: bigint, enc: number[]): void {
    for (let i = 0; i < list.length; i++) {
      // The same arithmetic in doubles once the rank is small enough to be exact (the common case: ~10x faster).
      if (rank <= MAX_EXACT) return this.unrankProductExact(list, i, Number(rank), enc);
      const c = this.count[list[i]];
      this.unrankOne(list[i], rank % c, enc);
      rank /= c;
    }
  }

  private unrankProductExact(list: readonly number[], from: number, rank: number, enc: number[]): void {
    for (let i = from; i < list.length; i++) {
      const d = list[i];
      const c = this.countNum[d];
      const r = rank % c;
      rank = c === Infinity ? 0 : (rank - r) / c;
      if (this.leaf[d]) enc[d] = r;
      else this.unrankOne(d, BigInt(r), enc);
    }
  }

  private unrankOne(d: number, rank: bigint, enc: number[]): void {
    if (this.leaf[d]) {
      enc[d] = Number(rank);
      return;
    }
    const w = this.weight[d];
    for (let o = 0; o < w.length; o++) {
      if (rank < w[o]) {
        enc[d] = o;
        this.unrankProduct(this.children[d][o], rank, enc);
        return;
      }
      rank -= w[o];
    }
    throw new Error('unreachable: rank exceeds subtree count');
  }

  /** Inverse of unrank; the encoding must be normalized (inactive decisions are -1). */
  rank(enc: readonly number[]): bigint {
    return this.rankProduct(this.roots, enc);
  }

  private rankProduct(list: readonly number[], enc: readonly number[]): bigint {
    let rank = 0n;
    let scale = 1n;
    for (const d of list) {
      rank += this.rankOne(d, enc) * scale;
      scale *= this.count[d];
    }
    return rank;
  }

  private rankOne(d: number, enc: readonly number[]): bigint {
    const o = enc[d];
    let rank = 0n;
    for (let k = 0; k < o; k++) rank += this.weight[d][k];
    return rank + this.rankProduct(this.children[d][o], enc);
  }

  /**
   * Makes an encoding valid: inactive decisions become -1, and active ones without a valid
   * option get one from `fill` (called in decision order, so parents are settled first).
   */
  normalize(enc: readonly number[], fill: (d: number) => number): number[] {
    const out = enc.slice();
    for (let d = 0; d < out.length; d++) {
      if (!this.isActive(d, out)) out[d] = -1;
      else if (!(out[d] >= 0 && out[d] < this.decisions[d].options.length)) out[d] = fill(d);
    }
    return out;
  }

  /** null when the encoding is a member of the space, otherwise why not. */
  checkEncoding(enc: readonly number[]): string | null {
    if (enc.length !== this.decisions.length) return `encoding has ${enc.length} entries, the space has ${this.decisions.length} decisions`;
    for (let d = 0; d < enc.length; d++) {
      const active = this.isActive(d, enc);
      const v = enc[d];
      if (!Number.isInteger(v)) return `decision ${this.decisions[d].id} has a non-integer option index ${v}`;
      if (active && (v < 0 || v >= this.decisions[d].options.length)) return `decision ${this.decisions[d].id} is active but has no valid option (${v})`;
      if (!active && v !== -1) return `decision ${this.decisions[d].id} is inactive but set to ${v}`;
    }
    return null;
  }
}
