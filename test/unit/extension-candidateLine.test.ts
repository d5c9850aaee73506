import assert from 'node:assert/strict';
import { test } from 'node:test';
import { candidateLine } from '../../src/extension/candidateLine';
import { formatDuration, formatTrainingStep } from '../../src/protocol/formatMetric';

const settings = { strategy: 'random', budget: 10, seed: 0, estimator: 'proxy', objectives: ['max:val_acc', 'min:latency_ms'], constraints: ['params<=500000'] };

test('the log line of a finished candidate: number, key, objective and constraint metrics in order, duration', () => {
  const line = candidateLine({ index: 2, key: 'k3', status: 'ok', metrics: { flops: 9, latency_ms: 1.8412, params: 123456, val_acc: 0.81234 }, durationMs: 12_400 }, settings);
  assert.equal(line, 'candidate #3 k3 val_acc=0.8123 latency_ms=1.841 params=123,456 in 12 s');
});

test('a failed candidate says why', () => {
  assert.equal(candidateLine({ index: 0, key: 'k1', status: 'failed', metrics: {}, durationMs: 300, error: 'diverged' }, settings), 'candidate #1 k1 failed: diverged in 0.3 s');
});

test('durations and training steps read as words', () => {
  assert.deepEqual([0.35, 12.4, 65, 3599, 3720].map(formatDuration), ['0.3 s', '12 s', '1 min 05 s', '59 min 59 s', '1 h 02 min']);
  assert.equal(formatDuration(NaN), '-');
  assert.equal(formatTrainingStep({ repeat: 1, repeats: 2, epoch: 2, epochs: 3, batch: 17, batches: 32, loss: 1.23456 }), 'repeat 1/2 · epoch 2/3 · batch 17/32 · loss 1.235');
  assert.equal(formatTrainingStep({ repeat: 1, repeats: 1, epoch: 1, epochs: 1, batch: 1, batches: 2, loss: 2 }), 'epoch 1/1 · batch 1/2 · loss 2');
});
