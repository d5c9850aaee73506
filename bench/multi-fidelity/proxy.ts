// Multi-fidelity search with real proxy training, at small scale: the example MobileNetV2 space on
// the built-in Fashion-MNIST-sized data (a stratified subset, down-scaled to 14x14), objectives
// max:val_acc and min:params (params stands in for latency: like latency it is exact at every
// rung, and it is free to measure on a shared 2-core machine). The fidelity is epochs, 1..MAX
// with eta 2. At an equal training budget (epochs trained x subset = training samples seen), each
// method's final front (each candidate's highest-fidelity result) is re-evaluated at MAX epochs
// (front members not trained that far are trained from scratch; not counted in the budget) and its
// hypervolume computed (reference: accuracy 0, the largest params seen x 1.01). Also prints the
// wall time of the multi-fidelity runs and how it splits into training, waiting and overhead.
// Run: node esbuild.js && node out/bench/multi-fidelity/proxy.js [--seeds 2 --budget 48 --max 4 --subset 1000 --skip-low --only full]
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Estimator } from '../../src/core/estimate/types';
import { InProcessPool } from '../../src/core/pool/inProcessPool';
import { finalRecords } from '../../src/core/run/rungs';
import type { CandidateRecord } from '../../src/core/run/types';
import { hypervolume } from '../../src/core/search/hypervolume';
import { runSearchLoop } from '../../src/core/search/loop';
import { parseObjective } from '../../src/core/search/objectives';
import { paretoFront } from '../../src/core/search/pareto';
import { createStrategy } from '../../src/core/search/strategies/index';
import { selectBackend } from '../../src/train/backend';
import { ProxyEstimator } from '../../src/train/proxyEstimator';
import { parseProxySettings } from '../../src/train/proxySettings';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';

