// Non-negative least squares (hardware/nnls.ts), checked against problems with known answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nnls } from '../../src/hardware/nnls';

const rows = [
  [1, 0, 2],
  [0, 1, 1],
  [1, 1, 0],
  [2, 1, 1],
  [1, 3, 1],
];
const times = (x: number[]) => rows.map((r) => r.reduce((s, v, j) => s + v * x[j], 0));

test('an exact non-negative solution is found', () => {
  const x = nnls(rows, times([0.5, 0, 2]));
  [0.5, 0, 2].forEach((v, j) => assert.ok(Math.abs(x[j] - v) < 1e-9, `x${j} = ${x[j]}`));
});

test('where least squares wants a negative weight, it is held at 0 and the rest refitted', () => {
  const b = times([1, -1, 1]);
  const x = nnls(rows, b);
  assert.ok(x.every((v) => v >= 0), `${x}`);
  assert.equal(x[1], 0);
  // The optimum on the remaining columns: the gradient there is 0, and points out of the feasible set on the held one.
  const r = b.map((v, i) => v - times(x)[i]);
  const grad = [0, 1, 2].map((j) => rows.reduce((s, row, i) => s + row[j] * r[i], 0));
  assert.ok(Math.abs(grad[0]) < 1e-9 && Math.abs(grad[2]) < 1e-9 && grad[1] <= 1e-9, `gradient ${grad}`);
});

test('a free column may go negative (an intercept)', () => {
  const withOne = rows.map((r) => [...r, 1]);
  const b = withOne.map((r) => 0.7 * r[0] + 0.2 * r[2] - 1.5);
  const x = nnls(withOne, b, [3]);
  assert.ok(Math.abs(x[3] + 1.5) < 1e-9 && Math.abs(x[0] - 0.7) < 1e-9 && Math.abs(x[2] - 0.2) < 1e-9 && Math.abs(x[1]) < 1e-9, `${x}`);
});

test('a column that repeats another does not stall it', () => {
  const dup = rows.map((r) => [r[0], r[0], r[2]]);
  const b = dup.map((r) => 2 * r[0] + r[2]);
  const x = nnls(dup, b);
  assert.ok(Math.abs(x[0] + x[1] - 2) < 1e-9 && Math.abs(x[2] - 1) < 1e-9, `${x}`);
});
