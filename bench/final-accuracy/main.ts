// Final accuracy: a 30-evaluation proxy search of the MobileNetV2 space (default proxy settings,
// objectives max:val_acc and min:latency_ms), then its best candidate by val_acc trained longer on
// the full Fashion-MNIST (all 60,000 training images of the Debian package dataset-fashion-mnist)
// with a cosine learning-rate schedule, and scored once on the official 10,000-image test set,
// which neither the search nor the training sees.
// Run: npm run bench:final [-- --budget 30 --epochs 5 --lr 0.002 --batch 128 --run DIR]
// --run DIR reuses a finished search run folder (its candidates.jsonl) instead of searching again.
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../src/core/rng';
import { CANDIDATES_FILE, readCandidateLogFile } from '../../src/core/run/store';
import { selectBackend } from '../../src/train/backend';
import { loadDataset } from '../../src/train/data/loadDataset';
import { concatDatasets } from '../../src/train/data/dataset';
import { buildModel } from '../../src/train/modelBuilder';
import { learningRateAt, recalibrateBatchNorm, toTensors, type TensorData } from '../../src/train/trainCandidate';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';

const TARGET_ACC = 0.9;

function accuracyOn(model: tf.LayersModel, data: TensorData): number {
  return tf.tidy(() => (model.evaluate(data.x, data.y, { batchSize: 500 }) as tf.Scalar[])[1].dataSync()[0]);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      budget: { type: 'string', default: '30' },
      epochs: { type: 'string', default: '5' },
      lr: { type: 'string', default: '0.002' },
      batch: { type: 'string', default: '128' },
      seed: { type: 'string', default: '0' },
      space: { type: 'string', default: 'examples/mobilenetv2.nasspace.ts' },
      run: { type: 'string' },
    },
  });
  const epochs = Number(values.epochs);
  const baseRate = Number(values.lr);
  const batchSize = Number(values.batch);
  const spaceFile = values.space!;

  // 1. The search, through the CLI a user runs (it prints its candidates and Pareto front):
  //    nas search SPACE --estimator proxy --budget 30 --objective max:val_acc --objective min:latency_ms
  const runDir = values.run ? path.resolve(values.run) : path.join(os.tmpdir(), 'nas-bench-final-runs', `run-${Date.now()}`);
  const searchStart = performance.now();
  if (!values.run) {
    const cli = spawnSync(process.execPath, [
      'bin/nas.js', 'search', spaceFile, '--estimator', 'proxy', '--budget', values.budget!, '--seed', values.seed!,
      '--objective', 'max:val_acc', '--objective', 'min:latency_ms', '--out', runDir,
    ], { stdio: 'inherit' });
    if (cli.status !== 0) throw new Error(`nas search exited with ${cli.status ?? cli.signal}`);
  }
  const { records } = readCandidateLogFile(path.join(runDir, CANDIDATES_FILE));
  // With --run, the search's time is the sum of its evaluations (its own log).
  const searchSeconds = values.run ? records.reduce((t, r) => t + r.durationMs, 0) / 1000 : (performance.now() - searchStart) / 1000;
  const ok = records.filter((r) => r.status === 'ok' && Number.isFinite(r.metrics.val_acc));
  if (ok.length === 0) throw new Error('the search produced no successful candidate');
  const bestRecord = ok.reduce((a, b) => (b.metrics.val_acc > a.metrics.val_acc ? b : a));
  console.log(`\nsearch: ${records.length} evaluated (${ok.length} ok) in ${searchSeconds.toFixed(0)} s, folder ${runDir}`);
  console.log(`best by val_acc: ${bestRecord.key}  proxy val_acc ${bestRecord.metrics.val_acc.toFixed(4)}  params ${bestRecord.metrics.params}  flops ${bestRecord.metrics.flops}  latency ${bestRecord.metrics.latency_ms?.toFixed(3)} ms`);

  // 2. Long training of that architecture on the full Fashion-MNIST.
  const backend = await selectBackend();
  const { space } = await loadSpaceFile(spaceFile);
  const graph = space.decode({ encoding: bestRecord.encoding });
  console.log('architecture:');
  for (const n of graph.nodes) console.log(`  ${n.id.padEnd(28)} ${n.op.padEnd(22)} [${n.shape.join(', ')}] params ${n.params}`);

  const splits = loadDataset({ source: 'fashion-mnist', seed: Number(values.seed) });
  if (!splits.test) throw new Error('the Fashion-MNIST folder has no test part');
  const train = toTensors(concatDatasets(splits.train, splits.validation));
  const test = toTensors(splits.test);
  console.log(`\ndata: ${splits.source}, train ${train.n}, test ${test.n} (held out); backend ${backend.backend}; ${epochs} epochs, batch ${batchSize}, Adam, cosine lr from ${baseRate}`);

  const model = buildModel(graph, { seed: Number(values.seed) });
  const optimizer = tf.train.adam(baseRate);
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const rng = new Rng(Number(values.seed));
  const trainStart = performance.now();
  for (let epoch = 0; epoch < epochs; epoch++) {
    // Cosine per epoch, taken at the epoch's middle so the last epoch still learns.
    const rate = learningRateAt({ learningRate: baseRate, schedule: 'cosine' }, epoch + 0.5, epochs);
    // tfjs's Adam keeps its rate in a protected field that fit() reads on every step.
    (optimizer as unknown as { learningRate: number }).learningRate = rate;
    const order = tf.tensor1d(rng.shuffle(Array.from({ length: train.n }, (_, i) => i)), 'int32');
    const x = tf.gather(train.x, order);
    const y = tf.gather(train.y, order);
    order.dispose();
    const epochStart = performance.now();
    let lastLog = epochStart;
    const history = await model.fit(x, y, {
      epochs: 1, batchSize, shuffle: false, verbose: 0,
      callbacks: {
        onBatchEnd: async (batch, logs) => {
          if (performance.now() - lastLog > 60_000) {
            lastLog = performance.now();
            const done = (batch + 1) * batchSize;
            console.log(`    epoch ${epoch + 1} batch ${batch + 1}: loss ${logs?.loss?.toFixed(4)}, ${(done / ((lastLog - epochStart) / 1000)).toFixed(0)} samples/s`);
          }
        },
      },
    });
    tf.dispose([x, y]);
    const h = history.history;
    console.log(`  epoch ${epoch + 1}/${epochs}: lr ${rate.toExponential(2)}, train loss ${Number(h.loss[0]).toFixed(4)}, train acc ${Number(h.acc?.[0] ?? h.accuracy?.[0]).toFixed(4)}, ${((performance.now() - epochStart) / 1000).toFixed(0)} s`);
  }
  const trainSeconds = (performance.now() - trainStart) / 1000;
  // Moving BN averages trail the weights; recompute them from training data (never the test set).
  recalibrateBatchNorm(model, train, 2000);
  const testAcc = accuracyOn(model, test);
  console.log(`\nfinal: ${bestRecord.key}, params ${model.countParams()}, ${epochs} epochs on ${train.n} images in ${trainSeconds.toFixed(0)} s (search ${searchSeconds.toFixed(0)} s)`);
  console.log(`test accuracy (official 10,000 test images): ${testAcc.toFixed(4)}  target >= ${TARGET_ACC}: ${testAcc >= TARGET_ACC ? 'MET' : 'NOT MET'}`);
  model.dispose();
  optimizer.dispose();
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
