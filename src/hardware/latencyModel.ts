// Predicting a graph's latency on a device from its profile, and fitting the profile's model on
// end-to-end measurements. Two models (hardware/deviceProfile.ts): the operator table (sum over
// the graph's units, fused units included, plus a fitted overhead per unit and a linear
// correction) and, for a device we cannot run code on, a linear model on per-operator features,
// or on another device's latency (transfer, HELP's insight: devices rank architectures alike).
// An architecture a profile measured end to end is predicted as measured.
import type { ArchitectureGraph } from '../core/space/types';
import type { DeviceProfile, EndToEndMeasurement, FeatureModel, FitError, TableModel } from './deviceProfile';
import { errorFigures } from './fitError';
import { latencyFeatures } from './latencyFeatures';
import { unitsOf, type OpUnitConfig } from './opUnits';
import { ridgeCv, type RidgeFit } from './ridge';

export interface LatencyPrediction {
  ms: number;
  /** True when the profile lacks part of the graph; `ms` then leaves that part out. */
  partial: boolean;
  /** What the profile lacks: unit signatures (table) or feature names (features). */
  missing: string[];
}

const COMPUTE_OPS: ReadonlySet<string> = new Set(['conv2d', 'depthwiseConv2d', 'dense']);
const isComputeUnit = (u: OpUnitConfig) => COMPUTE_OPS.has(u.ops[0].op);

/** The table model's formula (hardware/deviceProfile.ts TableModel): the one place it is written. */
const correct = (c: Correction, r: Omit<Row, 'ms'>) => c.offsetMs + c.scale * r.sumMs + c.memoryScale * r.memoryMs + c.dispatchMs * r.units;

/**
 * The operator-table sums of a graph: milliseconds of the compute units (led by a convolution or
 * dense layer) and of the others that the table has, the unit count, and the units it lacks.
 */
export function tableSum(profile: DeviceProfile, graph: ArchitectureGraph): { sumMs: number; memoryMs: number; units: number; missing: string[] } {
  let sumMs = 0;
  let memoryMs = 0;
  const missing: string[] = [];
  const units = unitsOf(graph, profile.fusion);
  for (const u of units) {
    const ms = profile.table[u.signature];
    if (ms === undefined) missing.push(u.signature);
    else if (isComputeUnit(u)) sumMs += ms;
    else memoryMs += ms;
  }
  return { sumMs, memoryMs, units: units.length, missing: [...new Set(missing)] };
}

/**
 * What one unit adds to a table model's prediction: its table time stretched as the model
 * stretches its kind, plus the dispatch per unit (the offset per call is no unit's); undefined
 * when the table lacks the unit. Summed over the graph's units and added to the offset, this is
 * `predictLatency` (for a complete table).
 */
export function unitContributionMs(profile: DeviceProfile, model: TableModel, unit: OpUnitConfig): number | undefined {
  const ms = profile.table[unit.signature];
  if (ms === undefined) return undefined;
  const compute = isComputeUnit(unit);
  return correct({ ...model, offsetMs: 0 }, { sumMs: compute ? ms : 0, memoryMs: compute ? 0 : ms, units: 1 });
}

export const BASE_FEATURE = 'base_ms';

/** The model's features of the graph (`key`: its architecture key, for a base profile that measured it). */
function featuresWithBase(model: FeatureModel, graph: ArchitectureGraph, key?: string): { f: Record<string, number>; missing: string[] } {
  const f = model.baseOnly ? {} : latencyFeatures(graph, model.fold);
  if (!model.base) return { f, missing: [] };
  const base = predictLatency(model.base, graph, key);
  f[BASE_FEATURE] = base.ms;
  return { f, missing: base.missing };
}

const measuredIndex = new WeakMap<readonly EndToEndMeasurement[], { size: number; byKey: Map<string, number> }>();

/** The profile's end-to-end measurement of `key`, if it has one (indexed once per list; a list that grew is indexed again). */
function measuredMs(profile: DeviceProfile, key: string): number | undefined {
  const list = profile.measurements;
  if (!list?.length) return undefined;
  let index = measuredIndex.get(list);
  if (!index || index.size !== list.length) measuredIndex.set(list, (index = { size: list.length, byKey: new Map(list.map((m) => [m.key, m.ms])) }));
  return index.byKey.get(key);
}

