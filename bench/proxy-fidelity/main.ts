// Proxy fidelity: does the short proxy training rank candidates like a longer training does?
// 20 seeded random MobileNetV2 candidates, each scored by the proxy estimator with the settings a
// search of the space uses (DEFAULT_PROXY_SETTINGS under the space file's `train` defaults) and by
// a longer training (all 6,000 built-in training samples, 5 epochs, cosine rate, mean of
// --long-seeds trainings, scored on the official test set when installed); prints both
// accuracies, the seconds of each, Kendall's tau-b between them with a bootstrap interval, and how
// well the long trainings of different seeds agree with each other (the ceiling for any proxy).
// The proxy is scored at --proxy-seeds (default: three seeds after the reference's, `repeats`
// apart) and the figure is the mean of their taus.
// Run: npm run bench:fidelity [-- --candidates 20 --long-epochs 5 --long-seeds 3 --proxy-seeds 3,4,5 --seed 1 --cache DIR --proxy-only --shard 1/2 --proxy repeats=3]
// Every score is cached by candidate key, settings and seed (JSON files in --cache, default under
// the OS temp folder): proxy settings can be re-tuned without redoing the long trainings, and
// --shard i/n processes share the work (each scores every n-th candidate; one per core); a run
// without --shard then finds everything cached and prints the table.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../src/core/rng';
import type { Architecture, ArchitectureGraph } from '../../src/core/space/types';
import { selectBackend } from '../../src/train/backend';
import { concatDatasets } from '../../src/train/data/dataset';
import { loadDataset, type DatasetSplits } from '../../src/train/data/loadDataset';
import { SYSTEM_FASHION_MNIST_DIR } from '../../src/train/data/mnistFolder';
import { ProxyEstimator } from '../../src/train/proxyEstimator';
import { parseProxySettings, type ProxySettings } from '../../src/train/proxySettings';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';
import { proxyOverrides } from '../proxyOverrides';
import { bootstrapInterval, kendallTauB } from './kendall';

const TARGET_TAU = 0.6;

interface Score { valAcc: number; seconds: number; status: string }
interface Row { key: string; arch: Architecture; graph: ArchitectureGraph; proxyBySeed: Score[]; long?: Score; longBySeed?: Score[] }

async function score(estimator: ProxyEstimator, { key, arch, graph }: Row): Promise<Score> {
  const start = performance.now();
  const r = await estimator.evaluate({ key, encoding: [...arch.encoding], graph });
  return { valAcc: r.status === 'ok' ? r.metrics.val_acc : NaN, seconds: (performance.now() - start) / 1000, status: r.status + (r.error ? `: ${r.error}` : '') };
}

/** The mean accuracy of several trainings of one candidate and their total seconds; NaN if any failed. */
function meanScore(scores: Score[]): Score {
  const failed = scores.find((s) => Number.isNaN(s.valAcc));
  return failed ?? { valAcc: scores.reduce((a, s) => a + s.valAcc, 0) / scores.length, seconds: scores.reduce((a, s) => a + s.seconds, 0), status: 'ok' };
}

function describeSettings(s: ProxySettings): string {
  return `epochs=${s.epochs},subset=${s.subset},lr=${s.learningRate},sched=${s.schedule},bs=${s.batchSize},opt=${s.optimizer},bnm=${s.bnMomentum},bnr=${s.bnRecalibration},ds=${s.downscale},wm=${s.widthMultiplier},seed=${s.seed}${s.repeats > 1 ? `,repeats=${s.repeats}` : ''}${s.dataset !== 'builtin' ? `,data=${s.dataset}` : ''}${s.validationSubset !== 1000 ? `,val=${s.validationSubset}` : ''}`;
}

/**
 * The long training's data: all 6,000 built-in training images; scored on the official
 * 10,000-image Fashion-MNIST test set when the Debian package is installed, else on the built-in
 * validation and test parts together (2,000 images).
 */
