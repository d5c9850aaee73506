// A device as the cost gate sees it: the metric it fills (`latency_ms@<device>`) and a
// prediction per graph. A profile read from a file predicts as it is; the local device
// (train/localDevice.ts) also measures what its profile lacks before predicting.
import { deviceLatencyMetric } from '../core/estimate/catalog';
import type { ArchitectureGraph } from '../core/space/types';
import type { DeviceProfile } from './deviceProfile';
import { predictLatency, type LatencyPrediction } from './latencyModel';

export interface DeviceLatency {
  device: string;
  metric: string;
  /** The profile it predicts from (what a queue's workers receive, since they have no such file). */
  profile: DeviceProfile;
  /** Measures, where the device is this machine, whatever the profile lacks for the graph. */
  ensure?(graph: ArchitectureGraph, key: string): Promise<void>;
  /** `key`: the architecture's key, so a profile that measured it answers with the measurement. */
  predict(graph: ArchitectureGraph, key?: string): LatencyPrediction;
}

export function profileLatency(profile: DeviceProfile): DeviceLatency {
  return { device: profile.name, metric: deviceLatencyMetric(profile.name), profile, predict: (graph, key) => predictLatency(profile, graph, key) };
}
