// Device profiles on disk: `.nas/devices/<name>.json` under the working folder, or any path to
// a profile file wherever a device is named. `local` (this machine) needs no file: it starts
// empty and fills itself as candidates are predicted (train/localDevice.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEVICE_NAME, validateDeviceProfile, type DeviceProfile } from './deviceProfile';

export const DEVICES_DIR = path.join('.nas', 'devices');
export const LOCAL_DEVICE = 'local';

/** A spec that is a path (has a separator or ends in .json) rather than a device name. */
export function isProfilePath(spec: string): boolean {
  return spec.includes('/') || spec.includes(path.sep) || spec.toLowerCase().endsWith('.json');
}

/** The profile file of a device name or path; throws a one-line error for a name that is neither. */
export function deviceFile(spec: string, baseDir: string): string {
  if (isProfilePath(spec)) return path.resolve(baseDir, spec);
  if (!DEVICE_NAME.test(spec)) throw new Error(`'${spec}' is neither a device name (letters, digits, _ . -) nor a path to a profile .json file`);
  return path.resolve(baseDir, DEVICES_DIR, `${spec}.json`);
}

/** The device's name: the spec, or for a path, the file's name without .json (the profile's own name is checked against it). */
export function deviceName(spec: string): string {
  return isProfilePath(spec) ? path.basename(spec).replace(/\.json$/i, '') : spec;
}

export function loadDeviceProfile(file: string, backend?: string): DeviceProfile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `${file}: no such device profile; make one with 'nas device profile' or 'nas device fit'` : `${file}: cannot read device profile: ${(e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: the device profile is not valid JSON (${(e as Error).message})`);
  }
  return validateDeviceProfile(parsed, file, backend);
}

/** Written to a temporary file and renamed, so a reader never sees half a profile. */
export function saveDeviceProfile(file: string, profile: DeviceProfile): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(profile, null, 1)}\n`);
  fs.renameSync(tmp, file);
}
