import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CandidateRecord } from '../../src/core/run/types';
import { dominates, hypervolume2d, IncrementalFront, isFeasible, minimisedVector, parseConstraint, parseObjective } from '../../src/protocol/objectives';
import { Rng } from '../../src/core/rng';

test('objectives and constraints parse', () => {
  assert.deepEqual(parseObjective('max:c10_valid'), { direction: 'max', metric: 'c10_valid' });
  assert.deepEqual(parseObjective('min: lat'), { direction: 'min', metric: 'lat' });
  assert.deepEqual(parseConstraint('edgegpu_lat<=5'), { metric: 'edgegpu_lat', op: '<=', bound: 5, text: 'edgegpu_lat<=5' });
  assert.equal(parseConstraint('lat is small'), undefined);
});

const rec = (metrics: Record<string, number>, extra: Partial<CandidateRecord> = {}): CandidateRecord => ({ index: 0, key: 'k', encoding: [], status: 'ok', metrics, startedAt: 0, durationMs: 0, ...extra });

test('feasibility: failed is infeasible, explicit flag wins, else constraints decide', () => {
  const c = [parseConstraint('lat<=5')!];
  assert.equal(isFeasible(rec({ lat: 4 }), c), true);
  assert.equal(isFeasible(rec({ lat: 6 }), c), false);
  assert.equal(isFeasible(rec({}), c), false);
  assert.equal(isFeasible(rec({ lat: 6 }, { feasible: true }), c), true);
  assert.equal(isFeasible(rec({ lat: 1 }, { status: 'failed' }), c), false);
});

test('minimised vector flips maximised objectives', () => {
  assert.deepEqual(minimisedVector({ acc: 0.9, lat: 3 }, [parseObjective('max:acc'), parseObjective('min:lat')]), [-0.9, 3]);
  assert.equal(minimisedVector({ acc: 0.9 }, [parseObjective('min:lat')]), undefined);
});

test('the incremental front equals the brute-force non-dominated set', () => {
  const rng = new Rng(7);
  const points: number[][] = [];
  const front = new IncrementalFront<number>();
  for (let i = 0; i < 400; i++) {
    const p = [rng.int(50), rng.int(50), rng.int(50)];
    points.push(p);
    front.add(i, p);
  }
  const expected = new Set<string>();
  points.forEach((p, i) => {
    if (points.some((q) => dominates(q, p))) return;
    expected.add(p.join(','));
    void i;
  });
  const got = new Set(front.ids().map((i) => points[i].join(',')));
  assert.deepEqual(got, expected);
});

test('hypervolume of a 2-D staircase', () => {
  // Points (1,3), (2,2), (3,1) against ref (4,4): 3 + 2 + 1 = 6 unit squares.
  assert.equal(hypervolume2d([[1, 3], [2, 2], [3, 1]], [4, 4]), 6);
  assert.equal(hypervolume2d([[1, 3], [2, 2], [2.5, 2.5], [3, 1]], [4, 4]), 6);
  assert.equal(hypervolume2d([[5, 5]], [4, 4]), 0);
});
