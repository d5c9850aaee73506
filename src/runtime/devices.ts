// The devices a run names (`--device`, the space file's `hardware.devices`), each a predictor of
// `latency_ms@<device>` for the cost gate. `local` (or a profile made on this machine's backend
// with how: 'node' named local) loads TensorFlow.js lazily, only when named.
import * as path from 'node:path';
import type { SearchSpace } from '../core/space/searchSpace';
import { profileLatency, type DeviceLatency } from '../hardware/deviceLatency';
import { deviceFile, deviceName, isProfilePath, LOCAL_DEVICE, loadDeviceProfile } from '../hardware/deviceStore';

/** Device specs made absolute where they are paths, so a resumed run finds the same files. */
export function absoluteDeviceSpecs(specs: readonly string[], baseDir: string): string[] {
  return [...new Set(specs.map((s) => (isProfilePath(s) ? path.resolve(baseDir, s) : s)))];
}

export async function createDevices(specs: readonly string[], baseDir: string, space: SearchSpace, log: (message: string) => void): Promise<DeviceLatency[]> {
  const devices: DeviceLatency[] = [];
  for (const spec of specs) {
    const file = deviceFile(spec, baseDir);
    if (deviceName(spec) === LOCAL_DEVICE) {
      const { selectBackend } = await import('../train/backend.js');
      const { createLocalDevice } = await import('../train/localDevice.js');
      const { backend } = await selectBackend();
      devices.push(await createLocalDevice(file, LOCAL_DEVICE, backend, (key) => space.decode(space.fromKey(key))));
      log(`device local: this machine on ${backend}; operators are profiled as candidates need them (${path.relative(baseDir, file) || file})`);
      continue;
    }
    // A path's device is the name inside the profile (the metric is latency_ms@<that name>).
    const profile = loadDeviceProfile(file);
    if (!isProfilePath(spec) && profile.name !== spec) throw new Error(`${file}: the profile is named '${profile.name}', not '${spec}'; rename the file or the profile`);
    devices.push(profileLatency(profile));
    log(`device ${profile.name}: ${profile.description || profile.backend}, ${profile.model.kind} model${profile.error ? `, ${profile.error.how} error ${(100 * profile.error.mape).toFixed(1)}%` : ''}`);
  }
  return devices;
}
