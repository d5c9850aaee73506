// A Gaussian process whose kernel compares the cells' path encodings (cellFeatures.ts) instead of
// the decisions: k(a, b) = exp(-d(a, b) / lengthScale), d the weighted Jaccard distance of the two
// multisets of operation paths (sum |pa - pb| / sum (pa + pb), 0 to 1). Candidates computing the
// same function (they differ on dead edges) are at distance 0, and an edit weighs by the share of
// the function it changes: on a cell whose only path is one skip, making it a convolution
// changes everything (d = 1), while one edit in a cell of many paths changes a few of them. The
// Hamming kernel counts both as one decision.

import type { SearchSpace } from '../../space/searchSpace';
import { cellFeatures, type StructureFeatures } from './cellFeatures';
import { HammingGp, type HammingGpOptions } from './hammingGp';

export class PathGp extends HammingGp {
  private readonly structure: StructureFeatures;
  private readonly paths = new Map<string, Float64Array>();
  private readonly scale: number;

  constructor(
    space: SearchSpace,
    targetCount: number,
    options: HammingGpOptions,
    /** The path kernel's length scale. */
    pathScale: number,
    /** Weight of the path kernel; the rest is the Hamming kernel's (a sum of kernels is one). */
    private readonly weight = 1,
  ) {
    super(space.decisions.length, targetCount, options);
    this.structure = cellFeatures(space);
    this.scale = pathScale;
  }

  override kernel(a: ArrayLike<number>, b: ArrayLike<number>): number {
    const pa = this.pathsOf(a);
    const pb = this.pathsOf(b);
    let differ = 0;
    let total = 0;
    for (let i = 0; i < pa.length; i++) {
      differ += Math.abs(pa[i] - pb[i]);
      total += pa[i] + pb[i];
    }
    const path = Math.exp(-(total > 0 ? differ / total : 0) / this.scale);
    return this.weight === 1 ? path : this.weight * path + (1 - this.weight) * super.kernel(a, b);
  }

  private pathsOf(encoding: ArrayLike<number>): Float64Array {
    const key = Array.prototype.join.call(encoding, ',');
    let p = this.paths.get(key);
    if (!p) {
      const out = new Array<number>(this.structure.width).fill(0);
      this.structure.write(Array.from(encoding), out, 0);
      p = Float64Array.from(out);
      this.paths.set(key, p);
    }
    return p;
  }
}
