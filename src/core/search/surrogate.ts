// A linear surrogate on the one-hot encoding (one feature per active decision option), fitted by
// ridge regression per objective. On cell spaces hardware cost is close to additive over the
// chosen operations and accuracy is partly so; cheap enough to refit after every result
// (normal equations of size features+1, accumulated incrementally).

import type { Decision } from '../space/types';

export class LinearSurrogate {
  private readonly offsets: number[];
  private readonly dim: number;
  /** X^T X and X^T y per target, with a leading bias feature. */
  private readonly xtx: Float64Array;
  private readonly xty: Float64Array[];
  private count = 0;
  private weights: Float64Array[] | null = null;

  constructor(
    decisions: readonly Decision[],
    private readonly targets: number,
    private readonly ridge = 1e-1,
  ) {
    let off = 1;
    this.offsets = decisions.map((d) => {
      const o = off;
      off += d.options.length;
      return o;
    });
    this.dim = off;
    this.xtx = new Float64Array(this.dim * this.dim);
    this.xty = Array.from({ length: targets }, () => new Float64Array(this.dim));
  }

  get samples(): number {
    return this.count;
  }

  private features(encoding: readonly number[]): number[] {
    const idx = [0];
    encoding.forEach((o, d) => { if (o >= 0 && d < this.offsets.length) idx.push(this.offsets[d] + o); });
    return idx;
  }

  /** Adds one observation (all targets finite). */
  add(encoding: readonly number[], y: readonly number[]): void {
    if (y.length !== this.targets || !y.every(Number.isFinite)) return;
    const f = this.features(encoding);
    for (const i of f) {
      for (const j of f) this.xtx[i * this.dim + j] += 1;
      for (let t = 0; t < this.targets; t++) this.xty[t][i] += y[t];
    }
    this.count++;
    this.weights = null;
  }

  predict(encoding: readonly number[]): number[] {
    if (!this.weights) this.weights = this.xty.map((b) => solveRidge(this.xtx, b, this.dim, this.ridge));
    const f = this.features(encoding);
    return this.weights.map((w) => f.reduce((s, i) => s + w[i], 0));
  }
}

/** Solves (A + ridge I) w = b by Cholesky; the bias (index 0) is not penalised. */
function solveRidge(a: Float64Array, b: Float64Array, n: number, ridge: number): Float64Array {
  const m = Float64Array.from(a);
  for (let i = 0; i < n; i++) m[i * n + i] += i === 0 ? 1e-9 : ridge;
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = m[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / l[j * n + j];
    }
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * z[k];
    z[i] = s / l[i * n + i];
  }
  const w = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * w[k];
    w[i] = s / l[i * n + i];
  }
  return w;
}
