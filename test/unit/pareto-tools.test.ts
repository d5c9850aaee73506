import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../src/core/rng';
import { hypervolume } from '../../src/core/search/hypervolume';
import { constrainedDominates, crowdingDistance, dominates, IncrementalFront, nonDominatedSort, paretoFront } from '../../src/core/search/pareto';

function randomPoints(rng: Rng, n: number, m: number, levels: number): number[][] {
  // Few distinct levels so ties and duplicates occur often.
  return Array.from({ length: n }, () => Array.from({ length: m }, () => rng.int(levels)));
}

function bruteForceFronts(points: number[][], violations?: number[]): number[][] {
  const left = new Set(points.map((_, i) => i));
  const fronts: number[][] = [];
  const v = (i: number) => violations?.[i] ?? 0;
  while (left.size > 0) {
    const front = [...left].filter((i) => ![...left].some((j) => j !== i && constrainedDominates(points[j], v(j), points[i], v(i))));
    fronts.push(front.sort((a, b) => a - b));
    for (const i of front) left.delete(i);
  }
  return fronts;
}

/** Hypervolume by cutting space into the grid of all coordinates and summing dominated cells. */
function bruteForceHypervolume(points: number[][], ref: number[]): number {
  const m = ref.length;
  const axes = ref.map((r, k) => [...new Set([...points.map((p) => p[k]).filter((x) => x < r), r])].sort((a, b) => a - b));
  let volume = 0;
  const walk = (k: number, corner: number[], size: number) => {
    if (k === m) {
      if (points.some((p) => p.every((x, i) => x <= corner[i]))) volume += size;
      return;
    }
    for (let i = 0; i + 1 < axes[k].length; i++) walk(k + 1, [...corner, axes[k][i]], size * (axes[k][i + 1] - axes[k][i]));
  };
  walk(0, [], 1);
  return volume;
}

test('dominates: no worse everywhere and better somewhere', () => {
  assert.equal(dominates([1, 2], [1, 3]), true);
  assert.equal(dominates([1, 3], [1, 3]), false);
  assert.equal(dominates([0, 4], [1, 3]), false);
});

test('constrained domination: feasible beats infeasible, less violation wins', () => {
  assert.equal(constrainedDominates([9, 9], 0, [0, 0], 0.1), true);
  assert.equal(constrainedDominates([0, 0], 0.1, [9, 9], 0), false);
  assert.equal(constrainedDominates([9, 9], 0.1, [0, 0], 0.5), true);
  assert.equal(constrainedDominates([0, 0], 0.5, [9, 9], 0.1), false);
});

test('non-dominated sort equals repeated peeling of the front, with and without violations', () => {
  const rng = new Rng(1);
  for (let trial = 0; trial < 200; trial++) {
    const m = 2 + (trial % 3);
    const pts = randomPoints(rng, 1 + rng.int(40), m, 6);
    const got = nonDominatedSort(pts).map((f) => [...f].sort((a, b) => a - b));
    assert.deepEqual(got, bruteForceFronts(pts));
    const viol = pts.map(() => (rng.next() < 0.5 ? 0 : rng.int(3) / 2));
    assert.deepEqual(nonDominatedSort(pts, viol).map((f) => [...f].sort((a, b) => a - b)), bruteForceFronts(pts, viol));
  }
});

test('feasibility-first sort puts every feasible point before any infeasible one', () => {
  const pts = [[0, 0], [5, 5], [1, 1], [9, 9]];
  const fronts = nonDominatedSort(pts, [0.2, 0, 0.1, 0]);
  assert.deepEqual(fronts, [[1], [3], [2], [0]]);
});

test('paretoFront equals the first front of the brute force, duplicates kept', () => {
  const rng = new Rng(2);
  for (let trial = 0; trial < 200; trial++) {
    const pts = randomPoints(rng, 1 + rng.int(50), 2 + (trial % 2), 5);
    assert.deepEqual(paretoFront(pts), bruteForceFronts(pts)[0]);
  }
});

