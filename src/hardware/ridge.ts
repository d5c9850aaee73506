// Ridge regression with an unpenalised intercept, the penalty chosen by k-fold cross-validation:
// the small correction models fitted on a few end-to-end latency measurements. A handful of
// features and at most a few thousand rows, so plain normal equations are enough.

export interface RidgeFit {
  intercept: number;
  weights: number[];
  lambda: number;
}

/** Solves the symmetric positive-definite system a x = b (Gaussian elimination with partial pivoting). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    if (Math.abs(m[c][c]) < 1e-12) continue;
    for (let r = c + 1; r < n; r++) {
      const k = m[r][c] / m[c][c];
      for (let j = c; j <= n; j++) m[r][j] -= k * m[c][j];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    if (Math.abs(m[r][r]) < 1e-12) continue;
    let s = m[r][n];
    for (let j = r + 1; j < n; j++) s -= m[r][j] * x[j];
    x[r] = s / m[r][r];
  }
  return x;
}

/**
 * Weighted ridge: minimises sum w_i (y_i - b - x_i.beta)^2 + lambda |beta|^2 on standardised
 * columns. `rowWeights` (default 1): 1/y^2 makes it fit relative errors.
 */
export function ridge(x: readonly (readonly number[])[], y: readonly number[], lambda: number, rowWeights?: readonly number[]): RidgeFit {
  const n = y.length;
  const d = x[0]?.length ?? 0;
  const w = rowWeights ?? new Array<number>(n).fill(1);
  const sw = w.reduce((s, v) => s + v, 0);
  const mean = Array.from({ length: d }, (_, j) => x.reduce((s, row, i) => s + w[i] * row[j], 0) / sw);
  const scale = Array.from({ length: d }, (_, j) => Math.sqrt(x.reduce((s, row, i) => s + w[i] * (row[j] - mean[j]) ** 2, 0) / sw) || 1);
  const ym = y.reduce((s, v, i) => s + w[i] * v, 0) / sw;
  const z = x.map((row) => row.map((v, j) => (v - mean[j]) / scale[j]));
  const a = Array.from({ length: d }, (_, p) => Array.from({ length: d }, (_, q) => z.reduce((s, row, i) => s + w[i] * row[p] * row[q], 0) / sw + (p === q ? lambda : 0)));
  const b = Array.from({ length: d }, (_, p) => z.reduce((s, row, i) => s + w[i] * row[p] * (y[i] - ym), 0) / sw);
  const beta = d ? solve(a, b) : [];
  const weights = beta.map((v, j) => v / scale[j]);
  return { intercept: ym - weights.reduce((s, v, j) => s + v * mean[j], 0), weights, lambda };
}

/** A linear fit's prediction for one row: intercept + weights . row (ridge's, or any of that shape). */
export function predictLinear(fit: Pick<RidgeFit, 'intercept' | 'weights'>, row: readonly number[]): number {
  return fit.intercept + fit.weights.reduce((s, v, j) => s + v * row[j], 0);
}

/** Fold of each row (deterministic: row i in fold i mod k). */
const foldOf = (i: number, k: number): number => i % k;

/** Out-of-fold predictions of ridge at `lambda` with k folds. */
function crossValidated(x: readonly (readonly number[])[], y: readonly number[], lambda: number, k: number, relative: boolean): number[] {
  return outOfFold(y.length, k, (train, test) => {
    const fit = ridge(train.map((i) => x[i]), train.map((i) => y[i]), lambda, relative ? train.map((i) => 1 / y[i] ** 2) : undefined);
    return test.map((i) => predictLinear(fit, x[i]));
  });
}

/** k-fold out-of-fold predictions of n rows (row i in fold i mod k): `fitPredict` fits on `train` and predicts `test`, in order. */
export function outOfFold(n: number, k: number, fitPredict: (train: number[], test: number[]) => number[]): number[] {
  const out = new Array<number>(n);
  for (let f = 0; f < k; f++) {
    const train = [...Array(n).keys()].filter((i) => foldOf(i, k) !== f);
    const test = [...Array(n).keys()].filter((i) => foldOf(i, k) === f);
    fitPredict(train, test).forEach((p, j) => (out[test[j]] = p));
  }
  return out;
}

const LAMBDAS = [1e-4, 1e-3, 1e-2, 3e-2, 0.1, 0.3, 1, 3, 10];

/**
 * The fit at the penalty whose k-fold predictions have the least mean relative error, with those
 * out-of-fold predictions (the fit's cross-validated error). Relative weights: latencies span
 * orders of magnitude and the figures that matter are relative.
 */
export function ridgeCv(x: readonly (readonly number[])[], y: readonly number[], k = Math.min(5, y.length)): { fit: RidgeFit; outOfFold: number[] } {
  let best: { lambda: number; err: number; oof: number[] } | undefined;
  for (const lambda of LAMBDAS) {
    const oof = crossValidated(x, y, lambda, k, true);
    const err = oof.reduce((s, p, i) => s + Math.abs(p - y[i]) / y[i], 0);
    if (!best || err < best.err) best = { lambda, err, oof };
  }
  const lambda = best!.lambda;
  return { fit: ridge(x, y, lambda, y.map((v) => 1 / v ** 2)), outOfFold: best!.oof };
}
