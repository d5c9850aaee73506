import assert from 'node:assert/strict';
import { test } from 'node:test';
import { liveEdgeEncoder } from '../../src/core/estimate/predictors/liveEdges';
import { PathGp } from '../../src/core/estimate/predictors/pathGp';
import type { SearchSpace } from '../../src/core/space/searchSpace';
import { toySpace } from './helpers/toySpace';

// The NAS-Bench-201 cell: edges 0->1, 0->2, 1->2, 0->3, 1->3, 2->3; options none, skip, conv1, conv3, pool.
const OPS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'];
const EDGES = [[0, 1], [0, 2], [1, 2], [0, 3], [1, 3], [2, 3]];

function cellSpace(): SearchSpace {
  const base = toySpace(EDGES.map(() => OPS));
  return { ...base, decisions: base.decisions.map((d, i) => ({ ...d, cellEdge: { cell: 'c', from: EDGES[i][0], to: EDGES[i][1] } })) } as SearchSpace;
}

test('live edges: edges on no input-output path become inactive, by hand on the NAS-Bench-201 cell', () => {
  const live = liveEdgeEncoder(cellSpace());
  // Only 0->3 (conv3) reaches the output: the rest is dead whatever it holds.
  assert.deepEqual(live([2, 1, 1, 3, 0, 0]), [-1, -1, -1, 3, -1, -1]);
  // 0->1 is none, so node 1 is unreachable and 1->2, 1->3 are dead; 0->2->3 stays.
  assert.deepEqual(live([0, 3, 3, 0, 3, 3]), [-1, 3, -1, -1, -1, 3]);
  // Node 2 reaches nothing (2->3 none): 0->2 and 1->2 are dead.
  assert.deepEqual(live([1, 2, 4, 1, 3, 0]), [1, -1, -1, 1, 3, -1]);
  // Nothing reaches the output: the whole cell is dead.
  assert.deepEqual(live([3, 3, 3, 0, 0, 0]), [-1, -1, -1, -1, -1, -1]);
  assert.deepEqual(live([3, 3, 3, 3, 3, 3]), [3, 3, 3, 3, 3, 3]);
});

test('live edges: a space without cell edges is left as it is', () => {
  const live = liveEdgeEncoder(toySpace([[0, 1], ['none', 'a']]));
  assert.deepEqual(live([1, 0]), [1, 0]);
});

test('path kernel: equivalent cells coincide, and an edit weighs by the share of the paths it changes', () => {
  const gp = new PathGp(cellSpace(), 1, { lengthScale: 0.7, noise: 0.01 }, 0.5);
  assert.equal(gp.kernel([2, 1, 1, 3, 0, 0], [4, 0, 3, 3, 0, 0]), 1);
  // One path (0->3), skip vs conv3: every path differs.
  assert.ok(Math.abs(gp.kernel([0, 0, 0, 1, 0, 0], [0, 0, 0, 3, 0, 0]) - Math.exp(-1 / 0.5)) < 1e-12);
  // All-conv3 cell (4 paths), 0->3 made conv1: 1 of 4 paths changes, d = 2 / 8.
  assert.ok(Math.abs(gp.kernel([3, 3, 3, 3, 3, 3], [3, 3, 3, 2, 3, 3]) - Math.exp(-0.25 / 0.5)) < 1e-12);
  // With half the weight on the Hamming kernel (one decision differs: exp(-1 / 0.7)).
  const mixed = new PathGp(cellSpace(), 1, { lengthScale: 0.7, noise: 0.01 }, 0.5, 0.5);
  assert.ok(Math.abs(mixed.kernel([3, 3, 3, 3, 3, 3], [3, 3, 3, 2, 3, 3]) - (0.5 * Math.exp(-0.5) + 0.5 * Math.exp(-1 / 0.7))) < 1e-12);
});
