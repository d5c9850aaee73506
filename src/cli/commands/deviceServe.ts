// `nas device serve`: profile a device in whatever browser opens the printed URL (or QR code).
// `--events` prints one JSON object per line on stdout instead of text, for the editor's panel.
import * as path from 'node:path';
import QRCode from 'qrcode';
import { deviceFile } from '../../hardware/deviceStore';
import { CALIBRATION_CANDIDATES } from '../../hardware/latencyModel';
import type { ProfilerProgress } from '../../hardware/profilerWire';
import { DEFAULT_SERVE_SAMPLES, serveDevice } from '../../runtime/deviceServe/serveDevice';
import { loadSpaceFile } from '../../runtime/spaceLoader';
import { parse, toInt, UsageError } from '../command';

export const SERVE_HELP = `Usage: nas device serve --space <file> [--name <device>] [--lan] [--port N] [--samples N] [--calibrate K] [--events]

serve    serves a page that profiles, in the browser that opens it, the operators of N random
         candidates of the space (default ${DEFAULT_SERVE_SAMPLES}) and times K of them end to end (default
         ${CALIBRATION_CANDIDATES}), with TensorFlow.js's browser backends (webgpu, webgl, wasm: the page picks
         the first that works, or the one chosen). Prints the URL and a QR code for a phone.
         Listens on 127.0.0.1 unless --lan (every interface, for a phone on the same network);
         the URL holds a random token. Each chunk the page posts is saved at once to
         .nas/devices/<name>.json (default name: browser); serve the same name again to continue.`;

const options = {
  space: { type: 'string' },
  name: { type: 'string' },
  lan: { type: 'boolean' },
  port: { type: 'string' },
  samples: { type: 'string' },
  calibrate: { type: 'string' },
  events: { type: 'boolean' },
} as const;

const describe = (p: ProfilerProgress) => `${p.backend ?? 'browser'}: operator units ${p.units.done}/${p.units.total}, end-to-end ${p.calibration.done}/${p.calibration.total}`;

/** Warn once the browser has been quiet this long mid-way. */
const QUIET_MS = 60_000;

export async function runDeviceServe(argv: string[]): Promise<number> {
  const { values, help } = parse(argv, options, { min: 0, max: 0, names: '' });
  if (help) return (console.log(SERVE_HELP), 0);
  if (!values.space) throw new UsageError('nas device serve needs --space <file.nasspace.ts>');
  const name = values.name ?? 'browser';
  const file = deviceFile(name, process.cwd());
  const port = toInt(values.port, '--port', 0, 0);
  if (port > 65535) throw new UsageError(`--port must be at most 65535, got '${values.port}'`);
  const events = values.events === true;
  const emit = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const { space } = await loadSpaceFile(values.space);

  let quiet: NodeJS.Timeout | undefined;
  const served = await serveDevice({
    name,
    file,
    space,
    samples: toInt(values.samples, '--samples', DEFAULT_SERVE_SAMPLES, 1),
    calibrate: toInt(values.calibrate, '--calibrate', CALIBRATION_CANDIDATES, 0),
    lan: values.lan,
    port,
    onProgress: (p, what) => {
      if (events) emit({ event: 'progress', what, ...p });
      else say(`  ${describe(p)}`);
      clearTimeout(quiet);
      if (!p.finished) {
        quiet = setTimeout(() => say(`the browser has sent nothing for ${QUIET_MS / 1000} s; still missing: ${served.session.missing().join(', ')}; reopen the URL to continue`), QUIET_MS);
        quiet.unref();
      }
    },
    onRefused: (status, message) => (events ? emit({ event: 'refused', status, message }) : say(`refused a request (${status}): ${message}`)),
  });
  const shownFile = path.relative(process.cwd(), file) || file;
  if (events) emit({ event: 'listening', url: served.url, file, qrSvg: await QRCode.toString(served.url, { type: 'svg', margin: 1 }) });
  else {
    console.log(served.url);
    say(`${await QRCode.toString(served.url, { type: 'terminal', small: true })}\nOpen the URL above (or scan the code) in the browser to profile as device '${name}'${values.lan ? '' : ' (this machine only; --lan for a phone)'}. Ctrl-C stops.`);
  }

  const stopped = await Promise.race([
    served.finished.then(() => undefined),
    new Promise<string>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    }),
  ]);
  clearTimeout(quiet);
  await served.close();
  const { profile } = served.session;
  if (stopped === undefined) {
    const e = profile.error;
    const fit = e ? `; ${e.how} error over ${e.samples}: MAPE ${(100 * e.mape).toFixed(1)}%` : '';
    if (events) emit({ event: 'done', file, backend: profile.backend, units: Object.keys(profile.table).length, ...(e ? { error: e } : {}) });
    else console.log(`${shownFile}: ${Object.keys(profile.table).length} operator units on ${profile.backend} in ${profile.description || 'a browser'}${fit}`);
    return 0;
  }
  const missing = served.session.missing();
  const kept = served.session.started ? `what arrived is kept in ${shownFile}; serve '${name}' again to continue` : 'nothing was received';
  if (events) emit({ event: 'stopped', file, missing, started: served.session.started });
  else say(`stopped before the browser finished: missing ${missing.join(', ')}; ${kept}`);
  return 1;
}
