// The device `local`: this machine, on the TensorFlow.js backend this process runs. Its profile
// (.nas/devices/local.json unless a path is given) needs no setup: an operator unit it lacks is
// timed when a candidate first needs it, fusion rules for a new pair of op kinds are measured the
// same way, and the first few candidates are also timed end to end to fit the correction. Every
// change is saved at once, so nothing measured is lost.
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { ArchitectureGraph } from '../core/space/types';
import type { DeviceLatency } from '../hardware/deviceLatency';
import { profileLatency } from '../hardware/deviceLatency';
import { emptyProfile, type DeviceProfile } from '../hardware/deviceProfile';
import { loadDeviceProfile, saveDeviceProfile } from '../hardware/deviceStore';
import { CALIBRATION_CANDIDATES, tableSum } from '../hardware/latencyModel';
import { driftCorrectedMeasure, driftCorrectedTimer, REFERENCE_UNIT, type LoadReference } from '../hardware/loadDrift';
import { refit } from '../hardware/tableRefit';
import { detectFusion, profileUnits, type UnitTimer } from '../hardware/opProfiling';
import { adjacentPairs, distinctUnits } from '../hardware/opUnits';
import { measureGraph } from './measureGraph';
import { onCpuClock } from './onCpuClock';
import { tfjsUnitTimer, unitGraph } from './opTimer';


export function machineDescription(backend: string): string {
  return `${os.cpus()[0]?.model ?? 'unknown CPU'} x${os.cpus().length}, Node ${process.version}, TensorFlow.js ${backend}`;
}

const REFERENCE_GRAPH = unitGraph(REFERENCE_UNIT);

/** Units and candidates are timed on the clock that leaves out waits for a CPU (train/onCpuClock.ts), where the kernel has one. */
const timedOn = () => onCpuClock().clock;

/** The unit timer of this machine on `backend`. */
export function localUnitTimer(backend: string): Promise<UnitTimer & { backend: string }> {
  return tfjsUnitTimer(backend, { clock: timedOn() });
}

/** A candidate's end-to-end latency here, on the units' clock. */
const measureHere = (graph: ArchitectureGraph) => measureGraph(graph, 0, timedOn());

/** The profile's load reference, timed now when it has none (or one of another reference op). */
async function referenceOf(profile: DeviceProfile, timer: UnitTimer): Promise<LoadReference> {
  if (profile.reference?.signature === REFERENCE_UNIT.signature) return profile.reference;
  profile.reference = { signature: REFERENCE_UNIT.signature, unitMs: await timer.time(REFERENCE_UNIT), endToEndMs: await measureHere(REFERENCE_GRAPH) };
  return profile.reference;
}

/** `timer` with its timings rescaled to the load of the moment the profile was made (hardware/loadDrift.ts). */
export async function localTimer(profile: DeviceProfile, timer: UnitTimer): Promise<UnitTimer> {
  return driftCorrectedTimer(timer, await referenceOf(profile, timer));
}

/** `measureGraph` rescaled, like the table's timings, to the load of the moment the profile was made. */
export async function measureOnProfile(profile: DeviceProfile, timer: UnitTimer, graph: ArchitectureGraph): Promise<number> {
  const reference = await referenceOf(profile, timer);
  return driftCorrectedMeasure(() => measureHere(graph), () => measureHere(REFERENCE_GRAPH), reference);
}

/** The local profile at `file` (created when absent), made for `backend`. */
export function openLocalProfile(file: string, name: string, backend: string): DeviceProfile {
  return fs.existsSync(file) ? loadDeviceProfile(file, backend) : emptyProfile(name, backend, machineDescription(backend), 'node');
}

/** Measures the fusion rules and units `graphs` need that the profile lacks; returns how many units were timed. */
export async function completeProfile(profile: DeviceProfile, timer: UnitTimer, graphs: readonly ArchitectureGraph[], onUnit?: (done: number, total: number) => void): Promise<number> {
  profile.fusion = await detectFusion(timer, adjacentPairs(graphs), profile.fusion);
  return profileUnits(timer, distinctUnits(graphs, profile.fusion), profile.table, onUnit);
}

export async function createLocalDevice(file: string, name: string, backend: string, graphOf: (key: string) => ArchitectureGraph): Promise<DeviceLatency> {
  const profile = openLocalProfile(file, name, backend);
  let timer: UnitTimer | undefined;
  return {
    ...profileLatency(profile),
    async ensure(graph, key) {
      const measurements = (profile.measurements ??= []);
      const lacking = tableSum(profile, graph).missing.length > 0;
      const calibrating = measurements.length < CALIBRATION_CANDIDATES && !measurements.some((m) => m.key === key);
      if (!lacking && !calibrating) return;
      const raw = (timer ??= await localUnitTimer(backend));
      await completeProfile(profile, await localTimer(profile, raw), [graph]);
      if (calibrating) measurements.push({ key, ms: await measureOnProfile(profile, raw, graph) });
      refit(profile, graphOf);
      saveDeviceProfile(file, profile);
    },
  };
}