/** The graph's latency on the device; `key`, the architecture's key, lets a profile answer with what it measured. */
export function predictLatency(profile: DeviceProfile, graph: ArchitectureGraph, key?: string): LatencyPrediction {
  const measured = key === undefined ? undefined : measuredMs(profile, key);
  if (measured !== undefined) return { ms: measured, partial: false, missing: [] };
  const model = profile.model;
  if (model.kind === 'table') {
    const sums = tableSum(profile, graph);
    return { ms: correct(model, sums), partial: sums.missing.length > 0, missing: sums.missing };
  }
  const { f, missing } = featuresWithBase(model, graph, key);
  return predictFromFeatures(model, f, missing);
}

/** A feature model's prediction from features already computed (`latencyFeatures`, plus `base_ms` with transfer). */
export function predictFromFeatures(model: FeatureModel, f: Readonly<Record<string, number>>, missing: readonly string[] = []): LatencyPrediction {
  const seen = new Set(model.seen);
  const unseen = Object.keys(f).filter((k) => !seen.has(k));
  let ms = model.interceptMs;
  for (const [k, v] of Object.entries(f)) ms += (model.weights[k] ?? 0) * v;
  const all = [...missing, ...unseen];
  return { ms, partial: all.length > 0, missing: all };
}

export interface Measured {
  graph: ArchitectureGraph;
  ms: number;
  /** The architecture's key: a base profile that measured it answers with its measurement. */
  key?: string;
}

function figures(outOfFold: number[], measured: number[]): FitError {
  return { how: 'cross-validated', ...errorFigures(outOfFold, measured) };
}

interface Correction {
  offsetMs: number;
  scale: number;
  memoryScale: number;
  dispatchMs: number;
}

type Row = { sumMs: number; memoryMs: number; units: number; ms: number };
const TERMS: ((r: Row) => number)[] = [() => 1, (r) => r.sumMs, (r) => r.memoryMs, (r) => r.units];
/** Every non-empty subset of the terms, largest first. */
const SUBSETS: number[][] = Array.from({ length: 2 ** TERMS.length - 1 }, (_, i) => TERMS.map((__, t) => t).filter((t) => ((i + 1) >> t) & 1)).sort((a, b) => b.length - a.length);

/** Weighted least squares on the chosen terms (others 0); undefined when singular. */
function leastSquares(rows: readonly Row[], terms: readonly number[]): number[] | undefined {
  const w = rows.map((r) => 1 / r.ms ** 2);
  const a = terms.map((p) => terms.map((q) => rows.reduce((acc, r, i) => acc + w[i] * TERMS[p](r) * TERMS[q](r), 0)));
  const b = terms.map((p) => rows.reduce((acc, r, i) => acc + w[i] * TERMS[p](r) * r.ms, 0));
  const m = a.map((row, i) => [...row, b[i]]);
  const n = terms.length;
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) piv = r;
    [m[c], m[piv]] = [m[piv], m[c]];
    if (Math.abs(m[c][c]) < 1e-12 * Math.max(1, Math.abs(a[c][c]))) return undefined;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let j = c; j <= n; j++) m[r][j] -= f * m[c][j];
    }
  }
  const x = TERMS.map(() => 0);
  terms.forEach((t, i) => (x[t] = m[i][n] / m[i][i]));
  return x;
}

/**
 * ms = offsetMs + scale x compute sum + memoryScale x other sum + dispatchMs x units, every term >= 0, least relative squares
 * (the best of the term subsets whose unconstrained fit is non-negative): the physical form (the
 * table's time, stretched by what ops lose to each other in a whole model, an overhead per
 * launched unit, a fixed cost per call). Free signs fit noise: on a loaded machine a few noisy
 * end-to-end timings gave negative overheads and a 30% bias.
 */
function fitCorrection(rows: readonly Row[]): Correction {
  let best: { x: number[]; err: number } | undefined;
  for (const terms of SUBSETS) {
    const x = leastSquares(rows, terms);
    if (!x || x.some((v) => v < 0)) continue;
    const err = rows.reduce((acc, r) => acc + ((r.ms - TERMS.reduce((s, t, i) => s + x[i] * t(r), 0)) / r.ms) ** 2, 0);
    if (!best || err < best.err - 1e-15) best = { x, err };
  }
  const [offsetMs, scale, memoryScale, dispatchMs] = best?.x ?? [0, 1, 1, 0];
  return { offsetMs, scale, memoryScale, dispatchMs };
}

