// What the device-profiler page (train/browser/profilerPage.ts) and `nas device serve`
// (runtime/deviceServe/) send each other, and the checks the server makes on what a browser
// posts. Pure: the page bundles the same types. The page only measures: it is told which units
// to time and posts timings in small chunks, so a browser that goes away half-way loses at most
// the chunk it was timing.
import type { ArchitectureGraph } from '../core/space/types';
import type { OpUnitConfig } from './opUnits';

/** Largest body a page may post (a chunk of timings is a few kB): larger is refused with 413. */
export const MAX_POST_BYTES = 256 * 1024;
/** Timings per chunk the page posts. */
export const UNITS_PER_CHUNK = 8;
/** No unit or candidate of a profiling run takes a minute at batch 1: a larger figure is a broken page. */
export const MAX_TIMING_MS = 60_000;
/** Backends the page may run, in the order it tries them when the user does not pick one. */
export const BROWSER_BACKENDS = ['webgpu', 'webgl', 'wasm'] as const;

/** GET plan: what the page is to measure. */
export interface ProfilerPlan {
  device: string;
  /** Set when the session is bound to a backend (an earlier post, or the profile being continued). */
  backend?: string;
  /** Op-kind pairs whose fusion is not known yet, each as a 2-op unit. */
  pairs: { kind: string; unit: OpUnitConfig }[];
  /** Candidates to time end to end, for the correction of the table sum. */
  calibration: { key: string; graph: ArchitectureGraph }[];
  unitsPerChunk: number;
}

/** POST fusion; answered with the units still to time (FusionReply). */
export interface FusionPost {
  backend: string;
  /** The browser, as navigator.userAgent says: becomes the profile's description. */
  agent: string;
  fusion: Record<string, boolean>;
}

export interface FusionReply {
  units: OpUnitConfig[];
}

/** POST timings: milliseconds per unit signature. */
export interface TimingsPost {
  backend: string;
  timings: Record<string, number>;
}

/** POST measurements: end-to-end milliseconds per architecture key. */
export interface MeasurementsPost {
  backend: string;
  measurements: { key: string; ms: number }[];
}

/** Progress as the server counts it (answer to every post, and the CLI's and editor's status). */
export interface ProfilerProgress {
  backend?: string;
  units: { done: number; total: number };
  calibration: { done: number; total: number };
  finished: boolean;
}

/** A post the server refuses: the HTTP status and a one-line message for the page and the log. */
export class WireError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const bad = (message: string): never => {
  throw new WireError(400, message);
};

function backendOf(body: Json): string {
  if (typeof body.backend !== 'string' || !/^[a-z0-9-]{1,32}$/.test(body.backend)) bad('"backend" must be a TensorFlow.js backend name such as wasm or webgl');
  return body.backend as string;
}

/** `positive`: a whole candidate never takes 0 ms (a clock too coarse for it does). */
function milliseconds(v: unknown, what: string, positive = false): number {
  if (!(typeof v === 'number' && Number.isFinite(v) && (positive ? v > 0 : v >= 0) && v <= MAX_TIMING_MS)) bad(`${what} must be a number of milliseconds ${positive ? 'above' : 'from'} 0 ${positive ? 'up ' : ''}to ${MAX_TIMING_MS}, got ${JSON.stringify(v)}`);
  return v as number;
}

/** The posted JSON as an object, or a 400 saying why not. */
export function parseBody(text: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return bad(`the body is not JSON (${(e as Error).message})`);
  }
  if (!isObject(value)) bad('the body must be a JSON object');
  return value as Json;
}

/** `kinds`: the pair kinds the plan asked about; a rule for another pair is refused. */
export function checkFusionPost(body: Json, kinds: ReadonlySet<string>): FusionPost {
  const backend = backendOf(body);
  if (typeof body.agent !== 'string' || body.agent.length > 500) bad('"agent" must be the browser\'s user agent string (up to 500 characters)');
  if (!isObject(body.fusion)) bad('"fusion" must be an object of "op>op" -> true/false');
  const fusion = body.fusion as Json;
  for (const [kind, fused] of Object.entries(fusion)) {
    if (!kinds.has(kind)) bad(`"fusion" names the pair '${kind}', which this session did not ask about`);
    if (typeof fused !== 'boolean') bad(`"fusion"['${kind}'] must be true or false`);
  }
  for (const kind of kinds) if (!(kind in fusion)) bad(`"fusion" lacks the pair '${kind}'`);
  return { backend, agent: body.agent as string, fusion: fusion as Record<string, boolean> };
}

/** `expected`: the unit signatures this session asked for. */
export function checkTimingsPost(body: Json, expected: ReadonlySet<string>): TimingsPost {
  const backend = backendOf(body);
  if (!isObject(body.timings)) bad('"timings" must be an object of unit signature -> milliseconds');
  const timings: Record<string, number> = {};
  for (const [signature, ms] of Object.entries(body.timings as Json)) {
    if (!expected.has(signature)) bad(`"timings" has the unit '${signature.slice(0, 120)}', which this session did not ask for`);
    timings[signature] = milliseconds(ms, `"timings"['${signature.slice(0, 60)}']`);
  }
  return { backend, timings };
}

/** `keys`: the calibration candidates of the plan. */
export function checkMeasurementsPost(body: Json, keys: ReadonlySet<string>): MeasurementsPost {
  const backend = backendOf(body);
  if (!Array.isArray(body.measurements)) bad('"measurements" must be a list of { key, ms }');
  const measurements = (body.measurements as unknown[]).map((m, i) => {
    if (!isObject(m) || typeof m.key !== 'string') return bad(`"measurements"[${i}] must be { key: string, ms: number }`);
    if (!keys.has(m.key)) bad(`"measurements"[${i}]: '${m.key.slice(0, 120)}' is not a candidate this session asked to time`);
    return { key: m.key, ms: milliseconds(m.ms, `"measurements"[${i}].ms`, true) };
  });
  return { backend, measurements };
}
