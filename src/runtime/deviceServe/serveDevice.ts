// `nas device serve` as the CLI and the editor's child process run it: sample the space's
// candidates, open the session for the device and serve it until the browser has posted
// everything (or the caller stops it).
import type { SearchSpace } from '../../core/space/searchSpace';
import { CALIBRATION_CANDIDATES } from '../../hardware/latencyModel';
import type { ProfilerProgress } from '../../hardware/profilerWire';
import { sampleCandidates } from '../deviceWork';
import { serveProfiler } from './profilerServer';
import { ProfilerSession } from './profilerSession';

export interface DeviceServeOptions {
  name: string;
  file: string;
  space: SearchSpace;
  /** Candidates whose operators are profiled (default 100). */
  samples?: number;
  /** Candidates timed end to end for the correction (default CALIBRATION_CANDIDATES). */
  calibrate?: number;
  lan?: boolean;
  port?: number;
  onProgress?: (progress: ProfilerProgress, what: string) => void;
  onRefused?: (status: number, message: string) => void;
}

export interface ServedDevice {
  url: string;
  session: ProfilerSession;
  /** Resolves when the page has posted everything and said it is done. */
  finished: Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_SERVE_SAMPLES = 100;

export async function serveDevice(opts: DeviceServeOptions): Promise<ServedDevice> {
  const { space } = opts;
  const candidates = sampleCandidates(space, opts.samples ?? DEFAULT_SERVE_SAMPLES, 0);
  const calibration = sampleCandidates(space, opts.calibrate ?? CALIBRATION_CANDIDATES, 7919, new Set(candidates.map((c) => c.key)));
  const session = new ProfilerSession({ name: opts.name, file: opts.file, candidates, calibration, graphOf: (key) => space.decode(space.fromKey(key)) });
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const server = await serveProfiler(session, {
    lan: opts.lan ?? false,
    port: opts.port ?? 0,
    onProgress: (p, what) => {
      opts.onProgress?.(p, what);
      if (p.finished) finish();
    },
    onRefused: opts.onRefused,
  });
  return { url: server.url, session, finished, close: () => server.close() };
}
