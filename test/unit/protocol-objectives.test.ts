import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CandidateRecord } from '../../src/core/run/types';
import { frontVector, isFeasible, readRunObjectives } from '../../src/protocol/objectives';

test('a run\'s objectives and constraints read with the core parser; unreadable ones are left out, never guessed', () => {
  const read = readRunObjectives({ objectives: ['max:c10_valid', 'min: lat', 'acc'], constraints: ['edgegpu_lat<=5', 'lat is small'] });
  assert.deepEqual(read.objectives, [{ direction: 'max', metric: 'c10_valid' }, { direction: 'min', metric: 'lat' }]);
  assert.deepEqual(read.constraints, [{ metric: 'edgegpu_lat', op: '<=', bound: 5, text: 'edgegpu_lat<=5' }]);
  // With the run's metric catalog, a bare name reads with the catalog's direction.
  assert.deepEqual(readRunObjectives({ objectives: ['acc'], constraints: [] }, (m) => (m === 'acc' ? 'max' : undefined)).objectives, [{ direction: 'max', metric: 'acc' }]);
});

const rec = (metrics: Record<string, number>, extra: Partial<CandidateRecord> = {}): CandidateRecord => ({ index: 0, key: 'k', encoding: [], status: 'ok', metrics, startedAt: 0, durationMs: 0, ...extra });

test('feasibility: failed is infeasible, explicit flag wins, else constraints decide', () => {
  const c = readRunObjectives({ objectives: [], constraints: ['lat<=5'] }).constraints;
  assert.equal(isFeasible(rec({ lat: 4 }), c), true);
  assert.equal(isFeasible(rec({ lat: 6 }), c), false);
  assert.equal(isFeasible(rec({}), c), false);
  assert.equal(isFeasible(rec({ lat: 6 }, { feasible: true }), c), true);
  assert.equal(isFeasible(rec({ lat: 1 }, { status: 'failed' }), c), false);
});

test('a front vector flips maximised objectives and exists only when every objective is a finite number', () => {
  const { objectives } = readRunObjectives({ objectives: ['max:acc', 'min:lat'], constraints: [] });
  assert.deepEqual(frontVector(rec({ acc: 0.9, lat: 3 }), objectives), [-0.9, 3]);
  assert.equal(frontVector(rec({ acc: 0.9 }), objectives), undefined);
  assert.equal(frontVector(rec({ acc: Infinity, lat: 3 }), objectives), undefined);
  assert.equal(frontVector(rec({ acc: 0.9, lat: 3 }, { status: 'failed' }), objectives), undefined);
});
