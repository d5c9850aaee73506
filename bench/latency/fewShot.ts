// Benchmark 2: latency on devices we cannot run code on, from a few measured architectures.
// NAS-Bench-201 cells with HW-NAS-Bench's and HELP's measured latencies: fit the feature model
// (hardware/latencyModel.ts fitFeatureModel, what `nas device fit` runs) on 20 and 50 random
// measured cells, predict the rest, report Spearman and the share within +-10%. For HELP's six
// devices, the test cells are HELP's (NAS-Bench-201 indices 900-1899) and the measured ones come
// from outside them. `--transfer <device>`: start every fit from a profile fitted on all cells of
// that source device (HELP's insight: devices rank operators alike).
import * as path from 'node:path';
import { Rng } from '../../src/core/rng';
import type { ArchitectureGraph } from '../../src/core/space/types';
import type { DeviceProfile } from '../../src/hardware/deviceProfile';
import { emptyProfile } from '../../src/hardware/deviceProfile';
import { errorFigures } from '../../src/hardware/fitError';
import { BASE_FEATURE, fitFeatureModel, predictFromFeatures, predictLatency } from '../../src/hardware/latencyModel';
import { latencyFeatures } from '../../src/hardware/latencyFeatures';
import { loadSpaceFile } from '../../src/runtime/spaceLoader';
import { loadLatencySets, type LatencySet } from './nb201Data';

const ROOT = path.resolve(__dirname, '../../..');
const HELP_SIX: Record<string, number> = { 'help:titan_rtx_256': 0.987, 'help:gold_6226': 0.989, 'help:pixel2': 0.802, 'help:raspi4': 0.89, 'help:eyeriss': 0.94, 'help:fpga': 0.985 };
const SEEDS = Number(process.env.SEEDS ?? 5);
const argv = process.argv.slice(2);
const flag = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};

function sample<T>(pool: T[], n: number, seed: number): T[] {
  const rng = new Rng(seed);
  const copy = [...pool];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, n);
}

function evaluate(set: LatencySet, graphs: ArchitectureGraph[], features: Record<'true' | 'false', Record<string, number>[]>, n: number, seed: number, base?: DeviceProfile) {
  const have = set.ms.map((v, i) => (v === undefined ? -1 : i)).filter((i) => i >= 0);
  const helpTest = set.device in HELP_SIX;
  const test = helpTest ? have.filter((i) => i >= 900 && i < 1900) : undefined;
  const pool = helpTest ? have.filter((i) => i < 900 || i >= 1900) : have;
  const train = sample(pool, n, seed);
  const inTrain = new Set(train);
  const held = test ?? have.filter((i) => !inTrain.has(i));
  const fitted = fitFeatureModel(train.map((i) => ({ graph: graphs[i], ms: set.ms[i]! })), base);
  return errorFigures(held.map((i) => predictFromFeatures(fitted.model, features[`${fitted.model.fold}`][i]).ms), held.map((i) => set.ms[i]!));
}

async function main(): Promise<void> {
  const { space } = await loadSpaceFile(path.join(ROOT, 'examples/nas-bench-201.nasspace.ts'));
  const { keys, sets } = loadLatencySets();
  const t0 = Date.now();
  const graphs = keys.map((k) => space.decode(space.fromKey(k)));
  const features = { false: graphs.map((g) => latencyFeatures(g, false)), true: graphs.map((g) => latencyFeatures(g, true)) };
  console.log(`decoded ${graphs.length} cells in ${Date.now() - t0} ms; ${SEEDS} seeds per figure`);
  const source = flag('--transfer');
  let base: DeviceProfile | undefined;
  if (source) {
    const s = sets.find((x) => x.device === source);
    if (!s) throw new Error(`no device ${source}; one of ${sets.map((x) => x.device).join(', ')}`);
    const all = s.ms.map((v, i) => (v === undefined ? -1 : i)).filter((i) => i >= 0);
    base = { ...emptyProfile('base', 'unknown', source, 'measurements'), model: fitFeatureModel(sample(all, 2000, 99).map((i) => ({ graph: graphs[i], ms: s.ms[i]! }))).model };
    for (const [i, g] of graphs.entries()) for (const f of Object.values(features)) f[i][BASE_FEATURE] = predictLatency(base, g).ms;
    console.log(`transfer from ${source}`);
  }
  console.log('device                  n=20 spearman  within10 | n=50 spearman  within10 | HELP (10+10)');
  const at20: Record<string, number> = {};
  for (const set of sets) {
    if (set.device === source) continue;
    const cols: string[] = [];
    for (const n of [20, 50]) {
      const runs = Array.from({ length: SEEDS }, (_, s) => evaluate(set, graphs, features, n, s + 1, base));
      const sp = runs.reduce((a, r) => a + r.spearman, 0) / runs.length;
      const w = runs.reduce((a, r) => a + r.within10, 0) / runs.length;
      if (n === 20) at20[set.device] = sp;
      cols.push(`${sp.toFixed(3).padStart(13)} ${w.toFixed(3).padStart(9)}`);
    }
    console.log(`${set.device.padEnd(22)} ${cols.join(' |')} | ${HELP_SIX[set.device]?.toFixed(3) ?? ''}`);
  }
  const six = Object.keys(HELP_SIX).filter((d) => d in at20);
  const mean = six.reduce((a, d) => a + at20[d], 0) / six.length;
  console.log(`HELP's six from 20 cells: mean Spearman ${mean.toFixed(3)} (target >= 0.97, HELP 0.932), lowest ${Math.min(...six.map((d) => at20[d])).toFixed(3)} (target >= 0.90)`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
