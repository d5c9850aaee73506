// The two matrix results the zero-cost proxies need, in double precision on small (batch x
// batch) matrices: eigenvalues of a symmetric matrix (jacov) and log|det| (NASWOT).

/** Row-major n x n. */
export type Matrix = Float64Array;

/** Eigenvalues of a symmetric matrix by cyclic Jacobi rotations (a batch of 64 converges in a few sweeps). */
export function symmetricEigenvalues(input: ArrayLike<number>, n: number): number[] {
  const a = Float64Array.from(input);
  if (a.length !== n * n) throw new Error(`symmetricEigenvalues: expected ${n * n} entries, got ${a.length}`);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diagonal = 0;
    for (let i = 0; i < n; i++) {
      diagonal += a[i * n + i] ** 2;
      for (let j = i + 1; j < n; j++) off += a[i * n + j] ** 2;
    }
    if (off <= 1e-30 * Math.max(diagonal, 1e-300)) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  return Array.from({ length: n }, (_, i) => a[i * n + i]);
}

/** log |det| by LU decomposition with partial pivoting; -Infinity for a singular matrix. */
export function logAbsDeterminant(input: ArrayLike<number>, n: number): number {
  const a = Float64Array.from(input);
  if (a.length !== n * n) throw new Error(`logAbsDeterminant: expected ${n * n} entries, got ${a.length}`);
  let sum = 0;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r * n + col]) > Math.abs(a[pivot * n + col])) pivot = r;
    const p = a[pivot * n + col];
    if (p === 0) return -Infinity;
    if (pivot !== col) {
      for (let k = 0; k < n; k++) {
        const tmp = a[col * n + k];
        a[col * n + k] = a[pivot * n + k];
        a[pivot * n + k] = tmp;
      }
    }
    sum += Math.log(Math.abs(p));
    for (let r = col + 1; r < n; r++) {
      const f = a[r * n + col] / p;
      if (f === 0) continue;
      for (let k = col; k < n; k++) a[r * n + k] -= f * a[col * n + k];
    }
  }
  return sum;
}
