// Non-negative least squares (Lawson and Hanson's active-set method): the latency models whose
// terms are costs, which cannot be negative (a device's latency as a non-negative mix of other
// devices' latencies, an op's cost per count). A few dozen columns and rows, so normal equations
// on the passive set are enough.

/** Least squares of `a` x = b on the columns in `cols` only (others 0), by normal equations; undefined when singular. */
function solveOn(a: readonly (readonly number[])[], b: readonly number[], cols: readonly number[]): number[] | undefined {
  const k = cols.length;
  const m = cols.map((p) => [...cols.map((q) => a.reduce((s, row) => s + row[p] * row[q], 0)), a.reduce((s, row, i) => s + row[p] * b[i], 0)]);
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) piv = r;
    [m[c], m[piv]] = [m[piv], m[c]];
    if (Math.abs(m[c][c]) < 1e-12) return undefined;
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let j = c; j <= k; j++) m[r][j] -= f * m[c][j];
    }
  }
  return m.map((row, i) => row[k] / row[i]);
}

/**
 * argmin |a x - b| subject to x >= 0, except the columns in `free` (e.g. an intercept), which
 * may take any sign: each is split into a positive and a negative part.
 */
export function nnls(a: readonly (readonly number[])[], b: readonly number[], free: readonly number[] = []): number[] {
  const d = a[0]?.length ?? 0;
  const split = a.map((row) => [...row, ...free.map((j) => -row[j])]);
  const n = d + free.length;
  const x = new Array<number>(n).fill(0);
  const passive = new Set<number>();
  const dependent = new Set<number>();
  const residual = () => b.map((v, i) => v - split[i].reduce((s, aij, j) => s + aij * x[j], 0));
  const gradient = () => {
    const r = residual();
    return Array.from({ length: n }, (_, j) => split.reduce((s, row, i) => s + row[j] * r[i], 0));
  };
  for (let iter = 0; iter < 3 * n + 10; iter++) {
    const w = gradient();
    let enter = -1;
    for (let j = 0; j < n; j++) if (!passive.has(j) && !dependent.has(j) && w[j] > 1e-10 && (enter < 0 || w[j] > w[enter])) enter = j;
    if (enter < 0) break;
    passive.add(enter);
    for (let inner = 0; inner < 3 * n + 10; inner++) {
      const cols = [...passive].sort((p, q) => p - q);
      const z = solveOn(split, b, cols);
      if (!z) {
        // A column dependent on the passive ones adds nothing: leave it out for good.
        passive.delete(enter);
        dependent.add(enter);
        break;
      }
      if (z.every((v) => v > 0)) {
        cols.forEach((c, i) => (x[c] = z[i]));
        break;
      }
      // Step from x towards z as far as every passive variable stays >= 0, drop those that reach 0.
      let alpha = 1;
      cols.forEach((c, i) => {
        if (z[i] <= 0) alpha = Math.min(alpha, x[c] / (x[c] - z[i]));
      });
      cols.forEach((c, i) => {
        x[c] += alpha * (z[i] - x[c]);
        if (x[c] <= 1e-14) {
          x[c] = 0;
          passive.delete(c);
        }
      });
    }
  }
  const out = x.slice(0, d);
  free.forEach((j, i) => (out[j] -= x[d + i]));
  return out;
}
