import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../../src/train/data/dataset';
import type { DatasetSplits } from '../../src/train/data/loadDataset';
import { trainingMemoryBytes } from '../../src/hardware/costModel';
import { buildModelWithMap } from '../../src/train/modelBuilder';
import { ProxyEstimator } from '../../src/train/proxyEstimator';
import { parseProxySettings } from '../../src/train/proxySettings';
import { learningRateAt, recalibrateBatchNorm, toTensors } from '../../src/train/trainCandidate';
import { GraphMaker, tinyConvNet } from '../fixtures/data/graphs';

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
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 8; x++) {
        const on = c === 0 ? x < 4 : c === 1 ? x >= 4 : y < 4;
        images[s * 64 + y * 8 + x] = (on ? 0.8 : 0) + noise();
      }
    }
  }
  return { images, labels, shape: [8, 8, 1], classes: 3 };
}

const data: DatasetSplits = { train: stripes(300, 1), validation: stripes(90, 2), source: 'test' };

test('proxy training of a tiny model on tiny data returns the metrics, the loss curve and the backend, without leaking tensors', async () => {
  const settings = parseProxySettings({ epochs: 8, batchSize: 30, learningRate: 0.05, seed: 3 });
  const estimator = new ProxyEstimator(settings, data);
  const graph = tinyConvNet([8, 8, 1], 3);
  const first = await estimator.evaluate({ key: 'a', encoding: [], graph });
  const tensorsAfterFirst = tf.memory().numTensors;
  assert.equal(first.status, 'ok', first.error);
  assert.equal(first.backend, 'cpu');
  for (const m of estimator.metricNames()) assert.ok(Number.isFinite(first.metrics[m]), `metric ${m}`);
  assert.equal(first.metrics.params, graph.params);
  assert.equal(first.metrics.flops, 2 * graph.macs);
  assert.ok(first.metrics.val_acc >= 0.9, `val_acc ${first.metrics.val_acc}`);
  const curve = first.details?.lossCurve as number[];
  assert.equal(curve.length, 8 * 10);
  assert.ok(curve[curve.length - 1] < curve[0], 'loss went down');
  // The same seed trains the same way; nothing is left behind but the cached data tensors.
  const second = await estimator.evaluate({ key: 'a', encoding: [], graph });
  assert.equal(tf.memory().numTensors, tensorsAfterFirst);
  assert.equal(second.metrics.val_loss, first.metrics.val_loss);
  const before = tf.memory().numTensors;
  await estimator.dispose();
  assert.equal(tf.memory().numTensors, before - 4);
});

test('a diverging candidate stops early as failed with the reason', async () => {
  const estimator = new ProxyEstimator(parseProxySettings({ epochs: 5, batchSize: 30, optimizer: 'sgd', learningRate: 1e6, latency: 0 }), data);
  const r = await estimator.evaluate({ key: 'b', encoding: [], graph: tinyConvNet([8, 8, 1], 3) });
  assert.equal(r.status, 'failed');
  assert.match(r.error ?? '', /^diverged: training loss/);
  assert.ok((r.details?.lossCurve as number[]).length < 5 * 10, 'stopped before the end');
  await estimator.dispose();
});

