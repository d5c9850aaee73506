// A device profile: what a device is, how it was measured, and the latency model fitted for it
// (README "Device profiles" documents the format). Pure data and its validation, no file access,
// so a browser page that profiles a device builds and checks the same objects.
import type { LoadReference } from './loadDrift';

export const DEVICE_PROFILE_FORMAT = 'nas-device-profile';
/** Bump when a field changes meaning; readers refuse other versions rather than misread them. */
export const DEVICE_PROFILE_VERSION = 1;

/** Device names: what follows the @ of `latency_ms@<device>`. */
export const DEVICE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * Sum of the operator table plus fitted terms:
 * offsetMs + scale x (sum of compute units) + memoryScale x (sum of the others) + dispatchMs x units.
 * Compute units start with a convolution or a dense layer; alone in a timing loop their weights
 * stay in cache, in a whole model they do not, so they stretch differently from the rest.
 */
export interface TableModel {
  kind: 'table';
  offsetMs: number;
  scale: number;
  memoryScale: number;
  /** Per-unit overhead (dispatch, layer bookkeeping) the per-op timings do not see. */
  dispatchMs: number;
}

/** A linear model on per-operator features of the graph (and, with transfer, on a base device's prediction). */
export interface FeatureModel {
  kind: 'features';
  /** Features of the graph after constant folding and dead-code removal (hardware/latencyFeatures.ts). */
  fold: boolean;
  interceptMs: number;
  /** ms per unit of each feature (hardware/latencyFeatures.ts names them). */
  weights: Record<string, number>;
  /** Features that were non-zero in the fitted data; a graph using another one is predicted partially. */
  seen: string[];
  /** Transfer: the base device whose prediction is the feature `base_ms`. */
  base?: DeviceProfile;
  /** The base's prediction is the only feature (latency = a x base + b); the graph's own features are not used. */
  baseOnly?: boolean;
  /**
   * Transfer from several devices at once (a device embedding, HELP's insight): the feature
   * `base_ms:<name>` is each one's prediction (latencyModel.ts), used by the members that name it.
   */
  bases?: DeviceProfile[];
  /** More members: the prediction is then the mean of this model's and theirs (on a few measurements no single one can be chosen reliably). */
  ensemble?: FeatureTerms[];
}

/** One linear member of a feature model; names as in FeatureModel.weights, plus `folded:<name>` for the folded graph's feature in a member that uses both forms. */
export type FeatureTerms = Pick<FeatureModel, 'fold' | 'interceptMs' | 'weights' | 'seen' | 'baseOnly'>;

export type LatencyModel = TableModel | FeatureModel;

/** An end-to-end measurement kept in the profile, so the correction can be refitted as the table grows. */
export interface EndToEndMeasurement {
  key: string;
  ms: number;
}

export interface FitError {
  /** How the error was estimated: 'cross-validated' (k-fold on the fitted data) or 'held-out'. */
  how: 'cross-validated' | 'held-out';
  samples: number;
  mape: number;
  within10: number;
  spearman: number;
}

export interface DeviceProfile {
  format: typeof DEVICE_PROFILE_FORMAT;
  version: typeof DEVICE_PROFILE_VERSION;
  name: string;
  /** Free text: the hardware, e.g. "Raspberry Pi 4, Node 20". */
  description: string;
  /** Where latencies come from: a TensorFlow.js backend ('wasm', 'webgl', ...) or e.g. 'tflite'. */
  backend: string;
  batch: number;
  threads?: number;
  measured: { how: 'node' | 'browser' | 'measurements'; at: string; tool?: string };
  /** Milliseconds per operator unit, keyed by unit signature (hardware/opUnits.ts); fused units included. */
  table: Record<string, number>;
  /** Op-kind pairs 'a>b' tested for fusion: true when the runtime runs them as one kernel. */
  fusion: Record<string, boolean>;
  model: LatencyModel;
  /** End-to-end measurements the table model's correction is fitted on. */
  measurements?: EndToEndMeasurement[];
  /** Local profiles: the load reference every timing of this device is rescaled to (hardware/loadDrift.ts). */
  reference?: LoadReference;
  error?: FitError;
}

