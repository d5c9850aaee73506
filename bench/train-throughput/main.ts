// Training throughput of our engine (the backend selectBackend picks) against PyTorch on the CPU,
// on the three networks of ./networks.ts, batch 64, 28x28x1, Adam, same thread count, one run.
// The machine is shared and noisy, so measurements are interleaved (ours, then PyTorch, per
// network) over several rounds; the table gives medians, and the ratio is the median of the
// per-round ratios (each from two measurements taken back to back).
// Also batch-1 inference latency of both (first round). Prints a table with ratios ours / PyTorch.
// Run: npm run bench:train [-- --rounds 3 --seconds 3 --only small,large]
//   (needs /usr/bin/python3 with torch: apt-get install -y python3-torch)
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/train/backend';
import { buildModel } from './buildModel';
import { NetworkSpec, networks } from './networks';
import { TorchPeer } from './torchPeer';

const BATCH = 64;

interface Options { rounds: number; seconds: number; only?: string[] }

function parseArgs(argv: string[]): Options {
  const opts: Options = { rounds: 3, seconds: 3 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`bench:train: ${flag} needs a value`);
    if (flag === '--rounds' || flag === '--seconds') {
      const n = Number(value);
      if (!(n > 0)) throw new Error(`bench:train: ${flag} must be a positive number, got '${value}'`);
      if (flag === '--rounds') opts.rounds = Math.round(n); else opts.seconds = n;
    } else if (flag === '--only') {
      opts.only = value.split(',');
      const unknown = opts.only.filter((n) => !networks.some((s) => s.name === n));
      if (unknown.length) throw new Error(`bench:train: unknown network(s) ${unknown.join(', ')} (known: ${networks.map((s) => s.name).join(', ')})`);
    } else {
      throw new Error(`bench:train: unknown flag '${flag}' (known: --rounds N, --seconds S, --only a,b)`);
    }
    i++;
  }
  return opts;
}

/** A compiled model with its data, kept across rounds. */
interface OursNet { model: tf.LayersModel; xAll: tf.Tensor; yAll: tf.Tensor; steps: number }

async function prepareOurs(spec: NetworkSpec, seconds: number): Promise<OursNet> {
  const model = buildModel(spec);
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  const batchOf = (samples: number): [tf.Tensor, tf.Tensor] => tf.tidy(() => [
    tf.randomUniform([samples, ...spec.input]),
    tf.oneHot(tf.randomUniform([samples], 0, spec.classes, 'int32'), spec.classes),
  ]);
  const [xs, ys] = batchOf(BATCH);
  // Warm up, then probe one step to size the timed epoch at about `seconds`.
  await model.fit(xs, ys, { batchSize: BATCH, epochs: 2, verbose: 0 });
  const probeStart = performance.now();
  await model.fit(xs, ys, { batchSize: BATCH, epochs: 1, verbose: 0 });
  const stepMs = performance.now() - probeStart;
  tf.dispose([xs, ys]);
  const steps = Math.max(3, Math.min(30, Math.ceil((seconds * 1000) / stepMs)));
  const [xAll, yAll] = batchOf(steps * BATCH);
  return { model, xAll, yAll, steps };
}

/** One epoch of model.fit over `steps` batches, as the proxy-training estimator uses it. */
async function trainOurs(net: OursNet): Promise<number> {
  const start = performance.now();
  await net.model.fit(net.xAll, net.yAll, { batchSize: BATCH, epochs: 1, shuffle: false, verbose: 0 });
  return (net.steps * BATCH * 1000) / (performance.now() - start);
}

function inferOurs(net: OursNet, spec: NetworkSpec): { medianMs: number; iqrMs: number } {
  const x1 = tf.randomUniform([1, ...spec.input]);
  const once = (): number => {
    const t = performance.now();
    tf.tidy(() => (net.model.predict(x1) as tf.Tensor).dataSync());
    return performance.now() - t;
  };
  for (let i = 0; i < 20; i++) once();
  const times = Array.from({ length: 200 }, once).sort((a, b) => a - b);
  x1.dispose();
  return { medianMs: quantile(times, 0.5), iqrMs: quantile(times, 0.75) - quantile(times, 0.25) };
}

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (pos - lo);
}

