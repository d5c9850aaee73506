import assert from 'node:assert/strict';
import { test } from 'node:test';
import { secondsLeft, trainingFraction } from '../../src/runtime/timeLeft';

const step = (repeat: number, epoch: number, batch: number) => ({ repeat, repeats: 2, epoch, epochs: 2, batch, batches: 10 });

test('the fraction of a training counts repeats, epochs and batches', () => {
  assert.equal(trainingFraction(step(1, 1, 0)), 0);
  assert.equal(trainingFraction(step(1, 2, 10)), 0.5);
  assert.equal(trainingFraction(step(2, 2, 5)), 0.875);
});

test('time left: seconds per candidate this session times the candidates left, capped by the time limit', () => {
  // 4 done in 20 s, 6 left: 30 s.
  assert.equal(secondsLeft({ evaluated: 4, previous: 0, budget: 10, elapsedMs: 20_000 }), 30);
  // A resumed run: only this session's candidates measure the pace.
  assert.equal(secondsLeft({ evaluated: 14, previous: 10, budget: 20, elapsedMs: 20_000 }), 30);
  assert.equal(secondsLeft({ evaluated: 4, previous: 0, budget: 10, elapsedMs: 20_000, timeLimitSec: 25 }), 5);
  assert.equal(secondsLeft({ evaluated: 10, previous: 0, budget: 10, elapsedMs: 20_000 }), 0);
});

test('time left before the first candidate ends comes from how far it has trained; nothing to say before that', () => {
  assert.equal(secondsLeft({ evaluated: 0, previous: 0, budget: 4, elapsedMs: 5000 }), undefined);
  // Half of the first candidate in 5 s: 10 s each, 3.5 candidates left.
  assert.equal(secondsLeft({ evaluated: 0, previous: 0, budget: 4, elapsedMs: 5000, training: step(1, 2, 10) }), 35);
  assert.equal(secondsLeft({ evaluated: 0, previous: 0, budget: 4, elapsedMs: 500, training: step(1, 1, 1) }), undefined, 'a twentieth of a candidate says too little');
  // Repeats training at once: the estimator's own fraction wins over counting repeats in turn.
  assert.equal(trainingFraction({ ...step(1, 2, 10), fraction: 1 }), 1);
});