/** An empty profile: nothing measured yet, a plain sum of the table. */
export function emptyProfile(name: string, backend: string, description: string, how: DeviceProfile['measured']['how']): DeviceProfile {
  return {
    format: DEVICE_PROFILE_FORMAT,
    version: DEVICE_PROFILE_VERSION,
    name,
    description,
    backend,
    batch: 1,
    measured: { how, at: new Date().toISOString() },
    table: {},
    fusion: {},
    model: { kind: 'table', offsetMs: 0, scale: 1, memoryScale: 1, dispatchMs: 0 },
  };
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks parsed JSON as a DeviceProfile; throws `<where>: <field> ...` for the first problem.
 * `backend`: the backend the caller will predict for (a local profile must match the engine in use).
 */
export function validateDeviceProfile(value: unknown, where: string, backend?: string): DeviceProfile {
  const fail = (msg: string): never => {
    throw new Error(`${where}: ${msg}`);
  };
  if (!isObject(value)) return fail('a device profile must be a JSON object');
  if (value.format !== DEVICE_PROFILE_FORMAT) fail(`"format" must be "${DEVICE_PROFILE_FORMAT}", got ${JSON.stringify(value.format)}; is this a device profile?`);
  if (value.version !== DEVICE_PROFILE_VERSION) fail(`profile version ${JSON.stringify(value.version)} is not supported (this version of NAS Workbench reads version ${DEVICE_PROFILE_VERSION}); make the profile again`);
  if (typeof value.name !== 'string' || !DEVICE_NAME.test(value.name)) fail(`"name" must be a device name (letters, digits, _ . -), got ${JSON.stringify(value.name)}`);
  if (typeof value.description !== 'string') fail('"description" must be a string');
  if (typeof value.backend !== 'string' || value.backend === '') fail('"backend" must be a non-empty string');
  if (backend !== undefined && value.backend !== backend) fail(`the profile was made on the ${value.backend} backend, but predictions here are for ${backend}; profile the device again on ${backend}`);
  if (!(Number.isInteger(value.batch) && (value.batch as number) >= 1)) fail('"batch" must be a whole number >= 1');
  if (value.threads !== undefined && !(Number.isInteger(value.threads) && (value.threads as number) >= 1)) fail('"threads" must be a whole number >= 1');
  const measured = value.measured;
  if (!isObject(measured) || !['node', 'browser', 'measurements'].includes(measured.how as string) || typeof measured.at !== 'string') fail('"measured" must be { how: "node" | "browser" | "measurements", at: <ISO date> }');
  milliseconds(value.table, '"table"', fail);
  if (!isObject(value.fusion) || Object.values(value.fusion).some((v) => typeof v !== 'boolean')) fail('"fusion" must be an object of "op>op" -> true/false');
  validateModel(value.model, '"model"', fail, where);
  if (value.measurements !== undefined) {
    if (!Array.isArray(value.measurements)) fail('"measurements" must be a list of { key, ms }');
    (value.measurements as unknown[]).forEach((m, i) => {
      if (!isObject(m) || typeof m.key !== 'string' || !(typeof m.ms === 'number' && Number.isFinite(m.ms) && m.ms >= 0)) fail(`"measurements"[${i}] must be { key: string, ms: number >= 0 }`);
    });
  }
  if (value.reference !== undefined) {
    const r = value.reference;
    if (!isObject(r) || typeof r.signature !== 'string' || !['unitMs', 'endToEndMs'].every((k) => typeof r[k] === 'number' && Number.isFinite(r[k]) && (r[k] as number) > 0)) fail('"reference" must be { signature: string, unitMs: number > 0, endToEndMs: number > 0 }');
  }
  if (value.error !== undefined) {
    const e = value.error;
    if (!isObject(e) || !['cross-validated', 'held-out'].includes(e.how as string) || ['samples', 'mape', 'within10', 'spearman'].some((k) => typeof e[k] !== 'number')) fail('"error" must be { how, samples, mape, within10, spearman }');
  }
  return value as unknown as DeviceProfile;
}

function milliseconds(v: unknown, field: string, fail: (m: string) => never): void {
  if (!isObject(v)) fail(`${field} must be an object of operator signature -> milliseconds`);
  for (const [k, ms] of Object.entries(v as Json)) {
    if (!(typeof ms === 'number' && Number.isFinite(ms) && ms >= 0)) fail(`${field} entry "${k}" must be a finite number of milliseconds >= 0, got ${JSON.stringify(ms)}`);
  }
}

function validateModel(v: unknown, field: string, fail: (m: string) => never, where: string): void {
  if (!isObject(v)) return fail(`${field} must be a latency model object`);
  const finite = (k: string) => {
    if (!(typeof v[k] === 'number' && Number.isFinite(v[k]))) fail(`${field}.${k} must be a finite number`);
  };
  if (v.kind === 'table') {
    ['offsetMs', 'scale', 'memoryScale', 'dispatchMs'].forEach(finite);
  } else if (v.kind === 'features') {
    const transfer = v.base !== undefined || (Array.isArray(v.bases) && v.bases.length > 0);
    validateTerms(v, field, fail, transfer);
    if (v.base !== undefined) validateDeviceProfile(v.base, `${where} (its base profile)`);
    if (v.bases !== undefined) {
      if (!Array.isArray(v.bases)) fail(`${field}.bases must be a list of device profiles`);
      (v.bases as unknown[]).forEach((b, i) => validateDeviceProfile(b, `${where} (its base profile ${i + 1})`));
    }
    if (v.ensemble !== undefined) {
      if (!Array.isArray(v.ensemble)) fail(`${field}.ensemble must be a list of { fold, interceptMs, weights, seen }`);
      (v.ensemble as unknown[]).forEach((m, i) => (isObject(m) ? validateTerms(m, `${field}.ensemble[${i}]`, fail, transfer) : fail(`${field}.ensemble[${i}] must be an object`)));
    }
  } else {
    fail(`${field}.kind must be "table" or "features", got ${JSON.stringify(v.kind)}`);
  }
}

function validateTerms(v: Json, field: string, fail: (m: string) => never, transfer: boolean): void {
  if (!(typeof v.interceptMs === 'number' && Number.isFinite(v.interceptMs))) fail(`${field}.interceptMs must be a finite number`);
  if (typeof v.fold !== 'boolean') fail(`${field}.fold must be true or false`);
  if (!isObject(v.weights) || Object.values(v.weights).some((w) => !(typeof w === 'number' && Number.isFinite(w)))) fail(`${field}.weights must be an object of feature -> number`);
  if (!Array.isArray(v.seen) || v.seen.some((s) => typeof s !== 'string')) fail(`${field}.seen must be a list of feature names`);
  if (v.baseOnly !== undefined && (typeof v.baseOnly !== 'boolean' || (v.baseOnly && !transfer))) fail(`${field}.baseOnly must be true or false, and true only with a base profile`);
}
