// The latency shares of a candidate's nodes on each device its run names, for the panel's
// drawing. The profiles are read as their files hold them now (a local profile grows as a search
// measures), cached by mtime since the panel asks for one candidate after another; nothing is
// measured, so the answer stays quick. A profile that cannot be read is why its device has no
// shares, never a failed drawing.
import * as fs from 'node:fs';
import type { NodeLatencies } from '../core/space/architectureDrawing';
import type { ArchitectureGraph } from '../core/space/types';
import type { DeviceProfile } from '../hardware/deviceProfile';
import { deviceFile, deviceName, loadDeviceProfile } from '../hardware/deviceStore';
import { latencyShares } from '../hardware/latencyShare';

const cache = new Map<string, { mtimeMs: number; profile: DeviceProfile }>();
const MAX_CACHED = 8;

function profileAt(file: string): DeviceProfile {
  let mtimeMs: number;
  try {
    mtimeMs = fs.statSync(file).mtimeMs;
  } catch {
    return loadDeviceProfile(file); // its one-line error says the file is missing
  }
  const cached = cache.get(file);
  if (cached?.mtimeMs === mtimeMs) return cached.profile;
  const profile = loadDeviceProfile(file);
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(file, { mtimeMs, profile });
  return profile;
}

/** `specs`: the run's devices (names resolved in `baseDir`, or absolute profile paths, as run.json records them). */
export function deviceShares(specs: readonly string[], baseDir: string, graph: ArchitectureGraph): NodeLatencies[] {
  return specs.map((spec) => {
    try {
      return latencyShares(profileAt(deviceFile(spec, baseDir)), graph);
    } catch (e) {
      return { device: deviceName(spec), unavailable: (e as Error).message };
    }
  });
}
