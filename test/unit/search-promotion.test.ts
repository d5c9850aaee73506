import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Evaluated } from '../../src/core/search/evaluated';
import { promotionOrder } from '../../src/core/search/promotion';

let next = 0;
/** A hand-made result: objectives already in minimisation form. */
const e = (key: string, values: number[], violation = 0, ok = true): Evaluated => ({ index: next++, key, arch: { encoding: [] }, ok, values, violation });
const order = (xs: Evaluated[]) => promotionOrder(xs).map((x) => x.key);

test('one objective: best value first, ties by index', () => {
  assert.deepEqual(order([e('a', [3]), e('b', [1]), e('c', [2]), e('d', [1])]), ['b', 'd', 'c', 'a']);
});

test('several objectives: by non-dominated rank, a front by crowding with its extremes first', () => {
  // Front 0: a (0,10), b (2,8), c (5,5), d (10,0); front 1: e (3,9), dominated by b.
  const xs = [e('b', [2, 8]), e('c', [5, 5]), e('e', [3, 9]), e('a', [0, 10]), e('d', [10, 0])];
  // a and d are the boundary points (Infinity); c (crowding 1.6) is more isolated than b (1.0).
  assert.deepEqual(order(xs), ['a', 'd', 'c', 'b', 'e']);
});

test('an infeasible candidate is never promoted over a feasible one, however good its objectives', () => {
  const xs = [e('bad', [0, 0], 0.5), e('worse', [0, 0], 2), e('ok-dominated', [9, 9]), e('ok', [5, 5])];
  assert.deepEqual(order(xs), ['ok', 'ok-dominated', 'bad', 'worse']);
});

test('equal vectors tie: all kept in the same front, earlier first; failed ones are never ranked', () => {
  const xs = [e('x', [1, 1]), e('failed', [0, 0], Infinity, false), e('y', [1, 1]), e('nan', [NaN, 0])];
  assert.deepEqual(order(xs), ['x', 'y']);
});

test('infeasible ones of equal violation tie by index, no crowding among them', () => {
  const xs = [e('p', [5, 0], 1), e('q', [0, 5], 1), e('r', [2, 2], 1)];
  assert.deepEqual(order(xs), ['p', 'q', 'r']);
});
