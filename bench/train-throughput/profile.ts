// Profiles one training step of a benchmark network on the selected backend: wall time per step,
// time per kernel name (summed), kernel-call count, and the time outside kernels (dispatch).
// Usage: node out/bench/train-throughput/profile.js [small|medium|large] [wasm|cpu]
import * as tf from '@tensorflow/tfjs';
import { selectBackend, BackendName } from '../../src/train/backend';
import { buildModel } from './buildModel';
import { networks } from './networks';

async function main(): Promise<void> {
  const netName = process.argv[2] ?? 'small';
  const spec = networks.find((n) => n.name === netName);
  if (!spec) throw new Error(`unknown network '${netName}' (known: ${networks.map((n) => n.name).join(', ')})`);
  const force = process.argv[3] as BackendName | undefined;
  const report = await selectBackend(force ? { force } : {});
  const batch = 64;
  const model = buildModel(spec);
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  const xs = tf.randomUniform([batch, ...spec.input]);
  const ys = tf.oneHot(tf.randomUniform([batch], 0, spec.classes, 'int32'), spec.classes);
  for (let i = 0; i < 3; i++) await model.trainOnBatch(xs, ys);
  const steps = 10;
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await model.trainOnBatch(xs, ys);
  const stepMs = (performance.now() - t0) / steps;
  const info = await tf.profile(async () => { await model.trainOnBatch(xs, ys); });
  const byName = new Map<string, { ms: number; calls: number }>();
  let kernelMs = 0;
  for (const k of info.kernels) {
    const ms = Number(k.kernelTimeMs);
    kernelMs += ms;
    const e = byName.get(k.name) ?? { ms: 0, calls: 0 };
    e.ms += ms; e.calls++;
    byName.set(k.name, e);
  }
  console.log(`${spec.name} on ${report.backend}: ${stepMs.toFixed(1)} ms/step (${(batch * 1000 / stepMs).toFixed(0)} samples/s); ${info.kernels.length} kernel calls, ${kernelMs.toFixed(1)} ms in kernels (profiled step)`);
  for (const [name, e] of [...byName].sort((a, b) => b[1].ms - a[1].ms).slice(0, 30)) {
    console.log(`${name.padEnd(40)} ${e.ms.toFixed(2).padStart(8)} ms ${String(e.calls).padStart(5)} calls`);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
