import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../../src/train/data/dataset';
import type { DatasetSplits } from '../../src/train/data/loadDataset';
import { ProxyEstimator } from '../../src/train/proxyEstimator';
import { parseProxySettings } from '../../src/train/proxySettings';
import { tinyConvNet } from '../fixtures/data/graphs';

before(async () => {
  await tf.setBackend('cpu');
});

/** n 8x8x1 images: class 0 bright on the left half, class 1 on the right, class 2 on the top; some noise. */
function stripes(n: number, seed: number): Dataset {
  let state = seed;
  const noise = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648) * 0.2;
  const images = new Float32Array(n * 64);
  const labels = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    const c = s % 3;
    labels[s] = c;
    for (let i = 0; i < 64; i++) images[s * 64 + i] = ((c === 0 ? i % 8 < 4 : c === 1 ? i % 8 >= 4 : i < 32) ? 0.8 : 0) + noise();
  }
  return { images, labels, shape: [8, 8, 1], classes: 3 };
}

const data: DatasetSplits = { train: stripes(300, 1), validation: stripes(90, 2), source: 'test' };
// The run's epochs (6) are the highest fidelity level; rungs ask for fewer.
const settings = parseProxySettings({ epochs: 6, batchSize: 30, learningRate: 0.05, seed: 3, latency: 0 });
const graph = tinyConvNet([8, 8, 1], 3);
const at = (value: number, rung: number) => ({ key: 'a', encoding: [], graph, fidelity: { setting: 'epochs', value, rung } });

test('a promoted candidate continues from its weights: its loss at the start of rung 2 is about its loss at the end of rung 1', async () => {
  const estimator = new ProxyEstimator(settings, data);
  const rung1 = await estimator.evaluate(at(2, 0));
  const rung2 = await estimator.evaluate(at(6, 1));
  assert.equal(rung1.status, 'ok', rung1.error);
  assert.equal(rung2.status, 'ok', rung2.error);
  const c1 = rung1.details?.lossCurve as number[];
  const c2 = rung2.details?.lossCurve as number[];
  assert.equal(c1.length, 2 * 10);
  assert.equal(c2.length, 4 * 10, 'rung 2 trains the 4 epochs left, not 6');
  assert.equal(rung2.details?.continuedFromEpoch, 2);
  const initial = c1[0];
  const endOfRung1 = c1.slice(-3).reduce((a, b) => a + b) / 3;
  assert.ok(initial - endOfRung1 > 0.1, `rung 1 learnt something (${initial} -> ${endOfRung1})`);
  assert.ok(Math.abs(c2[0] - endOfRung1) < 0.5 * (initial - endOfRung1), `rung 2 starts at ${c2[0]}: near the end of rung 1 (${endOfRung1}), not the initial loss (${initial})`);
  // Continuing is the same training as one run straight through to 6 epochs.
  const straight = await new ProxyEstimator(settings, data).evaluate({ key: 'a', encoding: [], graph, fidelity: { setting: 'epochs', value: 6, rung: 1 } });
  const s = straight.details?.lossCurve as number[];
  assert.ok(Math.abs(s[20] - c2[0]) < 1e-3, `straight run's epoch-3 loss ${s[20]} vs continued ${c2[0]}`);
  assert.ok(Math.abs((straight.metrics.val_loss ?? NaN) - rung2.metrics.val_loss) < 1e-3);
  await estimator.dispose();
});

test('a checkpoint on disk under the run folder lets a new process continue the candidate; nothing leaks', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-ckpt-'));
  try {
    const first = new ProxyEstimator(settings, data);
    first.useRunFolder(dir);
    const rung1 = await first.evaluate(at(2, 0));
    await first.dispose();
    assert.equal(fs.readdirSync(path.join(dir, 'checkpoints')).length, 2, 'one .json and one .bin');
    const tensors = tf.memory().numTensors;
    const second = new ProxyEstimator(settings, data);
    second.useRunFolder(dir);
    const rung2 = await second.evaluate(at(6, 1));
    assert.equal(rung2.details?.continuedFromEpoch, 2);
    const c1 = rung1.details?.lossCurve as number[];
    const c2 = rung2.details?.lossCurve as number[];
    assert.ok(Math.abs(c2[0] - c1.at(-1)!) < Math.abs(c2[0] - c1[0]));
    assert.deepEqual(fs.readdirSync(path.join(dir, 'checkpoints')), [], 'at the highest level nothing continues: its checkpoint is gone');
    await second.dispose();
    assert.equal(tf.memory().numTensors, tensors);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
