// Refitting a table profile's correction on the end-to-end measurements it holds: the local
// device after each calibration candidate, and `nas device serve` as a browser posts its timings.
import type { ArchitectureGraph } from '../core/space/types';
import type { DeviceProfile } from './deviceProfile';
import { fitTableModel } from './latencyModel';

/**
 * Refits the correction on the profile's end-to-end measurements. `graphOf` decodes a key of the
 * space at hand; measurements of architectures outside it (made for another space) are left out.
 */
export function refit(profile: DeviceProfile, graphOf: (key: string) => ArchitectureGraph): void {
  const measured = (profile.measurements ?? []).flatMap((m) => {
    try {
      return [{ graph: graphOf(m.key), ms: m.ms }];
    } catch {
      return [];
    }
  });
  const fitted = fitTableModel(profile, measured);
  profile.model = fitted.model;
  if (fitted.error) profile.error = fitted.error;
}
