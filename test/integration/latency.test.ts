import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { REFERENCE_UNIT } from '../../src/hardware/loadDrift';
import { measureLatency, percentile } from '../../src/train/latency';
import { measureGraph } from '../../src/train/measureGraph';
import { buildModel } from '../../src/train/modelBuilder';
import { tfjsUnitTimer, unitGraph } from '../../src/train/opTimer';
import { mobileNetV2Like, tinyConvNet } from '../fixtures/data/graphs';

before(async () => {
  await tf.setBackend('cpu');
});

test('percentile interpolates between closest ranks', () => {
  assert.equal(percentile([1, 2, 3, 4, 5], 0.5), 3);
  assert.equal(percentile([1, 2, 3, 4], 0.5), 2.5);
  assert.equal(percentile([10, 20], 0.1), 11);
  assert.throws(() => percentile([], 0.5), /no values/);
});

test('measures a consistent summary without leaking tensors', async () => {
  const model = buildModel(mobileNetV2Like(), { seed: 1 });
  const before = tf.memory().numTensors;
  const r = await measureLatency(model, [28, 28, 1], { warmup: 2, minRuns: 5, maxRuns: 40, maxMs: 5000 });
  assert.equal(tf.memory().numTensors, before);
  assert.ok(r.runs >= 5 && r.runs <= 40, `runs ${r.runs}`);
  assert.ok(r.medianMs > 0);
  assert.ok(r.minMs <= r.p10Ms && r.p10Ms <= r.medianMs && r.medianMs <= r.p90Ms);
  assert.ok(r.iqrMs >= 0);
  if (r.runs < 40) assert.ok(r.stable, 'stopped before maxRuns only because it was stable');
  model.dispose();
});

test('stops at maxRuns when stability is never reached, and at maxMs', async () => {
  const model = buildModel(tinyConvNet(), { seed: 1 });
  const never = await measureLatency(model, [8, 8, 1], { warmup: 0, minRuns: 3, maxRuns: 7, relativeIqr: -1 });
  assert.equal(never.runs, 7);
  assert.equal(never.stable, false);
  const quick = await measureLatency(model, [8, 8, 1], { warmup: 0, minRuns: 1000, maxRuns: 100000, maxMs: 1e-9, relativeIqr: -1 });
  assert.equal(quick.runs, 1);
  model.dispose();
});

test('bad options and a wrong input shape are clear errors', async () => {
  const model = buildModel(tinyConvNet(), { seed: 1 });
  await assert.rejects(measureLatency(model, [28, 28, 1]), /input shape \[28, 28, 1\] does not fit the model's input \[8, 8, 1\]/);
  await assert.rejects(measureLatency(model, [8, 8, 1], { minRuns: 10, maxRuns: 5 }), /maxRuns must be a whole number >= 10/);
  await assert.rejects(measureLatency(model, [8, 8, 1], { maxMs: 0 }), /maxMs must be > 0/);
  model.dispose();
});

test('runs, candidates and units are timed on the clock given (the local device passes one that leaves out waits for a CPU)', async () => {
  // A clock that advances 1 ms per reading: every run and every sample then reads exactly 1 ms,
  // whatever the wall clock did.
  let ms = 0;
  const clock = () => ++ms;
  const model = buildModel(tinyConvNet(), { seed: 1 });
  const r = await measureLatency(model, [8, 8, 1], { warmup: 1, minRuns: 3, maxRuns: 5, clock });
  assert.deepEqual([r.minMs, r.medianMs, r.iqrMs], [1, 1, 0]);
  model.dispose();
  assert.equal(await measureGraph(unitGraph(REFERENCE_UNIT), 0, clock), 1);
  const timer = await tfjsUnitTimer('cpu', { samples: 3, clock });
  assert.equal(await timer.time(REFERENCE_UNIT), 1);
});
