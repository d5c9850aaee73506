// Training throughput of our engine (the backend selectBackend picks) against PyTorch on the CPU,
// on the three networks of ./networks.ts, batch 64, 28x28x1, Adam, same thread count, one run.
// Also batch-1 inference latency of both. Prints a table with ratios ours / PyTorch.
// Run: npm run bench:train   (needs /usr/bin/python3 with torch: apt-get install -y python3-torch)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/train/backend';
import { buildModel } from './buildModel';
import { NetworkSpec, networks } from './networks';

const BATCH = 64;
const SECONDS = 4;
const PYTHON = '/usr/bin/python3';

interface Figures { trainSamplesPerSec: number; inferMedianMs: number; inferIqrMs: number }

async function measureOurs(spec: NetworkSpec): Promise<Figures> {
  const model = buildModel(spec);
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  const batchOf = (samples: number): [tf.Tensor, tf.Tensor] => tf.tidy(() => [
    tf.randomUniform([samples, ...spec.input]),
    tf.oneHot(tf.randomUniform([samples], 0, spec.classes, 'int32'), spec.classes),
  ]);
  const [xs, ys] = batchOf(BATCH);
  // Warm up, probe one step to size the timed run at about SECONDS, then time one epoch of
  // model.fit over that many batches, as the proxy-training estimator uses it.
  await model.fit(xs, ys, { batchSize: BATCH, epochs: 2, verbose: 0 });
  const probeStart = performance.now();
  await model.fit(xs, ys, { batchSize: BATCH, epochs: 1, verbose: 0 });
  const stepMs = performance.now() - probeStart;
  const steps = Math.max(3, Math.min(30, Math.ceil((SECONDS * 1000) / stepMs)));
  const [xAll, yAll] = batchOf(steps * BATCH);
  const start = performance.now();
  await model.fit(xAll, yAll, { batchSize: BATCH, epochs: 1, shuffle: false, verbose: 0 });
  const trainSamplesPerSec = (steps * BATCH * 1000) / (performance.now() - start);
  tf.dispose([xAll, yAll]);

  const x1 = tf.randomUniform([1, ...spec.input]);
  const once = (): number => {
    const t = performance.now();
    tf.tidy(() => (model.predict(x1) as tf.Tensor).dataSync());
    return performance.now() - t;
  };
  for (let i = 0; i < 20; i++) once();
  const times = Array.from({ length: 200 }, once).sort((a, b) => a - b);
  tf.dispose([xs, ys, x1]);
  model.dispose();
  return { trainSamplesPerSec, inferMedianMs: quantile(times, 0.5), inferIqrMs: quantile(times, 0.75) - quantile(times, 0.25) };
}

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (pos - lo);
}

function measurePyTorch(threads: number): { version: string; byName: Map<string, Figures> } | string {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    return `PyTorch not found at ${PYTHON} (${probe.error?.message ?? probe.stderr.trim().split('\n').pop()}); install it with: apt-get install -y python3-torch`;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nas-bench-'));
  const specFile = path.join(dir, 'networks.json');
  fs.writeFileSync(specFile, JSON.stringify(networks));
  // out/bench/train-throughput/main.js -> repository root -> bench/pytorch
  const script = path.resolve(__dirname, '../../../bench/pytorch/train_throughput.py');
  const run = spawnSync(PYTHON, [script, specFile, '--threads', String(threads), '--batch', String(BATCH), '--seconds', String(SECONDS)], { encoding: 'utf8', timeout: 600_000 });
  fs.rmSync(dir, { recursive: true, force: true });
  if (run.status !== 0) return `PyTorch run failed (exit ${run.status}): ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`;
  const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const byName = new Map<string, Figures>();
  for (const l of lines.slice(1)) byName.set(String(l.name), l as unknown as Figures);
  return { version: `${String(lines[0].torchVersion)}, ${String(lines[0].threads)} thread(s)`, byName };
}

async function main(): Promise<void> {
  const report = await selectBackend();
  console.log(`ours: tfjs ${report.tfjsVersion} backend '${report.backend}', ${report.threads} thread(s), Node ${report.node}`);
  for (const [name, why] of Object.entries(report.reasons)) console.log(`  (not ${name}: ${why})`);
  const ours = new Map<string, Figures>();
  for (const spec of networks) {
    ours.set(spec.name, await measureOurs(spec));
    console.log(`  measured ${spec.name}`);
  }
  const torch = measurePyTorch(report.threads);
  if (typeof torch === 'string') console.log(torch);
  else console.log(`peer: PyTorch ${torch.version}`);

  const header = ['network', 'ours train/s', 'torch train/s', 'ratio', 'ours infer ms (IQR)', 'torch infer ms (IQR)', 'ratio torch/ours'];
  const rows = networks.map((spec) => {
    const o = ours.get(spec.name)!;
    const t = typeof torch === 'string' ? undefined : torch.byName.get(spec.name);
    return [
      spec.name,
      o.trainSamplesPerSec.toFixed(0),
      t ? t.trainSamplesPerSec.toFixed(0) : 'n/a',
      t ? (o.trainSamplesPerSec / t.trainSamplesPerSec).toFixed(2) + 'x' : 'n/a',
      `${o.inferMedianMs.toFixed(2)} (${o.inferIqrMs.toFixed(2)})`,
      t ? `${t.inferMedianMs.toFixed(2)} (${t.inferIqrMs.toFixed(2)})` : 'n/a',
      t ? (t.inferMedianMs / o.inferMedianMs).toFixed(2) + 'x' : 'n/a',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(`\ntraining: batch ${BATCH}, 28x28x1, Adam; ratio = ours / PyTorch (target >= 0.3x). inference: batch 1, median of 200 runs.`);
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}

main().catch((e) => { console.error(e); process.exit(1); });
