import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CandidateRecord } from '../../src/core/run/types';
import { describeOutcome, frontVector, isFeasible, readRunObjectives } from '../../src/protocol/objectives';

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

test("a run's outcome is said in its objectives' words: the front's size, the best by the first objective and its other objectives with units", () => {
  const best = { metrics: { val_acc: 0.80512, latency_ms: 1.8412, params: 123456, flops: 9e6 } };
  const two = [{ direction: 'max', metric: 'val_acc' }, { direction: 'min', metric: 'latency_ms' }] as const;
  assert.equal(describeOutcome({ best, pareto: [1, 2, 3, 4, 5, 6, 7] }, two), 'Pareto front: 7 candidates; best val_acc 0.8051 at 1.841 ms');
  assert.equal(describeOutcome({ best, pareto: [1] }, two), 'Pareto front: 1 candidate; best val_acc 0.8051 at 1.841 ms');
  // One objective: no front to speak of; params is named by the catalog's unit.
  const catalog = [{ name: 'params', direction: 'min', unit: 'parameters', description: '', cost: 'free' }] as const;
  assert.equal(describeOutcome({ best, pareto: [1] }, [{ direction: 'min', metric: 'params' }], [...catalog]), 'best params 123,456 parameters');
  // Two latencies in ms: the unit alone would be ambiguous, so the metric names them.
  const devices = [...two, { direction: 'min', metric: 'latency_ms@pi4' }] as const;
  assert.equal(describeOutcome({ best: { metrics: { ...best.metrics, 'latency_ms@pi4': 20 } }, pareto: [1, 2] }, devices), 'Pareto front: 2 candidates; best val_acc 0.8051 at latency_ms 1.841, latency_ms@pi4 20');
  assert.equal(describeOutcome({ pareto: [] }, two), 'no feasible candidate');
});
