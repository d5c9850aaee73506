// Gaussian-process regression on architecture encodings with a kernel that decays with the
// Hamming distance between encodings: k(a, b) = exp(-h(a, b) / lengthScale), h counting the
// decisions whose option differs (an inactive decision, -1, is its own option). It needs nothing
// but the encodings, so it works for every SearchSpace, and it captures what cell spaces show:
// architectures one or two edits apart perform alike, without assuming additivity.
//
// The Cholesky factor of K + noise*I grows by one row per observation (O(n^2)), so a search
// that adds one result at a time never refactorises. Several targets share the factor.

export interface HammingGpOptions {
  /** Distance (in differing decisions) over which the correlation falls by e. */
  lengthScale: number;
  /** Observation noise relative to the kernel's unit variance (also keeps K well conditioned). */
  noise: number;
}

/**
 * What the model keeps about one candidate, grown as training points are added (O(n) per point):
 * its kernel values k against the training points, z = L^-1 k, and |z|^2, which give the
 * posterior mean and variance without refactorising anything.
 */
export interface CandidateCache {
  k: number[];
  z: number[];
  zz: number;
}

export function emptyCache(): CandidateCache {
  return { k: [], z: [], zz: 0 };
}

export class HammingGp {
  private readonly byDistance: Float64Array;
  private readonly encodings: Int32Array[] = [];
  private readonly targets: number[][];
  /** Lower-triangular Cholesky factor of K + noise*I, row-major in a capacity x capacity array. */
  private chol = new Float64Array(0);
  private capacity = 0;
  private fitted: { mean: number[]; variance: number[]; alpha: Float64Array[] } | null = null;

  constructor(
    private readonly decisions: number,
    targetCount: number,
    private readonly options: HammingGpOptions,
  ) {
    if (!(options.lengthScale > 0)) throw new RangeError(`HammingGp: lengthScale must be > 0, got ${options.lengthScale}`);
    if (!(options.noise > 0)) throw new RangeError(`HammingGp: noise must be > 0, got ${options.noise}`);
    this.byDistance = Float64Array.from({ length: decisions + 1 }, (_, h) => Math.exp(-h / options.lengthScale));
    this.targets = Array.from({ length: targetCount }, () => []);
  }

  get size(): number {
    return this.encodings.length;
  }

  kernel(a: ArrayLike<number>, b: ArrayLike<number>): number {
    let h = 0;
    for (let d = 0; d < this.decisions; d++) if (a[d] !== b[d]) h++;
    return this.byDistance[h];
  }

  /** Adds one observation; every target value must be finite. */
  add(encoding: readonly number[], values: readonly number[]): void {
    if (encoding.length !== this.decisions) throw new RangeError(`HammingGp: expected ${this.decisions} decisions, got ${encoding.length}`);
    if (values.length !== this.targets.length || !values.every(Number.isFinite)) {
      throw new RangeError(`HammingGp: expected ${this.targets.length} finite target values, got [${values.join(', ')}]`);
    }
    const x = Int32Array.from(encoding);
    const n = this.encodings.length;
    this.reserve(n + 1);
    const c = this.capacity;
    const l = this.chol;
    // Row n of the factor: solve L[0..n) l = k(x, X), then the diagonal.
    let diag = 1 + this.options.noise;
    for (let r = 0; r < n; r++) {
      let s = this.kernel(x, this.encodings[r]);
      for (let q = 0; q < r; q++) s -= l[r * c + q] * l[n * c + q];
      const v = s / l[r * c + r];
      l[n * c + r] = v;
      diag -= v * v;
    }
    l[n * c + n] = Math.sqrt(Math.max(diag, 1e-12));
    this.encodings.push(x);
    values.forEach((v, t) => this.targets[t].push(v));
    this.fitted = null;
  }

  /** Extends the kernel values of `cache` to every training point (O(decisions) per new point). */
  extend(encoding: readonly number[], cache: CandidateCache = emptyCache()): CandidateCache {
    for (let j = cache.k.length; j < this.encodings.length; j++) cache.k.push(this.kernel(encoding, this.encodings[j]));
    return cache;
  }

  /** Posterior means, one per target (the targets' means while there is no data). */
  predict({ k }: CandidateCache, out: number[] = new Array<number>(this.targets.length)): number[] {
    const f = this.fit();
    for (let t = 0; t < f.alpha.length; t++) {
      const alpha = f.alpha[t];
      let s = f.mean[t];
      for (let j = 0; j < alpha.length; j++) s += k[j] * alpha[j];
      out[t] = s;
    }
    return out;
  }

  /**
   * Posterior standard deviations, one per target. Brings z = L^-1 k up to date first: O(n) per
   * training point added since the last call, O(n^2) for a new candidate, so callers ask only
   * for candidates whose deviation can change a decision.
   */
  stdDev(cache: CandidateCache, out: number[] = new Array<number>(this.targets.length)): number[] {
    const f = this.fit();
    const c = this.capacity;
    const l = this.chol;
    const { k, z } = cache;
    for (let j = z.length; j < k.length; j++) {
      let s = k[j];
      for (let q = 0; q < j; q++) s -= l[j * c + q] * z[q];
      const zj = s / l[j * c + j];
      z.push(zj);
      cache.zz += zj * zj;
    }
    const share = Math.max(0, 1 - cache.zz);
    for (let t = 0; t < f.variance.length; t++) out[t] = Math.sqrt(f.variance[t] * share);
    return out;
  }

  /** Prior standard deviations (an upper bound of every posterior one), one per target. */
  priorStdDev(): number[] {
    return this.fit().variance.map(Math.sqrt);
  }

  private fit(): { mean: number[]; variance: number[]; alpha: Float64Array[] } {
    if (this.fitted) return this.fitted;
    const n = this.encodings.length;
    const mean = this.targets.map((y) => (n === 0 ? 0 : y.reduce((a, b) => a + b, 0) / n));
    const variance = this.targets.map((y, t) => (n === 0 ? 0 : y.reduce((a, b) => a + (b - mean[t]) ** 2, 0) / n));
    const alpha = this.targets.map((y, t) => this.solve(y.map((v) => v - mean[t])));
    this.fitted = { mean, variance, alpha };
    return this.fitted;
  }

  /** (K + noise I)^-1 b through the factor. */
  private solve(b: readonly number[]): Float64Array {
    const n = b.length;
    const c = this.capacity;
    const l = this.chol;
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = b[i];
      for (let k = 0; k < i; k++) s -= l[i * c + k] * z[k];
      z[i] = s / l[i * c + i];
    }
    // Back substitution with L^T, column by column so the factor is read along its rows.
    const w = z;
    for (let i = n - 1; i >= 0; i--) {
      const wi = (w[i] /= l[i * c + i]);
      for (let k = 0; k < i; k++) w[k] -= l[i * c + k] * wi;
    }
    return w;
  }

  private reserve(rows: number): void {
    if (rows <= this.capacity) return;
    const capacity = Math.max(rows, this.capacity * 2, 64);
    const next = new Float64Array(capacity * capacity);
    for (let r = 0; r < this.encodings.length; r++) {
      next.set(this.chol.subarray(r * this.capacity, r * this.capacity + r + 1), r * capacity);
    }
    this.chol = next;
    this.capacity = capacity;
  }
}
