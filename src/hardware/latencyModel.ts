// Predicting a graph's latency on a device from its profile, and fitting the profile's model on
// end-to-end measurements. Two models (hardware/deviceProfile.ts): the operator table (sum over
// the graph's units, fused units included, plus a fitted overhead per unit and a linear
// correction) and, for a device we cannot run code on, a linear model on per-operator features,
// optionally on top of another device's prediction (transfer).
import type { ArchitectureGraph } from '../core/space/types';
import type { DeviceProfile, FeatureModel, FitError, TableModel } from './deviceProfile';
import { errorFigures } from './fitError';
import { latencyFeatures } from './latencyFeatures';
import { unitsOf } from './opUnits';
import { ridgeCv, type RidgeFit } from './ridge';

export interface LatencyPrediction {
  ms: number;
  /** True when the profile lacks part of the graph; `ms` then leaves that part out. */
  partial: boolean;
  /** What the profile lacks: unit signatures (table) or feature names (features). */
  missing: string[];
}

/** The operator-table sum of a graph: milliseconds of the units the table has, their count, and the ones it lacks. */
export function tableSum(profile: DeviceProfile, graph: ArchitectureGraph): { sumMs: number; units: number; missing: string[] } {
  let sumMs = 0;
  const missing: string[] = [];
  const units = unitsOf(graph, profile.fusion);
  for (const u of units) {
    const ms = profile.table[u.signature];
    if (ms === undefined) missing.push(u.signature);
    else sumMs += ms;
  }
  return { sumMs, units: units.length, missing: [...new Set(missing)] };
}

export const BASE_FEATURE = 'base_ms';

function featuresWithBase(model: FeatureModel, graph: ArchitectureGraph): { f: Record<string, number>; missing: string[] } {
  const f = latencyFeatures(graph, model.fold);
  if (!model.base) return { f, missing: [] };
  const base = predictLatency(model.base, graph);
  f[BASE_FEATURE] = base.ms;
  return { f, missing: base.missing };
}

export function predictLatency(profile: DeviceProfile, graph: ArchitectureGraph): LatencyPrediction {
  const model = profile.model;
  if (model.kind === 'table') {
    const { sumMs, units, missing } = tableSum(profile, graph);
    return { ms: model.offsetMs + model.scale * sumMs + model.dispatchMs * units, partial: missing.length > 0, missing };
  }
  const { f, missing } = featuresWithBase(model, graph);
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
}

function figures(outOfFold: number[], measured: number[]): FitError {
  return { how: 'cross-validated', ...errorFigures(outOfFold, measured) };
}

/** The table model's correction (offset, scale, per-unit overhead) fitted on end-to-end measurements. */
export function fitTableModel(profile: DeviceProfile, measured: readonly Measured[]): { model: TableModel; error?: FitError } {
  const rows = measured.map((m) => tableSum(profile, m.graph));
  const ms = measured.map((m) => m.ms);
  if (measured.length < 3) {
    // Too few for three terms: a plain scale.
    const sum = rows.reduce((s, r) => s + r.sumMs, 0);
    return { model: { kind: 'table', offsetMs: 0, scale: sum > 0 ? ms.reduce((s, v) => s + v, 0) / sum : 1, dispatchMs: 0 } };
  }
  const { fit, outOfFold } = ridgeCv(rows.map((r) => [r.sumMs, r.units]), ms);
  return { model: { kind: 'table', offsetMs: fit.intercept, scale: fit.weights[0], dispatchMs: fit.weights[1] }, error: figures(outOfFold, ms) };
}

/** Fewest measurements `fitFeatureModel` accepts: the cross-validation needs a few per fold. */
export const MIN_MEASUREMENTS = 5;

/**
 * A feature model fitted on end-to-end measurements; `base`: a profile to transfer from. The
 * features of the graph as written and of the folded graph are both tried; the one with the
 * smaller cross-validated error is kept.
 */
export function fitFeatureModel(measured: readonly Measured[], base?: DeviceProfile): { model: FeatureModel; error: FitError } {
  if (measured.length < MIN_MEASUREMENTS) throw new RangeError(`at least ${MIN_MEASUREMENTS} measurements are needed to fit a latency model, got ${measured.length}`);
  const ms = measured.map((m) => m.ms);
  let best: { model: FeatureModel; error: FitError } | undefined;
  for (const fold of [false, true]) {
    const shell: FeatureModel = { kind: 'features', fold, interceptMs: 0, weights: {}, seen: [], base };
    const rows = measured.map((m) => featuresWithBase(shell, m.graph));
    const lacking = [...new Set(rows.flatMap((r) => r.missing))];
    if (lacking.length) throw new Error(`the base profile ${base?.name} lacks ${lacking.length} operator${lacking.length > 1 ? 's' : ''} of the measured architectures (e.g. ${lacking[0]}); profile it on this space first`);
    const names = [...new Set(rows.flatMap((r) => Object.keys(r.f)))].sort();
    const { fit, outOfFold } = ridgeCv(rows.map((r) => names.map((n) => r.f[n] ?? 0)), ms);
    const error = figures(outOfFold, ms);
    if (!best || error.mape < best.error.mape) best = { model: { kind: 'features', fold, ...weightsOf(fit, names), seen: names, ...(base ? { base } : {}) }, error };
  }
  return best!;
}

function weightsOf(fit: RidgeFit, names: string[]): { interceptMs: number; weights: Record<string, number> } {
  return { interceptMs: fit.intercept, weights: Object.fromEntries(names.map((n, j) => [n, fit.weights[j]])) };
}
