// Benchmark 4 of issue 13: on 50 seeded random candidates of the MobileNetV2 example space
// (Fashion-MNIST), the Spearman correlation of each zero-cost proxy and of the ensemble with a
// reference training, and the seconds per candidate of each.
// The reference is a proxy training (the space's own settings, `--repeats` seeds averaged), not
// the 5-epoch training of bench/proxy-fidelity: 50 of those take hours on two cores.
// Run: npm run bench:zc-fashion [-- --candidates 50 --seed 1 --repeats 2 --batch-size 32 --cache FILE --reference-only]
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { parseZcArgument, ZC_DEFAULT_ENSEMBLE, ZC_PROXIES, ZC_SETTINGS, type ZcProxy } from '../../src/core/estimate/estimators/zeroCost';
import { aggregateRanks, spearman } from '../../src/core/estimate/ranks';
import { applySettings } from '../../src/core/estimate/settings';
import { Rng } from '../../src/core/rng';
import type { Architecture } from '../../src/core/space/types';
import { selectBackend } from '../../src/train/backend';
import { flopsOf } from '../../src/hardware/costModel';
import { parseProxySettings } from '../../src/train/proxySettings';
import { loadProxyBatch, scoreGraph } from '../../src/train/zeroCost/proxies';
import { ZeroCostEstimator } from '../../src/train/zeroCost/zeroCostEstimator';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';
import { describeReference, referenceScores, type Candidate } from './reference';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      candidates: { type: 'string', default: '50' },
      seed: { type: 'string', default: '1' },
      repeats: { type: 'string', default: '2' },
      'batch-size': { type: 'string' },
      space: { type: 'string', default: 'examples/mobilenetv2.nasspace.ts' },
      cache: { type: 'string', default: path.join(os.tmpdir(), 'nas-bench-zc', 'reference.json') },
      'reference-only': { type: 'boolean', default: false },
    },
  });
  const backend = await selectBackend();
  const { space } = await loadSpaceFile(values.space!);
  const rng = new Rng(Number(values.seed));
  const archs = new Map<string, Architecture>();
  const count = Number(values.candidates);
  for (let tries = 0; archs.size < count && tries < count * 100; tries++) {
    const a = space.sample(rng);
    archs.set(space.key(a), a);
  }
  const candidates: Candidate[] = [...archs].map(([key, arch]) => ({ key, arch, graph: space.decode(arch) }));
  const referenceSettings = { ...parseProxySettings({ ...(space.definition.train ?? {}), repeats: Number(values.repeats), seed: 0 }), latency: 0, threads: 1 };
  console.log(`backend ${backend.backend}; ${candidates.length} candidates of ${space.name} (sampler seed ${values.seed})`);
  console.log(`reference: ${describeReference(referenceSettings)}`);
  const reference = await referenceScores(candidates, referenceSettings, values.cache!, console.log);
  if (values['reference-only']) return;
  const ok = candidates.map((_, i) => i).filter((i) => Number.isFinite(reference[i].valAcc));
  const y = ok.map((i) => reference[i].valAcc);
  console.log(`reference: mean ${(reference.reduce((a, r) => a + r.seconds, 0) / reference.length).toFixed(1)} s per candidate; ${ok.length} trained`);

  // Each proxy alone (its own pass, weights built each time, as a run asking for it pays), then all six at once.
  const settings = applySettings('estimator zc', ZC_SETTINGS, { batchSize: values['batch-size'] });
  const batch = loadProxyBatch(settings);
  const scores: Record<string, number[]> = Object.fromEntries([...ZC_PROXIES, 'params', 'flops'].map((m) => [m, []]));
  const seconds: Record<string, number> = Object.fromEntries([...ZC_PROXIES, 'all six'].map((m) => [m, 0]));
  for (const [n, i] of ok.entries()) {
    const { graph } = candidates[i];
    for (const p of ZC_PROXIES) {
      const start = performance.now();
      scores[p].push(scoreGraph(graph, [p], batch, settings.seed)[p]!);
      seconds[p] += (performance.now() - start) / 1000;
    }
    const start = performance.now();
    const all = scoreGraph(graph, ZC_PROXIES, batch, settings.seed);
    seconds['all six'] += (performance.now() - start) / 1000;
    for (const p of ZC_PROXIES) if (all[p] !== scores[p][n]) throw new Error(`${p} differs alone (${scores[p][n]}) and with the others (${all[p]})`);
    scores.params.push(graph.params);
    scores.flops.push(flopsOf(graph.macs));
    if ((n + 1) % 10 === 0) console.log(`  zero-cost: ${n + 1}/${ok.length}`);
  }
  // The zc estimator as a run uses it: all six and the ensemble against its reference sample.
  const estimator = new ZeroCostEstimator({ ...settings }, parseZcArgument(undefined), space, batch);
  const started = performance.now();
  const zc: number[] = [];
  let firstSeconds = 0;
  for (const i of ok) {
    const r = await estimator.evaluate({ key: candidates[i].key, encoding: [...candidates[i].arch.encoding], graph: candidates[i].graph });
    zc.push(r.metrics.zc ?? NaN);
    if (zc.length === 1) firstSeconds = (performance.now() - started) / 1000;
  }
  const perCandidate = ((performance.now() - started) / 1000 - firstSeconds) / Math.max(1, ok.length - 1);

  const rows: [string, number, string][] = [
    ...[...ZC_PROXIES, 'params', 'flops'].map((m): [string, number, string] => [m, spearman(scores[m], y), m in seconds ? (seconds[m] / ok.length).toFixed(3) : 'free']),
    [`rank sum over these ${ok.length} of ${ZC_DEFAULT_ENSEMBLE.join(' + ')}`, spearman(aggregateRanks(ZC_DEFAULT_ENSEMBLE.map((m) => scores[m])), y), (seconds['all six'] / ok.length).toFixed(3)],
    [`rank sum of all six proxies`, spearman(aggregateRanks(ZC_PROXIES.map((m: ZcProxy) => scores[m])), y), ''],
    [`rank sum of all six + params + flops`, spearman(aggregateRanks([...ZC_PROXIES, 'params', 'flops'].map((m) => scores[m])), y), ''],
    [`zc estimator (percentile among ${settings.reference} sampled architectures)`, spearman(zc, y), perCandidate.toFixed(3)],
  ];
  console.log(`\n| proxy (one mini-batch of ${settings.batchSize}, seed ${settings.seed}) | Spearman vs reference | s / candidate |`);
  console.log('|---|---:|---:|');
  for (const [name, rho, s] of rows) console.log(`| ${name} | ${rho.toFixed(3)} | ${s} |`);
  console.log(`all six proxies in one call: ${(seconds['all six'] / ok.length).toFixed(3)} s per candidate; the zc estimator's first candidate (with its reference sample) ${firstSeconds.toFixed(1)} s`);
  await estimator.dispose();
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
