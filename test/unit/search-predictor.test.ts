import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src/core/rng';
import { hypervolume } from '../../src/core/search/hypervolume';
import { paretoFront } from '../../src/core/search/pareto';
import { FrontGain, REFERENCE_MARGIN, gain2d } from '../../src/core/estimate/predictors/acquisition';
import { HammingGp, emptyCache } from '../../src/core/estimate/predictors/hammingGp';

/** Dense Gaussian elimination with partial pivoting: the brute force the incremental factor must match. */
function solveDense(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = col + 1; r < n; r++) {
      const f = m[r][col] / m[col][col];
      for (let c = col; c <= n; c++) m[r][c] -= f * m[col][c];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n];
    for (let c = r + 1; c < n; c++) s -= m[r][c] * x[c];
    x[r] = s / m[r][r];
  }
  return x;
}

function randomEncoding(rng: Rng, decisions: number, options: number): number[] {
  // -1 (inactive) is its own option, as in spaces with variable depth.
  return Array.from({ length: decisions }, () => rng.int(options + 1) - 1);
}

test('HammingGp: incremental posterior equals the dense GP solution (means and deviations)', () => {
  const rng = new Rng(11);
  const decisions = 5;
  const opts = { lengthScale: 0.8, noise: 0.05 };
  const gp = new HammingGp(decisions, 2, opts);
  const xs: number[][] = [];
  const ys: number[][] = [];
  const queries = Array.from({ length: 6 }, () => randomEncoding(rng, decisions, 3));
  const caches = queries.map(() => emptyCache());
  for (let n = 1; n <= 40; n++) {
    const x = randomEncoding(rng, decisions, 3);
    const y = [rng.next() * 10, x.reduce((s, o) => s + o, 0) + rng.next()];
    gp.add(x, y);
    xs.push(x);
    ys.push(y);
    // Caches are extended as points arrive (some every step, some only at the end).
    if (n % 7 !== 0 && n !== 40) continue;
    const k = (a: number[], b: number[]) => Math.exp(-a.filter((v, d) => v !== b[d]).length / opts.lengthScale);
    const kmat = xs.map((a, i) => xs.map((b, j) => k(a, b) + (i === j ? opts.noise : 0)));
    queries.forEach((q, qi) => {
      const cache = gp.extend(q, caches[qi]);
      const kq = xs.map((a) => k(q, a));
      const mean = gp.predict(cache);
      const sd = gp.stdDev(cache);
      const reduction = kq.reduce((s, v, i) => s + v * solveDense(kmat, kq)[i], 0);
      for (let t = 0; t < 2; t++) {
        const col = ys.map((y) => y[t]);
        const mu = col.reduce((a, b) => a + b, 0) / col.length;
        const variance = col.reduce((a, b) => a + (b - mu) ** 2, 0) / col.length;
        const alpha = solveDense(kmat, col.map((v) => v - mu));
        const expected = mu + kq.reduce((s, v, i) => s + v * alpha[i], 0);
        assert.ok(Math.abs(mean[t] - expected) < 1e-8, `n=${n} target ${t}: mean ${mean[t]} vs ${expected}`);
        const expectedSd = Math.sqrt(variance * Math.max(0, 1 - reduction));
        assert.ok(Math.abs(sd[t] - expectedSd) < 1e-6, `n=${n} target ${t}: sd ${sd[t]} vs ${expectedSd}`);
      }
    });
  }
});

test('HammingGp: nearly interpolates with little noise and refuses bad input clearly', () => {
  const gp = new HammingGp(3, 1, { lengthScale: 1, noise: 1e-6 });
  const points = [[0, 1, 2], [2, 2, 2], [1, 0, -1], [0, 0, 0]];
  points.forEach((x, i) => gp.add(x, [i * 3 - 1]));
  points.forEach((x, i) => assert.ok(Math.abs(gp.predict(gp.extend(x))[0] - (i * 3 - 1)) < 1e-3));
  assert.ok(gp.stdDev(gp.extend([0, 1, 2]))[0] < 1e-2, 'a training point is certain');
  assert.ok(gp.stdDev(gp.extend([1, 1, 1]))[0] > gp.stdDev(gp.extend([0, 1, 1]))[0], 'farther from the data is less certain');
  assert.throws(() => gp.add([0, 1], [1]), /expected 3 decisions, got 2/);
  assert.throws(() => gp.add([0, 1, 2], [NaN]), /expected 1 finite target values/);
  assert.throws(() => new HammingGp(3, 1, { lengthScale: 0, noise: 0.1 }), /lengthScale must be > 0/);
});

test('gain2d equals the brute-force hypervolume difference; dominated points score minus their escape distance', () => {
  const rng = new Rng(5);
  const ref = [1 + REFERENCE_MARGIN, 1 + REFERENCE_MARGIN];
  for (let trial = 0; trial < 300; trial++) {
    const cloud = Array.from({ length: 1 + rng.int(12) }, () => [rng.next(), rng.next()]);
    const front = paretoFront(cloud).map((i) => cloud[i]);
    const gain = new FrontGain(front, 2);
    const p = [rng.next() * 1.2, rng.next() * 1.2];
    const dominatedBy = front.filter((f) => f[0] <= p[0] && f[1] <= p[1]);
    const score = gain.score(p);
    if (dominatedBy.length > 0) {
      const escape = Math.max(...dominatedBy.map((f) => Math.min(p[0] - f[0], p[1] - f[1])));
      assert.ok(score < 0 && Math.abs(score + escape) < 1e-12, `trial ${trial}: ${score} vs -${escape}`);
    } else {
      const expected = hypervolume([...front, p], ref) - hypervolume(front, ref);
      assert.ok(Math.abs(score - expected) < 1e-12, `trial ${trial}: ${score} vs ${expected}`);
      const sorted = front.filter((f) => f[0] < ref[0] && f[1] < ref[1]).sort((a, b) => a[0] - b[0]);
      assert.ok(Math.abs(gain2d(sorted, p, ref) - expected) < 1e-12);
    }
  }
});

test('FrontGain in three objectives: gain is the hypervolume difference, and more gain ranks higher', () => {
  const front = [[0.1, 0.5, 0.9], [0.5, 0.1, 0.5], [0.9, 0.9, 0.1]];
  const gain = new FrontGain(front, 3);
  const ref = [1.1, 1.1, 1.1];
  const near = [0.3, 0.3, 0.8];
  const better = [0.05, 0.05, 0.6];
  assert.ok(Math.abs(gain.score(near) - (hypervolume([...front, near], ref) - hypervolume(front, ref))) < 1e-12);
  assert.ok(gain.score(better) > gain.score(near));
  assert.ok(gain.score([0.6, 0.2, 0.6]) < 0, 'dominated by the second member');
  assert.ok(gain.score([0.6, 0.2, 0.6]) > gain.score([0.9, 0.9, 0.9]), 'a near miss ranks above a far one');
});