test('the incremental front is, after every point, the first front of the brute force (duplicates kept, violations too)', () => {
  const rng = new Rng(6);
  for (let trial = 0; trial < 100; trial++) {
    const pts = randomPoints(rng, 1 + rng.int(40), 2 + (trial % 3), 5);
    const viol = pts.map(() => (trial % 2 === 0 || rng.next() < 0.6 ? 0 : rng.int(3) / 2));
    const front = new IncrementalFront<number>();
    pts.forEach((p, i) => {
      const before = new Set(front.ids());
      const { joined, removed } = front.add(i, p, viol[i]);
      const expected = bruteForceFronts(pts.slice(0, i + 1), viol.slice(0, i + 1))[0];
      assert.deepEqual([...front.ids()].sort((a, b) => a - b), expected);
      assert.equal(joined, front.has(i));
      assert.deepEqual(removed, [...before].filter((j) => !front.has(j)));
    });
    assert.deepEqual(front.points(), front.ids().map((i) => pts[i]));
    assert.equal(front.size, front.ids().length);
  }
});

test('crowding distance: boundaries infinite, interior is the normalised neighbour gap', () => {
  const d = crowdingDistance([[0, 4], [1, 2], [4, 0], [2, 1]]);
  assert.equal(d[0], Infinity);
  assert.equal(d[2], Infinity);
  assert.ok(Math.abs(d[1] - ((2 - 0) / 4 + (4 - 1) / 4)) < 1e-12);
  assert.ok(Math.abs(d[3] - ((4 - 1) / 4 + (2 - 0) / 4)) < 1e-12);
  assert.deepEqual(crowdingDistance([[1, 1]]), [Infinity]);
  assert.deepEqual(crowdingDistance([]), []);
});

test('crowding distance matches a brute-force definition on random fronts', () => {
  const rng = new Rng(3);
  for (let trial = 0; trial < 100; trial++) {
    const pts = Array.from({ length: 3 + rng.int(10) }, () => [rng.next(), rng.next(), rng.next()]);
    const got = crowdingDistance(pts);
    pts.forEach((p, i) => {
      let expected = 0;
      for (let k = 0; k < 3; k++) {
        const vals = pts.map((q) => q[k]);
        const lo = Math.min(...vals), hi = Math.max(...vals);
        const below = vals.filter((v, j) => j !== i && v <= p[k] && !(v === p[k] && j > i));
        const above = vals.filter((v, j) => j !== i && v >= p[k] && !(v === p[k] && j < i));
        if (below.length === 0 || above.length === 0) { expected = Infinity; break; }
        expected += (Math.min(...above) - Math.max(...below)) / (hi - lo);
      }
      assert.ok(expected === Infinity ? got[i] === Infinity : Math.abs(got[i] - expected) < 1e-9, `point ${i}: ${got[i]} vs ${expected}`);
    });
  }
});

test('hypervolume is exact in 2 and 3 dimensions (against a grid brute force)', () => {
  const rng = new Rng(4);
  for (let trial = 0; trial < 150; trial++) {
    const m = 2 + (trial % 2);
    const pts = Array.from({ length: 1 + rng.int(15) }, () => Array.from({ length: m }, () => Math.round(rng.next() * 100) / 10));
    const ref = Array.from({ length: m }, () => 8 + rng.int(4));
    const got = hypervolume(pts, ref);
    const expected = bruteForceHypervolume(pts, ref);
    assert.ok(Math.abs(got - expected) < 1e-6 * Math.max(1, expected), `trial ${trial}: ${got} vs ${expected}`);
  }
});

test('hypervolume: known values, points outside the reference ignored, 4 dimensions', () => {
  assert.equal(hypervolume([[1, 1]], [2, 2]), 1);
  assert.equal(hypervolume([[0, 1], [1, 0]], [2, 2]), 3);
  assert.equal(hypervolume([[3, 0]], [2, 2]), 0);
  assert.equal(hypervolume([], [2, 2]), 0);
  assert.equal(hypervolume([[0, 0, 0, 0]], [1, 2, 3, 4]), 24);
  const rng = new Rng(5);
  const pts = Array.from({ length: 6 }, () => Array.from({ length: 4 }, () => rng.int(5)));
  assert.ok(Math.abs(hypervolume(pts, [5, 5, 5, 5]) - bruteForceHypervolume(pts, [5, 5, 5, 5])) < 1e-9);
  assert.throws(() => hypervolume([[1, 2, 3]], [4, 4]), /3 values/);
});
