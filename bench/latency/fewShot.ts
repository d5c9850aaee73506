// Benchmark 2: latency on devices we cannot run code on, from a few measured architectures.
// NAS-Bench-201 cells with HW-NAS-Bench's and HELP's measured latencies: fit the model `nas
// device fit` fits (hardware/latencyModel.ts fitFeatureModel) on 20 and 50 random measured
// cells, predict the rest, report Spearman and the share within +-10%, mean and spread over
// several draws. For HELP's six test devices, the test cells are HELP's (NAS-Bench-201 indices
// 900-1899) and the measured ones come from outside them. Transfer, as `nas device fit --from`
// does: the source devices are HELP's meta-training devices (never one of its six test devices),
// each a profile holding all of its measured cells (as `nas device fit` keeps them); the fit
// chooses between its own features and a x source + b by cross-validation on the 20 (or 50)
// measured cells alone. `--no-transfer`: the features only.
import * as path from 'node:path';
import { Rng } from '../../src/core/rng';
import type { ArchitectureGraph } from '../../src/core/space/types';
import type { DeviceProfile } from '../../src/hardware/deviceProfile';
import { emptyProfile } from '../../src/hardware/deviceProfile';
import { errorFigures, type ErrorFigures } from '../../src/hardware/fitError';
import { fitFeatureModel, predictLatency } from '../../src/hardware/latencyModel';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';
import { loadLatencySets, type LatencySet } from './nb201Data';

const ROOT = path.resolve(__dirname, '../../..');
const HELP_SIX: Record<string, number> = { 'help:titan_rtx_256': 0.987, 'help:gold_6226': 0.989, 'help:pixel2': 0.802, 'help:raspi4': 0.89, 'help:eyeriss': 0.94, 'help:fpga': 0.985 };
/** HELP's meta-training devices for NAS-Bench-201 (its paper's split): the transfer sources. */
const SOURCES = ['1080ti_1', '1080ti_32', '1080ti_256', 'silver_4114', 'silver_4210r', 'samsung_a50', 'pixel3', 'essential_ph_1', 'samsung_s7'];
const SEEDS = Number(process.env.SEEDS ?? 10);
const transfer = !process.argv.includes('--no-transfer');

function sample<T>(pool: T[], n: number, seed: number): T[] {
  const rng = new Rng(seed);
  const copy = [...pool];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, n);
}

/** The device a latency set is for, without its data set's prefix: hw:pixel3 and help:pixel3 are one device. */
const deviceOf = (set: LatencySet) => set.device.replace(/^\w+:/, '');

function evaluate(set: LatencySet, keys: string[], graphs: ArchitectureGraph[], n: number, seed: number, bases: DeviceProfile[]): ErrorFigures {
  const have = set.ms.map((v, i) => (v === undefined ? -1 : i)).filter((i) => i >= 0);
  const helpTest = set.device in HELP_SIX;
  const test = helpTest ? have.filter((i) => i >= 900 && i < 1900) : undefined;
  const pool = helpTest ? have.filter((i) => i < 900 || i >= 1900) : have;
  const train = sample(pool, n, seed);
  const inTrain = new Set(train);
  const held = test ?? have.filter((i) => !inTrain.has(i));
  const usable = bases.filter((b) => b.name !== deviceOf(set));
  const fitted = fitFeatureModel(train.map((i) => ({ graph: graphs[i], ms: set.ms[i]!, key: keys[i] })), usable);
  const profile = { ...emptyProfile(deviceOf(set), 'measured', '', 'measurements'), model: fitted.model };
  return errorFigures(held.map((i) => predictLatency(profile, graphs[i], keys[i]).ms), held.map((i) => set.ms[i]!));
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const spread = (v: number[]) => `${mean(v).toFixed(3)} (${Math.min(...v).toFixed(2)}-${Math.max(...v).toFixed(2)})`;

async function main(): Promise<void> {
  const { space } = await loadSpaceFile(path.join(ROOT, 'examples/nas-bench-201.nasspace.ts'));
  const { keys, sets } = loadLatencySets();
  const t0 = Date.now();
  const graphs = keys.map((k) => space.decode(space.fromKey(k)));
  console.log(`decoded ${graphs.length} cells in ${Date.now() - t0} ms; ${SEEDS} draws per figure: mean (lowest-highest)`);
  const bases: DeviceProfile[] = [];
  if (transfer) {
    for (const name of SOURCES) {
      const s = sets.find((x) => x.device === `help:${name}`)!;
      const all = s.ms.map((v, i) => (v === undefined ? -1 : i)).filter((i) => i >= 0);
      const model = fitFeatureModel(sample(all, 2000, 99).map((i) => ({ graph: graphs[i], ms: s.ms[i]! }))).model;
      bases.push({ ...emptyProfile(name, 'measured', `HELP ${name}`, 'measurements'), model, measurements: all.map((i) => ({ key: keys[i], ms: s.ms[i]! })) });
    }
    console.log(`transfer sources (HELP's meta-training devices): ${SOURCES.join(', ')}`);
  }
  console.log('device                 n=20 Spearman          within10             | n=50 Spearman          within10             | HELP (10+10)');
  const at20: Record<string, number> = {};
  for (const set of sets) {
    const cols: string[] = [];
    for (const n of [20, 50]) {
      const runs = Array.from({ length: SEEDS }, (_, s) => evaluate(set, keys, graphs, n, s + 1, bases));
      if (n === 20) at20[set.device] = mean(runs.map((r) => r.spearman));
      cols.push(`${spread(runs.map((r) => r.spearman)).padStart(19)} ${spread(runs.map((r) => r.within10)).padStart(19)}`);
    }
    console.log(`${set.device.padEnd(22)} ${cols.join('  |')}  | ${HELP_SIX[set.device]?.toFixed(3) ?? ''}${SOURCES.includes(deviceOf(set)) && transfer ? '  (a source: not its own)' : ''}`);
  }
  const six = Object.keys(HELP_SIX);
  console.log(`HELP's six from 20 cells: mean Spearman ${mean(six.map((d) => at20[d])).toFixed(3)} (target >= 0.97, HELP 0.932), lowest ${Math.min(...six.map((d) => at20[d])).toFixed(3)} (target >= 0.90)`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