/** The table model's correction fitted on end-to-end measurements, with its k-fold cross-validated error. */
export function fitTableModel(profile: DeviceProfile, measured: readonly Measured[]): { model: TableModel; error?: FitError } {
  const rows = measured.map((m) => ({ ...tableSum(profile, m.graph), ms: m.ms }));
  const model = (c: Correction): TableModel => ({ kind: 'table', ...c });
  if (rows.length === 0) return { model: model({ offsetMs: 0, scale: 1, memoryScale: 1, dispatchMs: 0 }) };
  const fitted = model(fitCorrection(rows));
  if (rows.length < 3) return { model: fitted };
  const k = Math.min(5, rows.length);
  const outOfFold = rows.map((_, i) => {
    return correct(fitCorrection(rows.filter((__, j) => j % k !== i % k)), rows[i]);
  });
  return { model: fitted, error: figures(outOfFold, rows.map((r) => r.ms)) };
}

/** End-to-end timings a table model's correction is fitted on before it is trusted (the local device's first candidates). */
export const CALIBRATION_CANDIDATES = 12;

/** Fewest measurements `fitFeatureModel` accepts: the cross-validation needs a few per fold. */
export const MIN_MEASUREMENTS = 5;

/** Folds for choosing among models: leave-one-out up to this many measurements (the few-shot case: a steadier choice than 5 folds of 4), 5 above. */
const LEAVE_ONE_OUT_UP_TO = 30;

/**
 * A feature model fitted on end-to-end measurements; `bases`: profiles of other devices to
 * transfer from. The candidates: a linear model on the features of the graph as written, one on
 * the folded graph's, and for each base, a x (the base's latency) + b. The one whose
 * cross-validated predictions rank the measurements best is kept (ties: the smaller relative
 * error): rank is what a search needs, and on 20 measurements a choice by relative error picked
 * bases that fit the scale but ranked worse. The error reported is the kept model's.
 */
export function fitFeatureModel(measured: readonly Measured[], bases: readonly DeviceProfile[] = []): { model: FeatureModel; error: FitError } {
  if (measured.length < MIN_MEASUREMENTS) throw new RangeError(`at least ${MIN_MEASUREMENTS} measurements are needed to fit a latency model, got ${measured.length}`);
  const ms = measured.map((m) => m.ms);
  const k = measured.length <= LEAVE_ONE_OUT_UP_TO ? measured.length : 5;
  const shells: FeatureModel[] = [
    { kind: 'features', fold: false, interceptMs: 0, weights: {}, seen: [] },
    { kind: 'features', fold: true, interceptMs: 0, weights: {}, seen: [] },
    ...bases.map((base): FeatureModel => ({ kind: 'features', fold: false, baseOnly: true, interceptMs: 0, weights: {}, seen: [], base })),
  ];
  let best: { model: FeatureModel; error: FitError } | undefined;
  for (const shell of shells) {
    const rows = measured.map((m) => featuresWithBase(shell, m.graph, m.key));
    const lacking = [...new Set(rows.flatMap((r) => r.missing))];
    if (lacking.length) throw new Error(`the base profile ${shell.base?.name} lacks ${lacking.length} operator${lacking.length > 1 ? 's' : ''} of the measured architectures (e.g. ${lacking[0]}); profile it on this space first`);
    const names = [...new Set(rows.flatMap((r) => Object.keys(r.f)))].sort();
    const { fit, outOfFold } = ridgeCv(rows.map((r) => names.map((n) => r.f[n] ?? 0)), ms, k);
    const error = figures(outOfFold, ms);
    if (!best || error.spearman > best.error.spearman || (error.spearman === best.error.spearman && error.mape < best.error.mape)) best = { model: { ...shell, ...weightsOf(fit, names), seen: names }, error };
  }
  return best!;
}

function weightsOf(fit: RidgeFit, names: string[]): { interceptMs: number; weights: Record<string, number> } {
  return { interceptMs: fit.intercept, weights: Object.fromEntries(names.map((n, j) => [n, fit.weights[j]])) };
}