const median = (xs: number[]): number => quantile([...xs].sort((a, b) => a - b), 0.5);

interface Row { ours: number[]; torch: number[]; ratios: number[]; oursInfer?: { medianMs: number; iqrMs: number }; torchInfer?: { medianMs: number; iqrMs: number } }

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const chosen = networks.filter((s) => !opts.only || opts.only.includes(s.name));
  const report = await selectBackend();
  console.log(`ours: tfjs ${report.tfjsVersion} backend '${report.backend}', ${report.threads} thread(s), Node ${report.node}`);
  for (const [name, why] of Object.entries(report.reasons)) console.log(`  (not ${name}: ${why})`);
  const peer = await TorchPeer.start(chosen, { threads: report.threads, batch: BATCH, seconds: opts.seconds });
  if (typeof peer === 'string') console.log(peer);
  else console.log(`peer: PyTorch ${peer.version}`);

  const nets = new Map<string, OursNet>();
  for (const spec of chosen) nets.set(spec.name, await prepareOurs(spec, opts.seconds));
  const rows = new Map<string, Row>(chosen.map((s) => [s.name, { ours: [], torch: [], ratios: [] }]));
  for (let round = 0; round < opts.rounds; round++) {
    for (const spec of chosen) {
      const row = rows.get(spec.name)!;
      const net = nets.get(spec.name)!;
      const ours = await trainOurs(net);
      row.ours.push(ours);
      if (round === 0) row.oursInfer = inferOurs(net, spec);
      if (typeof peer !== 'string') {
        const t = await peer.measure(spec.name, round === 0);
        row.torch.push(t.trainSamplesPerSec);
        row.ratios.push(ours / t.trainSamplesPerSec);
        if (t.inferMedianMs !== undefined) row.torchInfer = { medianMs: t.inferMedianMs, iqrMs: t.inferIqrMs ?? NaN };
      }
      console.log(`  round ${round + 1}/${opts.rounds} ${spec.name}: ours ${ours.toFixed(0)}/s` + (row.torch.length > round ? `, torch ${row.torch[round].toFixed(0)}/s (${row.ratios[round].toFixed(2)}x)` : ''));
    }
  }
  if (typeof peer !== 'string') peer.close();
  for (const net of nets.values()) { tf.dispose([net.xAll, net.yAll]); net.model.dispose(); }

  const header = ['network', 'ours train/s', 'torch train/s', 'ratio (min-max)', 'ours infer ms (IQR)', 'torch infer ms (IQR)', 'ratio torch/ours'];
  const table = chosen.map((spec) => {
    const r = rows.get(spec.name)!;
    const has = r.torch.length > 0;
    const oi = r.oursInfer!;
    return [
      spec.name,
      median(r.ours).toFixed(0),
      has ? median(r.torch).toFixed(0) : 'n/a',
      has ? `${median(r.ratios).toFixed(2)}x (${Math.min(...r.ratios).toFixed(2)}-${Math.max(...r.ratios).toFixed(2)})` : 'n/a',
      `${oi.medianMs.toFixed(2)} (${oi.iqrMs.toFixed(2)})`,
      r.torchInfer ? `${r.torchInfer.medianMs.toFixed(2)} (${r.torchInfer.iqrMs.toFixed(2)})` : 'n/a',
      r.torchInfer ? (r.torchInfer.medianMs / oi.medianMs).toFixed(2) + 'x' : 'n/a',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(`\ntraining: batch ${BATCH}, 28x28x1, Adam, ${opts.rounds} interleaved round(s) of ~${opts.seconds} s each; medians; ratio = ours / PyTorch, median of per-round ratios (target >= 0.3x).`);
  console.log('inference: batch 1, median of 200 runs (first round).');
  console.log(line(header));
  for (const r of table) console.log(line(r));
}

main().catch((e) => { console.error(e); process.exit(1); });