function referenceData(): { splits: DatasetSplits; name: string } {
  const builtin = loadDataset({ source: 'builtin' });
  if (fs.existsSync(SYSTEM_FASHION_MNIST_DIR)) {
    const official = loadDataset({ source: 'fashion-mnist' });
    if (official.test) return { splits: { train: builtin.train, validation: official.test, source: builtin.source }, name: 'the official Fashion-MNIST test set' };
  }
  return { splits: { train: builtin.train, validation: concatDatasets(builtin.validation, builtin.test!), source: builtin.source }, name: 'the built-in validation + test parts' };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const isFinished = (s: Score | undefined): s is Score => s !== undefined && Number.isFinite(s.valAcc);
/** Rows with a long score and a proxy score at every proxy seed. */
const isPaired = (r: Row) => isFinished(r.long) && r.proxyBySeed.length > 0 && r.proxyBySeed.every(isFinished);

/** The mean over the proxy seeds of Kendall's tau between that seed's proxy scores and the long scores. */
function meanTau(rows: Row[]): number {
  return mean(rows[0].proxyBySeed.map((_, k) => kendallTauB(rows.map((r) => r.proxyBySeed[k].valAcc), rows.map((r) => r.long!.valAcc))));
}

function fmt(s: Score | undefined): [string, string] {
  return s ? [Number.isNaN(s.valAcc) ? s.status : s.valAcc.toFixed(4), s.seconds.toFixed(1)] : ['-', '-'];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      candidates: { type: 'string', default: '20' },
      'long-epochs': { type: 'string', default: '5' },
      'long-seeds': { type: 'string', default: '3' },
      seed: { type: 'string', default: '1' },
      space: { type: 'string', default: 'examples/mobilenetv2.nasspace.ts' },
      cache: { type: 'string', default: path.join(os.tmpdir(), 'nas-bench-fidelity') },
      shard: { type: 'string', default: '1/1' },
      'proxy-only': { type: 'boolean', default: false },
      'proxy-seeds': { type: 'string' },
      proxy: { type: 'string', multiple: true, default: [] },
    },
  });
  const count = Number(values.candidates);
  const longEpochs = Number(values['long-epochs']);
  const backend = await selectBackend();
  const { space } = await loadSpaceFile(values.space!);

  // Distinct candidates from a seeded sampler.
  const rng = new Rng(Number(values.seed));
  const archs = new Map<string, Architecture>();
  for (let tries = 0; archs.size < count && tries < count * 100; tries++) {
    const a = space.sample(rng);
    archs.set(space.key(a), a);
  }

  const [shard, shards] = values.shard!.split('/').map(Number);
  if (!(Number.isInteger(shard) && Number.isInteger(shards) && shard >= 1 && shard <= shards)) throw new Error(`--shard must be i/n with 1 <= i <= n, got "${values.shard}"`);
  const proxySettings: ProxySettings = {
    ...parseProxySettings({ ...(space.definition.train ?? {}), ...proxyOverrides(values.proxy!) }),
    latency: 0,
    // Shards are one per core: each trains its repeats one after another (same scores).
    ...(shards > 1 ? { threads: 1 } : {}),
  };
  // Fixed here (not the proxy defaults) so re-tuning the proxy never changes the reference: a
  // cosine schedule to 0, so the score is read from settled weights, averaged over --long-seeds
  // trainings, scored on as many held-out images as there are (validation noise on 1,000 images
  // is about as large as the differences between these candidates).
  const longSettings: ProxySettings = {
    ...parseProxySettings({ seed: 0 }),
    epochs: longEpochs, subset: 6000, batchSize: 64, optimizer: 'adam', learningRate: 0.003, schedule: 'cosine', downscale: 1, bnMomentum: 0.9, bnRecalibration: 500, latency: 0,
  };
  const reference = referenceData();
  const longSeeds = Number(values['long-seeds']);
  if (!(Number.isInteger(longSeeds) && longSeeds >= 1)) throw new Error(`--long-seeds must be a whole number >= 1, got "${values['long-seeds']}"`);
  // The proxy trains with seeds the reference does not use (it uses 0 .. long-seeds - 1): a proxy
  // and a reference training of the same seed start from the same weights and see the data in a
  // related order, which flatters their agreement. Several seeds, because one seed's tau is
  // mostly luck: the figure is their mean. With repeats=K a proxy seed s trains seeds s .. s+K-1,
  // so the default seeds are K apart and no two share a training.
  const proxySeeds = (values['proxy-seeds'] ?? Array.from({ length: 3 }, (_, i) => longSeeds + i * proxySettings.repeats).join(',')).split(',').map(Number);
  if (!proxySeeds.every((x) => Number.isInteger(x) && x >= 0)) throw new Error(`--proxy-seeds must be whole numbers separated by commas, got "${values['proxy-seeds']}"`);
  const longTag = `epochs=${longSettings.epochs},subset=${longSettings.subset},lr=${longSettings.learningRate},bs=${longSettings.batchSize},sched=${longSettings.schedule},eval=${reference.name}`;
  console.log(`backend ${backend.backend}; ${archs.size} candidates of ${space.name} (sampler seed ${values.seed})`);
  console.log(`proxy: ${describeSettings(proxySettings)} at seeds ${proxySeeds.join(', ')} (validation: ${proxySettings.dataset} data, up to ${proxySettings.validationSubset} images)`);
  console.log(`long : ${describeSettings(longSettings)}, mean of ${longSeeds} seed(s) (scored on ${reference.name}: ${reference.splits.validation.labels.length} images)`);

  fs.mkdirSync(values.cache!, { recursive: true });
  const cacheFile = path.join(values.cache!, `scores-${shard}-of-${shards}.json`);
  const cache: Record<string, Score> = {};
  for (const f of fs.readdirSync(values.cache!).filter((n) => n.endsWith('.json'))) Object.assign(cache, JSON.parse(fs.readFileSync(path.join(values.cache!, f), 'utf8')));
  const mine: Record<string, Score> = fs.existsSync(cacheFile) ? JSON.parse(fs.readFileSync(cacheFile, 'utf8')) : {};
  const remember = (k: string, v: Score) => {
    cache[k] = mine[k] = v;
    fs.writeFileSync(cacheFile, JSON.stringify(mine, null, 1));
  };
  // This shard's candidates, each decoded once.
  const rows: Row[] = [...archs].filter((_, i) => shards === 1 || i % shards === shard - 1).map(([key, arch]) => ({ key, arch, graph: space.decode(arch), proxyBySeed: [] }));

  for (const seed of proxySeeds) {
    const settings = { ...proxySettings, seed };
    const tag = `proxy:${describeSettings(settings)}`;
    const proxy = new ProxyEstimator(settings);
    for (const [i, row] of rows.entries()) {
      const cached = cache[`${tag}|${row.key}`];
      const got = cached ?? (await score(proxy, row));
      if (!cached) remember(`${tag}|${row.key}`, got);
      row.proxyBySeed.push(got);
      console.log(`[proxy seed ${seed} ${i + 1}/${rows.length}] ${row.key} acc ${fmt(got)[0]} in ${fmt(got)[1]} s${cached ? ' (cached)' : ''}`);
    }
    await proxy.dispose();
  }

  const longBySeed = Array.from({ length: longSeeds }, (_, seed) => new ProxyEstimator({ ...longSettings, seed }, reference.splits));
  for (const [i, row] of rows.entries()) {
    const seedScores: Score[] = [];
    for (const [seed, long] of longBySeed.entries()) {
      const tag = `${longTag}${seed ? `,seed=${seed}` : ''}|${row.key}`;
      let got = cache[tag];
      const cached = got !== undefined;
      if (!got && !values['proxy-only']) {
        got = await score(long, row);
        remember(tag, got);
      }
      if (!got) continue;
      seedScores.push(got);
      console.log(`  [long ${i + 1}/${rows.length} seed ${seed}] acc ${fmt(got)[0]} in ${fmt(got)[1]} s${cached ? ' (cached)' : ''}`);
    }
    if (seedScores.length === longSeeds) {
      row.long = meanScore(seedScores);
      row.longBySeed = seedScores;
    }
    const sofar = rows.slice(0, i + 1).filter(isPaired);
    const tauSoFar = sofar.length >= 2 ? meanTau(sofar) : NaN;
    console.log(`[long ${i + 1}/${rows.length}] ${row.key} acc ${fmt(row.long)[0]}; tau over the first ${sofar.length}: ${tauSoFar.toFixed(3)}; tfjs tensors ${tf.memory().numTensors}`);
  }
  for (const long of longBySeed) await long.dispose();

  console.log(`\n| # | candidate | params | proxy val_acc (seed ${proxySeeds.join(' / ')}) | proxy s | long val_acc | long s |`);
  console.log('|---|---|---:|---:|---:|---:|---:|');
  rows.forEach((r, i) => console.log(`| ${i + 1} | ${r.key} | ${r.graph.params} | ${r.proxyBySeed.map((x) => fmt(x)[0]).join(' / ')} | ${mean(r.proxyBySeed.map((x) => x.seconds)).toFixed(1)} | ${fmt(r.long).join(' | ')} |`));
  const paired = rows.filter(isPaired);
  const proxySec = mean(rows.flatMap((r) => r.proxyBySeed.map((x) => x.seconds)));
  const longSec = mean(rows.filter((r) => r.long).map((r) => r.long!.seconds));
  console.log(`\npaired candidates: ${paired.length}/${rows.length}`);
  if (paired.length < 2) {
    console.log(`not enough candidates with both scores for Kendall's tau${values['proxy-only'] ? ' (--proxy-only: the long trainings are not all cached yet)' : ''}`);
    return;
  }
  console.log(`mean seconds per candidate: proxy ${proxySec.toFixed(1)} s, long ${longSec.toFixed(1)} s (proxy / long = ${(proxySec / longSec).toFixed(3)}x)`);
  console.log(`mean val_acc: proxy ${mean(paired.flatMap((r) => r.proxyBySeed.map((x) => x.valAcc))).toFixed(4)}, long ${mean(paired.map((r) => r.long!.valAcc)).toFixed(4)}`);
  const tau = meanTau(paired);
  const bySeed = proxySeeds.map((_, k) => kendallTauB(paired.map((r) => r.proxyBySeed[k].valAcc), paired.map((r) => r.long!.valAcc)));
  const [lo, hi] = bootstrapInterval(paired.length, (picks) => meanTau(picks.map((i) => paired[i])), new Rng(0));
  console.log(`Kendall tau-b (proxy vs long val_acc) at proxy seeds ${proxySeeds.join(', ')}: ${bySeed.map((t) => t.toFixed(3)).join(', ')}`);
  console.log(`mean Kendall tau-b: ${tau.toFixed(3)} (95% bootstrap interval over the candidates ${lo.toFixed(2)} to ${hi.toFixed(2)})  target >= ${TARGET_TAU}: ${tau >= TARGET_TAU ? 'MET' : 'NOT MET'}`);
  // How far the reference itself is from repeatable: its trainings under different seeds
  // ranked against each other. No proxy can agree with one long training much better than
  // another long training of the same candidates does.
  if (longSeeds >= 2) {
    const longOfSeed = (seed: number) => paired.map((r) => r.longBySeed![seed].valAcc);
    const pairs: number[] = [];
    for (let a = 0; a < longSeeds; a++) for (let b = a + 1; b < longSeeds; b++) pairs.push(kendallTauB(longOfSeed(a), longOfSeed(b)));
    const proxyVsSeed = Array.from({ length: longSeeds }, (_, seed) => mean(proxySeeds.map((_, k) => kendallTauB(paired.map((r) => r.proxyBySeed[k].valAcc), longOfSeed(seed)))));
    console.log(`reference seed vs seed: Kendall tau-b ${pairs.map((t) => t.toFixed(3)).join(', ')} (mean ${mean(pairs).toFixed(3)}); proxy (mean over its seeds) vs each reference seed: ${proxyVsSeed.map((t) => t.toFixed(3)).join(', ')}`);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
