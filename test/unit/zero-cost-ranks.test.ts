// The zero-cost ensemble's arithmetic (ranks, Spearman, rank aggregation, percentiles against a
// reference), the proxies' small matrix routines, and the `zc:<proxy>+...` argument.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseZcArgument, ZC_DEFAULT_ENSEMBLE, ZC_PROXIES } from '../../src/core/estimate/estimators/zeroCost';
import { aggregateRanks, averageRanks, percentileAgainst, spearman } from '../../src/core/estimate/ranks';
import { logAbsDeterminant, symmetricEigenvalues } from '../../src/train/zeroCost/linalg';

test('average ranks give ties their mean rank and rank non-finite values lowest', () => {
  assert.deepEqual(averageRanks([10, 30, 20, 30]), [1, 3.5, 2, 3.5]);
  assert.deepEqual(averageRanks([2, -Infinity, NaN, 1]), [4, 1.5, 1.5, 3]);
});

test('Spearman is 1 for any increasing map, -1 reversed, and matches the textbook 1 - 6 sum d^2 / (n(n^2 - 1)) without ties', () => {
  assert.equal(spearman([1, 2, 3, 4], [1, 8, 27, 64]), 1);
  assert.equal(spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1);
  const x = [1, 2, 3, 4, 5];
  const y = [2, 1, 4, 3, 5];
  assert.ok(Math.abs(spearman(x, y) - (1 - (6 * 4) / (5 * 24))) < 1e-12);
  assert.ok(Number.isNaN(spearman([1, 1, 1], [1, 2, 3])));
});

test('the rank aggregation is the mean percentile of each member, whatever its scale', () => {
  // Member 1 ranks a < b < c, member 2 (a million times larger) c < a < b.
  assert.deepEqual(aggregateRanks([[1, 2, 3], [2e6, 3e6, 1e6]]), [(1 / 3 + 2 / 3) / 2, (2 / 3 + 1) / 2, (1 + 1 / 3) / 2]);
  assert.throws(() => aggregateRanks([[1, 2], [1]]), /member 1 scores 1 candidates, the first 2/);
});

test('a percentile against a reference is the average rank in the pool of reference and candidate, over the pool size', () => {
  const reference = [[1, 2, 3], [10, 20, 30]];
  assert.equal(percentileAgainst(reference, [4, 40]), 1);
  assert.equal(percentileAgainst(reference, [0, 0]), 1 / 4);
  // Tied with the middle value: ranks 2 and 3 of 4, mean 2.5.
  assert.equal(percentileAgainst(reference, [2, 20]), 2.5 / 4);
  assert.equal(percentileAgainst(reference, [NaN, 40]), (1 / 4 + 1) / 2);
  // The same rule as aggregateRanks over the pool.
  assert.equal(percentileAgainst([[5, 1, 7]], [3]), aggregateRanks([[5, 1, 7, 3]])[3]);
});

test('symmetric eigenvalues by Jacobi rotations and log|det| by LU', () => {
  const eig = symmetricEigenvalues([2, 1, 0, 1, 2, 0, 0, 0, 5], 3).sort((a, b) => a - b);
  [1, 3, 5].forEach((v, i) => assert.ok(Math.abs(eig[i] - v) < 1e-12, `${eig}`));
  assert.ok(Math.abs(logAbsDeterminant([0, 2, 3, 1], 2) - Math.log(6)) < 1e-12);
  assert.equal(logAbsDeterminant([1, 2, 2, 4], 2), -Infinity);
  assert.throws(() => symmetricEigenvalues([1, 2, 3], 2), /expected 4 entries, got 3/);
});

test('zc names its proxies: plain zc computes all six and ensembles the default members; one name, no ensemble; aliases; bad names are one-line errors', () => {
  assert.deepEqual(parseZcArgument(undefined), { proxies: [...ZC_PROXIES], ensemble: [...ZC_DEFAULT_ENSEMBLE] });
  assert.deepEqual(parseZcArgument('synflow'), { proxies: ['synflow'] });
  assert.deepEqual(parseZcArgument('naswot+jacob_cov+params'), { proxies: ['jacov', 'nwot'], ensemble: ['nwot', 'jacov', 'params'] });
  assert.throws(() => parseZcArgument('synflow+zen'), /^Error: estimator zc: unknown proxy 'zen' in 'zc:synflow\+zen': expected synflow, jacov, nwot, snip, grad_norm, fisher, params, flops \(joined by \+\)$/);
  assert.throws(() => parseZcArgument('snip+snip'), /named twice/);
});
