// A few fit() epochs of a small MobileNetV2-like model on the wasm backend (with our kernels)
// must leave neither engine tensors nor wasm heap buffers behind: our composed kernels call
// wasm kernels directly, so a forgotten intermediate shows only in backend.numDataIds().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/train/backend';
import { buildModel } from '../../bench/train-throughput/buildModel';

test('fit on wasm does not leak tensors or wasm buffers across epochs', async () => {
  const report = await selectBackend({ force: 'wasm' });
  assert.equal(report.backend, 'wasm');
  const model = buildModel({
    name: 'tiny', input: [12, 12, 1], classes: 3,
    stem: { filters: 4, kernel: 3, stride: 2 },
    blocks: [{ expand: 2, kernel: 3, stride: 1, filters: 4 }, { expand: 2, kernel: 5, stride: 2, filters: 6 }],
  });
  model.compile({ optimizer: tf.train.adam(1e-2), loss: 'categoricalCrossentropy' });
  const xs = tf.randomUniform([16, 12, 12, 1], 0, 1, 'float32', 1);
  const ys = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0], 'int32'), 3);
  const tensors: number[] = [];
  const buffers: number[] = [];
  const losses: number[] = [];
  await model.fit(xs, ys, {
    batchSize: 8, epochs: 5, verbose: 0,
    callbacks: { onEpochEnd: async (_epoch, logs) => {
      tensors.push(tf.memory().numTensors);
      buffers.push(tf.backend().numDataIds());
      losses.push(logs?.loss ?? NaN);
    } },
  });
  assert.ok(losses.every(Number.isFinite), `losses must be finite: ${losses}`);
  // From the second epoch on (the first creates the optimizer's slots), counts stay flat.
  assert.deepEqual(tensors.slice(1), tensors.slice(1).map(() => tensors[1]), `numTensors per epoch: ${tensors}`);
  assert.deepEqual(buffers.slice(1), buffers.slice(1).map(() => buffers[1]), `wasm buffers per epoch: ${buffers}`);
  tf.dispose([xs, ys]);
  model.dispose();
});
