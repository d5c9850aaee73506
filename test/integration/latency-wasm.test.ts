import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/train/backend';
import { measureLatency } from '../../src/train/latency';
import { buildModel } from '../../src/train/modelBuilder';
import { nasBench201Like } from '../fixtures/data/graphs';

before(async () => {
  await selectBackend({ force: 'wasm' });
});

test('on wasm: measures the NAS-Bench-201-like model without leaking tensors', async () => {
  assert.equal(tf.getBackend(), 'wasm');
  const model = buildModel(nasBench201Like(), { seed: 3 });
  const before = tf.memory().numTensors;
  const r = await measureLatency(model, [28, 28, 1], { warmup: 3, minRuns: 10, maxRuns: 60 });
  assert.equal(tf.memory().numTensors, before);
  assert.ok(r.p10Ms <= r.medianMs && r.medianMs <= r.p90Ms && r.runs >= 10);
  console.log(`wasm batch-1 latency: median ${r.medianMs.toFixed(3)} ms, IQR ${r.iqrMs.toFixed(3)} ms, ${r.runs} runs, stable ${r.stable}`);
  model.dispose();
});
