import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapInterval, kendallTauB } from '../../bench/proxy-fidelity/kendall';
import { Rng } from '../../src/core/rng';

test('identical and reversed rankings give +1 and -1', () => {
  assert.equal(kendallTauB([1, 2, 3, 4, 5], [10, 20, 30, 40, 50]), 1);
  assert.equal(kendallTauB([1, 2, 3, 4, 5], [5, 4, 3, 2, 1]), -1);
});

test('no ties: (concordant - discordant) / n(n-1)/2', () => {
  // Pairs of [1,2,3,4] vs [1,3,2,4]: only (2,3) is discordant -> (5 - 1) / 6.
  assert.ok(Math.abs(kendallTauB([1, 2, 3, 4], [1, 3, 2, 4]) - 4 / 6) < 1e-12);
});

test('ties use the tau-b correction (value from scipy.stats.kendalltau)', () => {
  // scipy.stats.kendalltau (tau-b): 0.6666666666666666 and 0.6923076923076924
  const tau = kendallTauB([1, 2, 2, 3, 4], [1, 3, 2, 2, 5]);
  assert.ok(Math.abs(tau - 0.6666666666666666) < 1e-12, `tau ${tau}`);
  const tau2 = kendallTauB([1, 1, 2, 3, 3, 4], [2, 1, 1, 3, 4, 4]);
  assert.ok(Math.abs(tau2 - 0.6923076923076924) < 1e-12, `tau ${tau2}`);
});

test('agrees with a brute-force tau-b on random data with ties', () => {
  let s = 7;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const x = Array.from({ length: 30 }, () => Math.floor(rand() * 6));
  const y = Array.from({ length: 30 }, (_, i) => x[i] + Math.floor(rand() * 4));
  let c = 0, d = 0, tx = 0, ty = 0;
  const n0 = (30 * 29) / 2;
  for (let i = 0; i < 30; i++) for (let j = i + 1; j < 30; j++) {
    const p = (x[i] - x[j]) * (y[i] - y[j]);
    if (p > 0) c++;
    else if (p < 0) d++;
    if (x[i] === x[j]) tx++;
    if (y[i] === y[j]) ty++;
  }
  const expected = (c - d) / Math.sqrt((n0 - tx) * (n0 - ty));
  assert.ok(Math.abs(kendallTauB(x, y) - expected) < 1e-12);
});

test('undefined cases give NaN, bad input an error', () => {
  assert.ok(Number.isNaN(kendallTauB([1], [2])));
  assert.ok(Number.isNaN(kendallTauB([1, 1, 1], [1, 2, 3])));
  assert.throws(() => kendallTauB([1, 2], [1]), /2 x values but 1 y values/);
  assert.throws(() => kendallTauB([1, NaN], [1, 2]), /finite/);
});

test('the bootstrap interval holds the point estimate, is repeatable by seed and narrows with more candidates', () => {
  let s = 11;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const sample = (n: number) => {
    const x = Array.from({ length: n }, () => rand());
    return { x, y: x.map((v) => v + 0.3 * rand()) };
  };
  const small = sample(20);
  const tauOf = (d: { x: number[]; y: number[] }) => (picks: number[]) => kendallTauB(picks.map((i) => d.x[i]), picks.map((i) => d.y[i]));
  const [lo, hi] = bootstrapInterval(20, tauOf(small), new Rng(1));
  const tau = kendallTauB(small.x, small.y);
  assert.ok(lo < tau && tau < hi, `${lo} < ${tau} < ${hi}`);
  assert.deepEqual(bootstrapInterval(20, tauOf(small), new Rng(1)), [lo, hi]);
  const [lo50, hi50] = bootstrapInterval(20, tauOf(small), new Rng(1), 2000, 0.5);
  assert.ok(lo < lo50 && hi50 < hi, `50% interval ${lo50}..${hi50} inside the 95% one ${lo}..${hi}`);
  assert.deepEqual(bootstrapInterval(3, () => NaN, new Rng(1)), [NaN, NaN]);
  const large = sample(200);
  const [lo2, hi2] = bootstrapInterval(200, tauOf(large), new Rng(1), 300);
  assert.ok(hi2 - lo2 < (hi - lo) / 2, `width ${hi2 - lo2} with 200 candidates vs ${hi - lo} with 20`);
});