test('over the memory budget is rejected before building; a missing graph or mismatched data fails with the reason', async () => {
  const estimator = new ProxyEstimator(parseProxySettings({ memoryBudgetMb: 0.001 }), data);
  const graph = tinyConvNet([8, 8, 1], 3);
  const tensors = tf.memory().numTensors;
  const rejected = await estimator.evaluate({ key: 'c', encoding: [], graph });
  assert.equal(rejected.status, 'rejected');
  assert.match(rejected.error ?? '', /over the memory budget/);
  assert.equal(rejected.metrics.params, graph.params);
  assert.equal(tf.memory().numTensors, tensors, 'nothing was built or loaded');
  const noGraph = await estimator.evaluate({ key: 'd', encoding: [] });
  assert.match(noGraph.error ?? '', /needs the decoded architecture graph/);
  const other = new ProxyEstimator(parseProxySettings({ latency: 0 }), data);
  const wrongClasses = await other.evaluate({ key: 'e', encoding: [], graph: tinyConvNet([8, 8, 1], 5) });
  assert.match(wrongClasses.error ?? '', /5 classes, the dataset 3/);
  const wrongInput = await other.evaluate({ key: 'f', encoding: [], graph: tinyConvNet([16, 16, 1], 3) });
  assert.match(wrongInput.error ?? '', /input \[16, 16, 1\] does not match the dataset's images \[8, 8, 1\]/);
  await other.dispose();
});

test('down-scaled training still reports the full-size candidate\'s params and latency', async () => {
  const small: DatasetSplits = { train: { ...data.train, images: downscaleBy2(data.train), shape: [4, 4, 1] }, validation: { ...data.validation, images: downscaleBy2(data.validation), shape: [4, 4, 1] }, source: 'test' };
  const estimator = new ProxyEstimator(parseProxySettings({ epochs: 1, batchSize: 30, downscale: 2, widthMultiplier: 2 }), small);
  const graph = tinyConvNet([8, 8, 1], 3);
  const r = await estimator.evaluate({ key: 'g', encoding: [], graph });
  assert.equal(r.status, 'ok', r.error);
  assert.equal(r.metrics.params, graph.params);
  assert.ok((r.details?.trainedParams as number) > graph.params, 'the trained model was twice as wide');
  assert.ok(r.metrics.latency_ms > 0);
  await estimator.dispose();
});

test('repeats average trainings with successive seeds and report their spread, without leaking', async () => {
  const graph = tinyConvNet([8, 8, 1], 3);
  const base = { epochs: 1, batchSize: 30, learningRate: 0.02, latency: 0 };
  const single = await Promise.all([0, 1, 2].map(async (seed) => {
    const e = new ProxyEstimator(parseProxySettings({ ...base, seed }), data);
    const r = await e.evaluate({ key: 'a', encoding: [], graph });
    await e.dispose();
    return r.metrics.val_acc;
  }));
  const estimator = new ProxyEstimator(parseProxySettings({ ...base, repeats: 3 }), data);
  await estimator.evaluate({ key: 'a', encoding: [], graph });
  const tensors = tf.memory().numTensors;
  const r = await estimator.evaluate({ key: 'a', encoding: [], graph });
  assert.equal(tf.memory().numTensors, tensors);
  assert.equal(r.status, 'ok', r.error);
  // Seeds 1 and 2 also change the data order, so compare with the trainings each seed gets alone.
  const m = single.reduce((a, b) => a + b, 0) / 3;
  assert.ok(Math.abs(r.metrics.val_acc - m) < 1e-6, `${r.metrics.val_acc} vs mean ${m} of ${single.join(', ')}`);
  const sd = Math.sqrt(single.reduce((a, b) => a + (b - m) ** 2, 0) / 2);
  assert.ok(Math.abs(r.metrics.val_acc_sd - sd) < 1e-6);
  assert.ok(estimator.metricNames().includes('val_acc_sd'));
  assert.equal((r.details?.lossCurve as number[]).length, 10);
  await estimator.dispose();
});

// The timeout only guards against a hang: without a working cancel, 100,000 epochs would run for hours.
test('repeats on training threads score exactly as one after another; a cancel stops them at once', { timeout: 120_000 }, async () => {
  const graph = tinyConvNet([8, 8, 1], 3);
  const base = { epochs: 1, batchSize: 30, learningRate: 0.02, latency: 0, repeats: 3 };
  const evaluate = async (threads: number) => {
    const e = new ProxyEstimator(parseProxySettings({ ...base, threads }), data);
    const r = await e.evaluate({ key: 'a', encoding: [], graph });
    await e.dispose();
    assert.equal(r.status, 'ok', r.error);
    return r;
  };
  const sequential = await evaluate(1);
  const parallel = await evaluate(3);
  assert.equal(sequential.details?.parallelTrainings, undefined);
  assert.equal(parallel.details?.parallelTrainings, 3);
  for (const m of ['val_acc', 'val_loss', 'val_acc_sd', 'params', 'flops']) assert.equal(parallel.metrics[m], sequential.metrics[m], m);
  assert.deepEqual(parallel.details?.lossCurve, sequential.details?.lossCurve);

  const long = new ProxyEstimator(parseProxySettings({ ...base, epochs: 100_000, threads: 3 }), data);
  const abort = new AbortController();
  const pending = long.evaluate({ key: 'a', encoding: [], graph }, abort.signal);
  setTimeout(() => abort.abort(), 500);
  const r = await pending;
  assert.equal(r.status, 'failed');
  assert.match(r.error ?? '', /stopped: the evaluation was cancelled \(training with seed 0\)/);
  await long.dispose();
});

test('a candidate that cannot be built fails its evaluation with the reason, and the training threads then serve the next one', async () => {
  const good = tinyConvNet([8, 8, 1], 3);
  const bad = { ...good, nodes: good.nodes.map((n) => (n.op === 'conv2d' ? { ...n, attrs: { ...n.attrs, padding: 'full' } } : n)) };
  const e = new ProxyEstimator(parseProxySettings({ epochs: 1, batchSize: 30, learningRate: 0.02, latency: 0, repeats: 4, threads: 2 }), data);
  await assert.rejects(e.evaluate({ key: 'bad', encoding: [], graph: bad }), /padding "full", expected 'same' or 'valid'/);
  const r = await e.evaluate({ key: 'good', encoding: [], graph: good });
  assert.equal(r.status, 'ok', r.error);
  assert.equal(r.details?.parallelTrainings, 2);
  await e.dispose();
});

test('repeats train one at a time when two would not fit in the memory budget together', async () => {
  const graph = tinyConvNet([8, 8, 1], 3);
  const need = trainingMemoryBytes(graph, 30);
  const evaluate = async (budgetBytes: number) => {
    const e = new ProxyEstimator(parseProxySettings({ epochs: 1, batchSize: 30, learningRate: 0.02, latency: 0, repeats: 2, threads: 2, memoryBudgetMb: budgetBytes / 2 ** 20 }), data);
    const r = await e.evaluate({ key: 'a', encoding: [], graph });
    await e.dispose();
    assert.equal(r.status, 'ok', r.error);
    return r.details?.parallelTrainings;
  };
  assert.equal(await evaluate(1.5 * need), undefined);
  assert.equal(await evaluate(100 * need + 2 ** 20), 2);
});

test('settings are validated with the key named', () => {
  assert.equal(parseProxySettings({}).optimizer, 'adam');
  assert.equal(parseProxySettings({ epochs: '3' }).epochs, 3);
  assert.throws(() => parseProxySettings({ epoch: 3 }), /estimator proxy has no setting 'epoch' \(settings: epochs, subset/);
  assert.throws(() => parseProxySettings({ batchSize: 0 }), /batchSize must be a whole number >= 1/);
  assert.throws(() => parseProxySettings({ optimizer: 'rmsprop' }), /optimizer must be adam or sgd/);
  assert.throws(() => parseProxySettings({ learningRate: 0 }), /learningRate must be a number > 0, got 0/);
  assert.equal(parseProxySettings({}).schedule, 'cosine');
  assert.equal(parseProxySettings({ schedule: 'constant' }).schedule, 'constant');
  assert.throws(() => parseProxySettings({ schedule: 'step' }), /schedule must be cosine or constant, got "step"/);
  assert.throws(() => parseProxySettings({ repeats: 0 }), /repeats must be a whole number >= 1/);
  assert.throws(() => parseProxySettings({ bnMomentum: 1 }), /bnMomentum must be a number in \[0, 1\), got 1/);
  assert.throws(() => parseProxySettings({ epochs: 'two' }), /epochs must be a whole number >= 1, got "two"/);
  assert.throws(() => parseProxySettings({ threads: 1.5 }), /threads must be a whole number >= 0, got 1.5/);
});

test('the cosine schedule starts at the peak rate, falls monotonically and ends near 0; constant stays', () => {
  const cosine = { learningRate: 0.01, schedule: 'cosine' as const };
  const rates = Array.from({ length: 10 }, (_, step) => learningRateAt(cosine, step, 10));
  assert.equal(rates[0], 0.01);
  assert.ok(Math.abs(learningRateAt(cosine, 5, 10) - 0.005) < 1e-12);
  for (let i = 1; i < rates.length; i++) assert.ok(rates[i] < rates[i - 1], `step ${i}`);
  assert.ok(rates[9] < 0.01 * 0.03, `last step ${rates[9]}`);
  assert.equal(learningRateAt({ learningRate: 0.01, schedule: 'constant' }, 9, 10), 0.01);
});

test('the schedule reaches the optimizer: cosine and constant train differently, for adam and sgd', async () => {
  const graph = tinyConvNet([8, 8, 1], 3);
  for (const optimizer of ['adam', 'sgd']) {
    const losses: number[] = [];
    for (const schedule of ['cosine', 'constant']) {
      const estimator = new ProxyEstimator(parseProxySettings({ epochs: 2, batchSize: 30, optimizer, learningRate: 0.05, schedule, latency: 0 }), data);
      const r = await estimator.evaluate({ key: 'a', encoding: [], graph });
      assert.equal(r.status, 'ok', r.error);
      losses.push(r.metrics.val_loss);
      await estimator.dispose();
    }
    assert.notEqual(losses[0], losses[1], optimizer);
  }
});

function downscaleBy2(ds: Dataset): Float32Array {
  const n = ds.labels.length;
  const out = new Float32Array(n * 16);
  for (let s = 0; s < n; s++) {
    for (let y = 0; y < 4; y++) {
      for (let x = 0; x < 4; x++) {
        let sum = 0;
        for (const [dy, dx] of [[0, 0], [0, 1], [1, 0], [1, 1]]) sum += ds.images[s * 64 + (2 * y + dy) * 8 + 2 * x + dx];
        out[s * 16 + y * 4 + x] = sum / 4;
      }
    }
  }
  return out;
}

test('batch-norm recalibration sets the moving mean and variance to the statistics of a training batch', () => {
  const g = new GraphMaker([4, 4, 1], 2);
  const conv = g.add('conv2d', 'input', { kernel: 1, stride: 1, filters: 2, padding: 'same', useBias: true });
  const bn = g.add('batchNorm', conv);
  const out = g.add('softmax', g.add('dense', g.add('globalAvgPool', bn), { units: 2, useBias: true }));
  const { model, layerNameOf } = buildModelWithMap(g.graph(out), { seed: 4 });
  const ds: Dataset = { images: Float32Array.from({ length: 10 * 16 }, (_, i) => (i * 7919) % 13 / 13), labels: new Int32Array(10).map((_, i) => i % 2), shape: [4, 4, 1], classes: 2 };
  const data = toTensors(ds);
  const bnLayer = model.getLayer(layerNameOf.get(bn)!);
  const probe = tf.model({ inputs: model.inputs, outputs: model.getLayer(layerNameOf.get(conv)!).output as tf.SymbolicTensor });
  const [mean, variance] = tf.tidy(() => {
    const m = tf.moments(probe.predict(data.x) as tf.Tensor, [0, 1, 2]);
    return [Array.from(m.mean.dataSync()), Array.from(m.variance.dataSync())];
  });
  const before = tf.memory().numTensors;
  recalibrateBatchNorm(model, data, 100);
  assert.equal(tf.memory().numTensors, before);
  const [, , movingMean, movingVar] = bnLayer.getWeights().map((w) => Array.from(w.dataSync()));
  movingMean.forEach((v, i) => assert.ok(Math.abs(v - mean[i]) < 1e-5, `mean ${v} vs ${mean[i]}`));
  movingVar.forEach((v, i) => assert.ok(Math.abs(v - variance[i]) < 1e-4, `variance ${v} vs ${variance[i]}`));
  assert.equal((bnLayer as unknown as { momentum: number }).momentum, 0.99, 'momentum restored');
  tf.dispose([data.x, data.y]);
  model.dispose();
});

test('proxy training reports every batch of its repeat on this thread, 1-based, with the loss curve so far', async () => {
  const settings = parseProxySettings({ epochs: 2, batchSize: 100, learningRate: 0.05, seed: 3, threads: 1 });
  const estimator = new ProxyEstimator(settings, data);
  const steps: { epoch: number; batch: number; batches: number; repeat: number; curve: number; elapsedMs: number; fraction?: number }[] = [];
  const result = await estimator.evaluate({ key: 'a', encoding: [], graph: tinyConvNet([8, 8, 1], 3) }, undefined, (p) => steps.push({ epoch: p.epoch, batch: p.batch, batches: p.batches, repeat: p.repeat, curve: p.lossCurve.length, elapsedMs: p.elapsedMs, fraction: p.fraction }));
  await estimator.dispose();
  assert.equal(result.status, 'ok', result.error);
  assert.deepEqual(steps.map((s) => `${s.repeat}:${s.epoch}.${s.batch}/${s.batches}`), ['1:1.1/3', '1:1.2/3', '1:1.3/3', '1:2.1/3', '1:2.2/3', '1:2.3/3']);
  assert.deepEqual(steps.map((s) => s.curve), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(steps.map((s) => Number(s.fraction?.toFixed(3))), [0.167, 0.333, 0.5, 0.667, 0.833, 1]);
  assert.ok(steps.every((s, i) => i === 0 || s.elapsedMs >= steps[i - 1].elapsedMs));
});
