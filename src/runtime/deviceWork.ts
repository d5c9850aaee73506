// What the device and latency commands do on this machine, shared by `nas device profile` and
// `nas latency check`: sample candidates, profile their operators on a backend, time candidates
// end to end. TensorFlow.js loads lazily, so `nas device fit` and `nas latency predict` on a
// fitted profile start fast.
import { Rng } from '../core/rng';
import type { SearchSpace } from '../core/space/searchSpace';
import type { ArchitectureGraph } from '../core/space/types';
import type { DeviceProfile } from '../hardware/deviceProfile';
import { refit } from '../hardware/tableRefit';

export interface Candidate {
  key: string;
  graph: ArchitectureGraph;
}

/** Up to `n` distinct random candidates of the space (fewer when the space is smaller). */
export function sampleCandidates(space: SearchSpace, n: number, seed: number, exclude: ReadonlySet<string> = new Set()): Candidate[] {
  const rng = new Rng(seed);
  const seen = new Set<string>(exclude);
  const out: Candidate[] = [];
  for (let tries = 0; out.length < n && tries < 50 * n; tries++) {
    const arch = space.sample(rng);
    const key = space.key(arch);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ key, graph: space.decode(arch) });
  }
  return out;
}

export interface ProfileRun {
  profile: DeviceProfile;
  unitsTimed: number;
  seconds: number;
}

/** The profile at `file` opened for timing on `backend`, with what times into it: units and candidates, both rescaled for load drift (hardware/loadDrift.ts). */
async function openForTiming(file: string, name: string, backend: string) {
  const { selectBackend, asBackendName } = await import('../train/backend.js');
  const local = await import('../train/localDevice.js');
  const { saveDeviceProfile } = await import('../hardware/deviceStore.js');
  await selectBackend({ force: asBackendName(backend) });
  const profile = local.openLocalProfile(file, name, backend);
  const raw = await local.localUnitTimer(backend);
  const timer = await local.localTimer(profile, raw);
  const save = () => saveDeviceProfile(file, profile);
  /** Times the fusion rules and units of `graphs` the profile lacks, saving every 2 s; how many units were timed. */
  const completeTable = async (graphs: readonly ArchitectureGraph[], log: (m: string) => void): Promise<number> => {
    let last = 0;
    const timed = await local.completeProfile(profile, timer, graphs, (done, total) => {
      if (performance.now() - last > 2000 || done === total) {
        last = performance.now();
        log(`  operators timed: ${done}/${total}`);
        save();
      }
    });
    save();
    return timed;
  };
  const measure = (graph: ArchitectureGraph) => local.measureOnProfile(profile, raw, graph);
  const refitOn = (space: SearchSpace) => refit(profile, (key) => space.decode(space.fromKey(key)));
  return { profile, completeTable, measure, refit: refitOn, save };
}

/**
 * Profiles the operators of `candidates` on `backend` into the profile at `file` (made when
 * absent), then times `calibration` candidates end to end and refits the correction. Saves after
 * each step, so an interrupted run keeps what it measured.
 */
export async function profileDevice(file: string, name: string, backend: string, space: SearchSpace, candidates: readonly Candidate[], calibration: readonly Candidate[], log: (m: string) => void): Promise<ProfileRun> {
  const t0 = performance.now();
  const device = await openForTiming(file, name, backend);
  const { profile } = device;
  const unitsTimed = await device.completeTable([...candidates, ...calibration].map((c) => c.graph), log);
  const measurements = (profile.measurements ??= []);
  for (const c of calibration) {
    if (measurements.some((m) => m.key === c.key)) continue;
    measurements.push({ key: c.key, ms: await device.measure(c.graph) });
    log(`  end-to-end: ${measurements.length} candidate${measurements.length > 1 ? 's' : ''}`);
    device.save();
  }
  device.refit(space);
  profile.measured = { how: 'node', at: new Date().toISOString(), tool: `TensorFlow.js ${backend}` };
  device.save();
  return { profile, unitsTimed, seconds: (performance.now() - t0) / 1000 };
}

export interface CheckResult {
  samples: number;
  within10: number;
  mape: number;
  spearman: number;
  /** Seconds spent building the table: the load reference, fusion rules and operator units of the checked and calibration candidates. */
  tableSeconds: number;
  /** Mean milliseconds per prediction once the table holds the candidate's operators (decoded graph given, warm). */
  msPerPrediction: number;
  rows: { key: string; predictedMs: number; measuredMs: number }[];
}

/** `checked` with the `calibration` candidates spread evenly among them, each marked. */
export function interleave<T>(checked: readonly T[], calibration: readonly T[]): { item: T; calibration: boolean }[] {
  const out: { item: T; calibration: boolean }[] = [];
  let c = 0;
  checked.forEach((item, i) => {
    while (c < calibration.length && c * checked.length <= i * calibration.length) out.push({ item: calibration[c++], calibration: true });
    out.push({ item, calibration: false });
  });
  while (c < calibration.length) out.push({ item: calibration[c++], calibration: true });
  return out;
}

/**
 * Predicts and then measures `samples` random candidates on this machine. The correction is fitted
 * only on other candidates (calibration) and on what the profile measured before, never on a
 * checked one. The calibration candidates are timed interleaved with the checked ones, and every
 * timing is rescaled by a reference op timed in the same moment, so a load that changes during
 * the check moves both alike.
 */
export async function checkLocal(file: string, backend: string, space: SearchSpace, samples: number, seed: number, log: (m: string) => void): Promise<CheckResult> {
  const { CALIBRATION_CANDIDATES, predictLatency } = await import('../hardware/latencyModel.js');
  const { errorFigures } = await import('../hardware/fitError.js');
  const t0 = performance.now();
  const device = await openForTiming(file, 'local', backend);
  const { profile } = device;
  const measurements = (profile.measurements ??= []);
  const checked = sampleCandidates(space, samples, seed, new Set(measurements.map((m) => m.key)));
  const calibration = sampleCandidates(space, CALIBRATION_CANDIDATES, seed + 7919, new Set([...checked, ...measurements].map((c) => c.key)));
  await device.completeTable([...checked, ...calibration].map((c) => c.graph), log);
  const tableSeconds = (performance.now() - t0) / 1000;
  const measured = new Map<string, number>();
  for (const { item, calibration: calibrating } of interleave(checked, calibration)) {
    const ms = await device.measure(item.graph);
    if (calibrating) {
      measurements.push({ key: item.key, ms });
      device.save();
    } else measured.set(item.key, ms);
    if (measured.size % 10 === 0 && !calibrating) log(`  measured ${measured.size}/${checked.length}`);
  }
  device.refit(space);
  device.save();
  const predicted = checked.map((c) => predictLatency(profile, c.graph).ms);
  // Timed over repeated passes after that first one: the steady state of a search that predicts thousands.
  const passes = 10;
  const t1 = performance.now();
  for (let i = 0; i < passes; i++) for (const c of checked) predictLatency(profile, c.graph);
  const msPerPrediction = (performance.now() - t1) / (passes * checked.length);
  const truth = checked.map((c) => measured.get(c.key)!);
  const figures = errorFigures(predicted, truth);
  return { ...figures, tableSeconds, msPerPrediction, rows: checked.map((c, i) => ({ key: c.key, predictedMs: predicted[i], measuredMs: truth[i] })) };
}
