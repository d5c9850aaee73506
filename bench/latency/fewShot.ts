// Benchmark 2: latency on devices we cannot run code on, from a few measured architectures.
// NAS-Bench-201 cells with HW-NAS-Bench's and HELP's measured latencies: fit the model `nas
// device fit` fits (hardware/latencyModel.ts fitFeatureModel) on 20 and 50 random measured
// cells, predict the rest, report Spearman and the share within +-10%, mean and spread over
// several draws. For HELP's six test devices, the test cells are HELP's (NAS-Bench-201 indices
// 900-1899) and the measured ones come from outside them. Transfer, as `nas device fit --from`
// does: the source devices are HELP's meta-training devices (never one of its six test devices,
// never the device itself), each a profile holding all of its measured cells (nb201Data.ts
// helpSources); the fit averages the members (its own features, a non-negative mix of the
// sources, ...) whose cross-validated error on the 20 (or 50) measured cells alone is close to
// the best. `--no-transfer`: the features only. `DEVICES=a,b`: only those latency sets.
import * as path from 'node:path';
import type { ArchitectureGraph } from '../../src/core/space/types';
import type { DeviceProfile } from '../../src/hardware/deviceProfile';
import { errorFigures, type ErrorFigures } from '../../src/hardware/fitError';
import { baseFeature, fitFeatureModel, predictFromFeatures, predictLatency } from '../../src/hardware/latencyModel';
import { latencyFeatures } from '../../src/hardware/latencyFeatures';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';
import { HELP_SOURCES, helpSources, loadLatencySets, sample, type LatencySet } from './nb201Data';

const ROOT = path.resolve(__dirname, '../../..');
const HELP_SIX: Record<string, number> = { 'help:titan_rtx_256': 0.987, 'help:gold_6226': 0.989, 'help:pixel2': 0.802, 'help:raspi4': 0.89, 'help:eyeriss': 0.94, 'help:fpga': 0.985 };
const SEEDS = Number(process.env.SEEDS ?? 10);
/** `DEVICES=help:pixel2,hw:raspi4`: only these, in this order (all by default). */
const DEVICES = process.env.DEVICES?.split(',');
const transfer = !process.argv.includes('--no-transfer');

/** The device a latency set is for, without its data set's prefix: hw:pixel3 and help:pixel3 are one device. */
type Features = Record<'true' | 'false', Record<string, number>[]>;

const deviceOf = (set: LatencySet) => set.device.replace(/^\w+:/, '');

function evaluate(set: LatencySet, keys: string[], graphs: ArchitectureGraph[], features: Features, n: number, seed: number, bases: DeviceProfile[]): ErrorFigures {
  const have = set.ms.map((v, i) => (v === undefined ? -1 : i)).filter((i) => i >= 0);
  const helpTest = set.device in HELP_SIX;
  const test = helpTest ? have.filter((i) => i >= 900 && i < 1900) : undefined;
  const pool = helpTest ? have.filter((i) => i < 900 || i >= 1900) : have;
  const train = sample(pool, n, seed);
  const inTrain = new Set(train);
  const held = test ?? have.filter((i) => !inTrain.has(i));
  const usable = bases.filter((b) => b.name !== deviceOf(set));
  const fitted = fitFeatureModel(train.map((i) => ({ graph: graphs[i], ms: set.ms[i]!, key: keys[i] })), usable);
  const model = fitted.model;
  // Every cell's features are computed once (in main) and a source profile answers a cell with its measurement: this is predictLatency's answer from them.
  const predict = (i: number) => predictFromFeatures(model, { written: features.false[i], folded: features.true[i], bases: Object.fromEntries((model.bases ?? []).map((b) => [baseFeature(b.name), predictLatency(b, graphs[i], keys[i]).ms])), missing: [] }).ms;
  return errorFigures(held.map(predict), held.map((i) => set.ms[i]!));
}

const fail = (message: string): never => {
  throw new Error(message);
};
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const spread = (v: number[]) => `${mean(v).toFixed(3)} (${Math.min(...v).toFixed(2)}-${Math.max(...v).toFixed(2)})`;

async function main(): Promise<void> {
  const { space } = await loadSpaceFile(path.join(ROOT, 'examples/nas-bench-201.nasspace.ts'));
  const { keys, sets: all } = loadLatencySets();
  const sets = DEVICES ? DEVICES.map((d) => all.find((s) => s.device === d) ?? fail(`DEVICES: no latency set ${d}; there are ${all.map((s) => s.device).join(', ')}`)) : all;
  const t0 = Date.now();
  const graphs = keys.map((k) => space.decode(space.fromKey(k)));
  const features: Features = { false: graphs.map((g) => latencyFeatures(g, false)), true: graphs.map((g) => latencyFeatures(g, true)) };
  console.log(`decoded ${graphs.length} cells in ${Date.now() - t0} ms; ${SEEDS} draws per figure: mean (lowest-highest)`);
  const bases = transfer ? helpSources(keys, all, graphs) : [];
  if (transfer) console.log(`transfer sources (HELP's meta-training devices): ${HELP_SOURCES.join(', ')}`);
  console.log('device                 n=20 Spearman          within10             | n=50 Spearman          within10             | HELP (10+10)');
  const at20: Record<string, number> = {};
  for (const set of sets) {
    const cols: string[] = [];
    for (const n of [20, 50]) {
      const runs = Array.from({ length: SEEDS }, (_, s) => evaluate(set, keys, graphs, features, n, s + 1, bases));
      if (n === 20) at20[set.device] = mean(runs.map((r) => r.spearman));
      cols.push(`${spread(runs.map((r) => r.spearman)).padStart(19)} ${spread(runs.map((r) => r.within10)).padStart(19)}`);
    }
    console.log(`${set.device.padEnd(22)} ${cols.join('  |')}  | ${HELP_SIX[set.device]?.toFixed(3) ?? ''}${HELP_SOURCES.includes(deviceOf(set)) && transfer ? '  (a source: not its own)' : ''}`);
  }
  const six = Object.keys(HELP_SIX).filter((d) => d in at20);
  console.log(`HELP's six from 20 cells: mean Spearman ${mean(six.map((d) => at20[d])).toFixed(3)} (target >= 0.97, HELP 0.932), lowest ${Math.min(...six.map((d) => at20[d])).toFixed(3)} (target >= 0.90)`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