const ROOT = path.resolve(__dirname, '../../..');
const objectives = [parseObjective('max:val_acc'), parseObjective('min:params')];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seeds: { type: 'string', default: '2' }, budget: { type: 'string', default: '48' }, max: { type: 'string', default: '4' }, subset: { type: 'string', default: '1000' }, 'skip-low': { type: 'boolean', default: false }, only: { type: 'string' } } });
  const seeds = Number(values.seeds);
  const budget = Number(values.budget);
  const max = Number(values.max);
  const subset = Number(values.subset);
  const backend = await selectBackend();
  const { space } = await loadSpaceFile(path.join(ROOT, 'examples/mobilenetv2.nasspace.ts'));
  const settings = (seed: number) => parseProxySettings({ ...(space.definition.train ?? {}), epochs: max, subset, validationSubset: 500, repeats: 1, threads: 1, latency: 0, seed });
  console.log(`backend ${backend.backend}; ${space.name}; subset ${subset}, validation 500, downscale ${settings(0).downscale}, epochs 1..${max} (eta 2); budget ${budget} epochs = ${budget * subset} training samples; ${seeds} seeds\n`);
  const all: { name: string; strategy: string; options?: Record<string, number | string>; fixed?: number; parallel?: number }[] = [
    { name: `nsga2, full fidelity (${max} epochs)`, strategy: 'nsga2', fixed: max },
    { name: 'nsga2, lowest fidelity (1 epoch)', strategy: 'nsga2', fixed: 1 },
    { name: 'MO successive halving', strategy: 'halving', options: { eta: 2, proposer: 'nsga2' } },
    { name: 'MO-ASHA, 2 lanes', strategy: 'halving', options: { eta: 2, async: 1, proposer: 'nsga2' }, parallel: 2 },
  ];
  // --skip-low: leave out nsga2 at the lowest fidelity (the table benchmark covers it) when time is short.
  // --only <text>: the methods whose name contains it (e.g. 'full' for the target's 3x budget run).
  const methods = (values['skip-low'] ? all.filter((m) => m.fixed !== 1) : all).filter((m) => !values.only || m.name.includes(values.only));
  const rows: string[] = [];
  const walls: string[] = [];
  for (const m of methods) {
    const hv: number[] = [];
    const evaluated: number[] = [];
    for (let seed = 0; seed < seeds; seed++) {
      const s = settings(seed);
      const estimator: Estimator = new ProxyEstimator(m.fixed ? { ...s, epochs: m.fixed } : s);
      const fidelity = m.fixed ? undefined : { setting: 'epochs', min: 1, max };
      const strategy = createStrategy(m.strategy, { space, objectives, constraints: [], seed, options: m.options, ...(fidelity ? { fidelity } : {}) });
      // Stops once the training budget is spent: an evaluation is admitted while budget is left.
      let spent = 0;
      const trained = new Map<string, number>();
      const stop = new AbortController();
      const started = performance.now();
      const pool = new InProcessPool(estimator, m.parallel ?? 1);
      const outcome = await runSearchLoop({
        space, strategy, pool, objectives, constraints: [], budget: { evaluations: 10_000 }, includeGraph: true, signal: stop.signal,
        onCandidate(r) {
          const level = r.fidelity?.value ?? m.fixed!;
          spent += level - (trained.get(r.key) ?? 0);
          trained.set(r.key, level);
          if (spent >= budget) stop.abort();
        },
      });
      const wall = (performance.now() - started) / 1000;
      if (!m.fixed) {
        const train = outcome.records.reduce((a, r) => a + (r.metrics.train_time_s ?? 0), 0);
        const lanes = m.parallel ?? 1;
        // Lane-seconds not spent training: waiting for a rung to fill (sync) or for the pool, and the loop's own work.
        walls.push(`| ${m.name} | ${seed} | ${outcome.records.length} | ${wall.toFixed(0)} | ${train.toFixed(0)} | ${(lanes * wall - train).toFixed(0)} (${lanes} lane${lanes > 1 ? 's' : ''}) |`);
      }
      hv.push(await frontHypervolume(outcome.records, space, settings(seed)));
      evaluated.push(finalRecords(outcome.records).length);
      await pool.close();
    }
    rows.push(`| ${m.name} | ${mean(evaluated).toFixed(1)} | ${mean(hv).toFixed(4)} ± ${sd(hv).toFixed(4)} |`);
    console.log(rows.at(-1));
  }
  console.log(`\n| method | candidates | hypervolume at ${max} epochs (mean ± sd) |\n|---|---:|---:|\n${rows.join('\n')}`);
  console.log(`\nWall time of the multi-fidelity runs (seconds; training = sum of the candidates' train_time_s)\n\n| method | seed | evaluations | wall | training | lane-seconds waiting or overhead |\n|---|---:|---:|---:|---:|---:|\n${walls.join('\n')}`);
}

/** The final front's hypervolume with every member at the highest fidelity (params in millions). */
async function frontHypervolume(records: readonly CandidateRecord[], space: Awaited<ReturnType<typeof loadSpaceFile>>['space'], s: ReturnType<typeof parseProxySettings>): Promise<number> {
  const finals = finalRecords(records).filter((r) => r.status === 'ok');
  const front = paretoFront(finals.map((r) => [-r.metrics.val_acc, r.metrics.params])).map((i) => finals[i]);
  const full = new ProxyEstimator(s);
  const points: number[][] = [];
  for (const r of front) {
    let acc = r.metrics.val_acc;
    if ((r.fidelity?.value ?? s.epochs) !== s.epochs) {
      const arch = { encoding: r.encoding };
      const again = await full.evaluate({ key: r.key, encoding: r.encoding, graph: space.decode(arch) });
      acc = again.metrics.val_acc ?? 0;
    }
    points.push([-acc, r.metrics.params / 1e6]);
  }
  await full.dispose();
  return hypervolume(points, [0, REFERENCE_PARAMS_M]);
}

/** Above every candidate of the space's widths (the largest of 300 samples is 0.23 M). */
const REFERENCE_PARAMS_M = 0.25;

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / Math.max(1, xs.length - 1));

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
