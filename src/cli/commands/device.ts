// `nas device profile|fit`: make a device profile, by timing operators on this machine or by
// fitting end-to-end latencies measured elsewhere.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { emptyProfile, type DeviceProfile } from '../../hardware/deviceProfile';
import { deviceFile, loadDeviceProfile, saveDeviceProfile } from '../../hardware/deviceStore';
import { CALIBRATION_CANDIDATES, describeFeatureModel, fitFeatureModel } from '../../hardware/latencyModel';
import { parseMeasurements } from '../../hardware/measurementsFile';
import { profileDevice, sampleCandidates } from '../../runtime/deviceWork';
import { loadSpaceFile } from '../../runtime/spaceLoader';
import { parse, toInt, UsageError, type Command } from '../command';
import { runDeviceServe, SERVE_HELP } from './deviceServe';

const HELP = `Usage: nas device profile <name> --space <file> [--backend wasm|cpu|tensorflow] [--samples N] [--calibrate K] [--out FILE]
       nas device fit <name> --space <file> --measurements <file.json|csv> [--from <device>]... [--out FILE]
       nas device serve --space <file> [--name <device>] [--lan] [--port N]

profile  times, on this machine, each distinct operator of N random candidates of the space
         (default 200; fused pairs detected and timed as one), then K candidates end to end
         (default ${CALIBRATION_CANDIDATES}) to fit the per-operator overhead and correction. Adds to an existing profile.
fit      fits a latency model from end-to-end latencies measured elsewhere (JSON object
         key -> ms, a list of {key, ms}, or CSV lines key,ms), on per-operator features of the
         space; --from (repeatable) adds other devices' profiles (transfer): a non-negative mix
         of their latencies, alone and with op counts. The models within 1.5x of the best
         cross-validated error are averaged.
         The measurements are kept in the profile: its predictions of them are them, also where
         it is a --from of another fit. Prints the cross-validated error.
${SERVE_HELP.slice(SERVE_HELP.indexOf('\n\n') + 2)}

The profile is written to .nas/devices/<name>.json unless --out; '--device <name>' of 'nas search'
and 'nas latency' then reads it (a path to the file works too).`;

const options = {
  space: { type: 'string' },
  backend: { type: 'string' },
  samples: { type: 'string' },
  calibrate: { type: 'string' },
  measurements: { type: 'string' },
  from: { type: 'string', multiple: true },
  out: { type: 'string' },
  description: { type: 'string' },
  json: { type: 'boolean' },
} as const;

function percent(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

function describeError(p: DeviceProfile): string {
  const e = p.error;
  return e ? `${e.how} error over ${e.samples}: MAPE ${percent(e.mape)}, within +-10% ${percent(e.within10)}, Spearman ${e.spearman.toFixed(3)}` : 'no error estimate (too few end-to-end measurements)';
}

export const deviceCommand: Command = {
  name: 'device',
  summary: 'Make a device profile: time operators here (profile), in a browser (serve) or fit measurements from elsewhere (fit)',
  help: HELP,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === '--help' || sub === '-h') return (console.log(HELP), sub === undefined ? 2 : 0);
    if (sub === 'serve') return runDeviceServe(rest);
    if (sub !== 'profile' && sub !== 'fit') throw new UsageError(`unknown device command '${sub}': expected profile, fit or serve`);
    const { values, positionals, help } = parse(rest, options, { min: 1, max: 1, names: 'the device name' });
    if (help) return (console.log(HELP), 0);
    if (!values.space) throw new UsageError(`nas device ${sub} needs --space <file.nasspace.ts>`);
    const name = positionals[0];
    const file = values.out ? path.resolve(values.out) : deviceFile(name, process.cwd());
    const { space } = await loadSpaceFile(values.space);
    if (sub === 'profile') {
      const backend = values.backend ?? 'wasm';
      const n = toInt(values.samples, '--samples', 200, 1);
      const k = toInt(values.calibrate, '--calibrate', CALIBRATION_CANDIDATES, 0);
      const candidates = sampleCandidates(space, n, 0);
      const calibration = sampleCandidates(space, k, 7919, new Set(candidates.map((c) => c.key)));
      const run = await profileDevice(file, name, backend, space, candidates, calibration, (m) => process.stderr.write(`${m}\n`));
      console.log(`${path.relative(process.cwd(), file) || file}: ${Object.keys(run.profile.table).length} operator units on ${backend} (${run.unitsTimed} timed now, ${run.seconds.toFixed(1)} s); fused: ${Object.entries(run.profile.fusion).filter(([, f]) => f).map(([p]) => p).join(', ') || 'none'}\n${describeError(run.profile)}`);
      return 0;
    }
    if (!values.measurements) throw new UsageError('nas device fit needs --measurements <file.json|csv>');
    let text: string;
    try {
      text = fs.readFileSync(values.measurements, 'utf8');
    } catch (e) {
      throw new Error(`${values.measurements}: cannot read measurements: ${(e as Error).message}`);
    }
    const rows = parseMeasurements(text, values.measurements, (key) => space.fromKey(key));
    const bases = (values.from ?? []).map((from) => loadDeviceProfile(deviceFile(from, process.cwd())));
    const { model, error } = fitFeatureModel(rows.map((r) => ({ graph: space.decode(space.fromKey(r.key)), ms: r.ms, key: r.key })), bases);
    const profile: DeviceProfile = { ...emptyProfile(name, values.backend ?? 'measured', values.description ?? `fitted on ${rows.length} measurements of ${space.name}`, 'measurements'), model, measurements: rows.map((r) => ({ key: r.key, ms: r.ms })), error };
    saveDeviceProfile(file, profile);
    if (values.json) console.log(JSON.stringify({ file, ...error }));
    else console.log(`${path.relative(process.cwd(), file) || file}: fitted on ${rows.length} measurements: ${describeFeatureModel(model)}\n${describeError(profile)}`);
    return 0;
  },
};
