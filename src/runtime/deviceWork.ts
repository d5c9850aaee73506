// What the device and latency commands do on this machine, shared by `nas device profile` and
// `nas latency check`: sample candidates, profile their operators on a backend, time candidates
// end to end. TensorFlow.js loads lazily, so `nas device fit` and `nas latency predict` on a
// fitted profile start fast.
import { Rng } from '../core/rng';
import type { SearchSpace } from '../core/space/searchSpace';
import type { ArchitectureGraph } from '../core/space/types';
import type { DeviceProfile } from '../hardware/deviceProfile';

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

/**
 * Profiles the operators of `candidates` on `backend` into the profile at `file` (made when
 * absent), then times `calibration` candidates end to end and refits the correction. Saves after
 * each step, so an interrupted run keeps what it measured.
 */
export async function profileDevice(file: string, name: string, backend: string, space: SearchSpace, candidates: readonly Candidate[], calibration: readonly Candidate[], log: (m: string) => void): Promise<ProfileRun> {
  const { selectBackend, asBackendName } = await import('../train/backend.js');
  const { completeProfile, measureGraph, openLocalProfile, refit } = await import('../train/localDevice.js');
  const { tfjsUnitTimer } = await import('../train/opTimer.js');
  const { saveDeviceProfile } = await import('../hardware/deviceStore.js');
  await selectBackend({ force: asBackendName(backend) });
  const t0 = performance.now();
  const profile = openLocalProfile(file, name, backend);
  const timer = await tfjsUnitTimer(backend);
  let last = 0;
  const unitsTimed = await completeProfile(profile, timer, candidates.map((c) => c.graph), (done, total) => {
    if (performance.now() - last > 2000 || done === total) {
      last = performance.now();
      log(`  operators timed: ${done}/${total}`);
      saveDeviceProfile(file, profile);
    }
  });
  saveDeviceProfile(file, profile);
  const measurements = (profile.measurements ??= []);
  for (const c of calibration) {
    if (measurements.some((m) => m.key === c.key)) continue;
    await completeProfile(profile, timer, [c.graph]);
    measurements.push({ key: c.key, ms: await measureGraph(c.graph) });
    log(`  end-to-end: ${measurements.length} candidate${measurements.length > 1 ? 's' : ''}`);
  }
  refit(profile, (key) => space.decode(space.fromKey(key)));
  profile.measured = { how: 'node', at: new Date().toISOString(), tool: `TensorFlow.js ${backend}` };
  saveDeviceProfile(file, profile);
  return { profile, unitsTimed, seconds: (performance.now() - t0) / 1000 };
}

export interface CheckResult {
  samples: number;
  within10: number;
  mape: number;
  spearman: number;
  /** Seconds spent timing operators (the table build) and calibrating. */
  tableSeconds: number;
  /** Mean milliseconds per prediction once the table holds the candidate's operators (decoded graph given, warm). */
  msPerPrediction: number;
  rows: { key: string; predictedMs: number; measuredMs: number }[];
}

/**
 * Predicts and then measures `samples` random candidates on this machine. The correction is fitted
 * on other candidates first (calibration), so the check never scores its own fitting data.
 */
export async function checkLocal(file: string, backend: string, space: SearchSpace, samples: number, seed: number, log: (m: string) => void): Promise<CheckResult> {
  const { measureGraph } = await import('../train/localDevice.js');
  const { CALIBRATION_CANDIDATES } = await import('../hardware/latencyModel.js');
  const { errorFigures } = await import('../hardware/fitError.js');
  const { predictLatency } = await import('../hardware/latencyModel.js');
  const checked = sampleCandidates(space, samples, seed);
  const calibration = sampleCandidates(space, CALIBRATION_CANDIDATES, seed + 7919, new Set(checked.map((c) => c.key)));
  const run = await profileDevice(file, 'local', backend, space, checked, calibration, log);
  const predicted = checked.map((c) => predictLatency(run.profile, c.graph).ms);
  // Timed over repeated passes after that first one: the steady state of a search that predicts thousands.
  const passes = 10;
  const t0 = performance.now();
  for (let i = 0; i < passes; i++) for (const c of checked) predictLatency(run.profile, c.graph);
  const msPerPrediction = (performance.now() - t0) / (passes * checked.length);
  const measured: number[] = [];
  for (const c of checked) {
    measured.push(await measureGraph(c.graph));
    if (measured.length % 10 === 0) log(`  measured ${measured.length}/${checked.length}`);
  }
  const figures = errorFigures(predicted, measured);
  return { ...figures, tableSeconds: run.seconds, msPerPrediction, rows: checked.map((c, i) => ({ key: c.key, predictedMs: predicted[i], measuredMs: measured[i] })) };
}
