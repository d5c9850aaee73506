import assert from 'node:assert/strict';
import { test } from 'node:test';
import { padded } from '../../webview/scatter';

test('a range is padded so edge points are drawn whole, and a single value gets a range around it', () => {
  assert.deepEqual(padded(0, 10, false), [-0.5, 10.5]);
  assert.deepEqual(padded(2, 2, false), [1.8, 2.2]);
  assert.deepEqual(padded(0, 0, false), [-1, 1]);
  assert.deepEqual(padded(null, null, false), [0, 1]);
});

test('on a log scale the padding is in decades', () => {
  const [lo, hi] = padded(1, 100, true);
  assert.ok(Math.abs(lo - 10 ** -0.1) < 1e-12 && Math.abs(hi - 10 ** 2.1) < 1e-9);
  const [a, b] = padded(10, 10, true);
  assert.ok(a < 10 && b > 10);
});
