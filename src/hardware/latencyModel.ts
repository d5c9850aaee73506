// Predicting a graph's latency on a device from its profile, and fitting the profile's model on
// end-to-end measurements. Two models (hardware/deviceProfile.ts): the operator table (sum over
// the graph's units, fused units included, plus a fitted overhead per unit and a linear
// correction) and, for a device we cannot run code on, linear models on per-operator features
// and on other devices' latencies (transfer, HELP's insight: devices rank architectures alike),
// averaged.
// An architecture a profile measured end to end is predicted as measured.
import type { ArchitectureGraph } from '../core/space/types';
import type { DeviceProfile, EndToEndMeasurement, FeatureModel, FeatureTerms, FitError, TableModel } from './deviceProfile';
import { errorFigures } from './fitError';
import { latencyFeatures } from './latencyFeatures';
import { nnls } from './nnls';
import { unitsOf, type OpUnitConfig } from './opUnits';
import { outOfFold, predictLinear, ridgeCv } from './ridge';

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
/** A member's name for the folded graph's feature when it uses both forms. */
const FOLDED = 'folded:';
/** The feature of the base profile `name` in a model with several bases. */
export const baseFeature = (name: string) => `${BASE_FEATURE}:${name}`;

/** What a feature model's members read of a graph: its features as written and folded, and the bases' predictions by feature name. */
export interface FeatureInputs {
  written: Readonly<Record<string, number>>;
  folded: Readonly<Record<string, number>>;
  bases: Readonly<Record<string, number>>;
  /** What a base profile lacks of the graph. */
  missing: readonly string[];
}

/** The feature inputs of a graph (`key`: its architecture key, for a base profile that measured it). */
export function featureInputs(model: FeatureModel, graph: ArchitectureGraph, key?: string): FeatureInputs {
  const bases: Record<string, number> = {};
  const missing: string[] = [];
  const add = (name: string, base: DeviceProfile) => {
    const p = predictLatency(base, graph, key);
    bases[name] = p.ms;
    missing.push(...p.missing);
  };
  if (model.base) add(BASE_FEATURE, model.base);
  for (const b of model.bases ?? []) add(baseFeature(b.name), b);
  // Each form of the graph's features is walked when a member first reads it: most models read
  // one form (a base-only member none), and this runs per candidate and device in the cost gate.
  let written: Record<string, number> | undefined;
  let folded: Record<string, number> | undefined;
  return {
    get written() {
      return (written ??= latencyFeatures(graph, false));
    },
    get folded() {
      return (folded ??= latencyFeatures(graph, true));
    },
    bases,
    missing,
  };
}

/** A member's features: the graph's (folded or not; none when base-only), the bases' and, `withFolded`, the folded graph's as `folded:<name>`. */
function memberView(member: Pick<FeatureTerms, 'fold' | 'baseOnly'>, inputs: FeatureInputs, withFolded: boolean): Record<string, number> {
  const view: Record<string, number> = { ...(member.baseOnly ? {} : member.fold ? inputs.folded : inputs.written), ...inputs.bases };
  if (withFolded) for (const [k, v] of Object.entries(inputs.folded)) view[FOLDED + k] = v;
  return view;
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
  return predictFromFeatures(model, featureInputs(model, graph, key));
}

/** A feature model's prediction from inputs already computed (`featureInputs`): the mean of its members'. */
export function predictFromFeatures(model: FeatureModel, inputs: FeatureInputs): LatencyPrediction {
  const members: FeatureTerms[] = [model, ...(model.ensemble ?? [])];
  const missing = new Set(inputs.missing);
  let sum = 0;
  for (const m of members) {
    const view = memberView(m, inputs, m.seen.some((n) => n.startsWith(FOLDED)));
    const seen = new Set(m.seen);
    let ms = m.interceptMs;
    for (const [k, v] of Object.entries(view)) {
      ms += (m.weights[k] ?? 0) * v;
      if (!seen.has(k)) missing.add(k);
    }
    sum += ms;
  }
  return { ms: sum / members.length, partial: missing.size > 0, missing: [...missing] };
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

/** Members whose cross-validated relative error is within this factor of the best one's join the ensemble. */
const ENSEMBLE_WITHIN = 1.5;

interface Member {
  terms: FeatureTerms;
  outOfFold: number[];
  mape: number;
}

/**
 * Non-negative costs with a free intercept, least relative squares: ms = c + sum w_j x_j, w >= 0
 * (a device's latency as a non-negative mix of other devices' latencies and per-op costs).
 * Columns are scaled to unit size first, so the tolerance means the same for every feature.
 */
function nnlsRelative(x: readonly (readonly number[])[], y: readonly number[]): { intercept: number; weights: number[] } {
  const d = x[0]?.length ?? 0;
  const size = Array.from({ length: d }, (_, j) => Math.sqrt(x.reduce((s, row) => s + row[j] ** 2, 0) / x.length) || 1);
  const a = x.map((row, i) => [...row.map((v, j) => v / size[j] / y[i]), 1 / y[i]]);
  const beta = nnls(a, y.map(() => 1), [d]);
  return { intercept: beta[d], weights: beta.slice(0, d).map((v, j) => v / size[j]) };
}

/**
 * A feature model fitted on end-to-end measurements; `bases`: profiles of other devices to
 * transfer from. The members tried: ridge on the features of the graph as written, the same on
 * the folded graph's and, with bases, non-negative least squares on the bases' latencies alone
 * (a device embedding) and on those plus the op counts of both forms. Those whose
 * cross-validated relative error is within 1.5x the best one's are kept and their predictions
 * averaged: on 20 measurements the choice of a single member by cross-validation (by rank or by
 * error) was noisier than any member alone, the mean of the plausible ones steadier (README
 * "Latency prediction"). The error reported is the kept mean's out-of-fold one (the same folds
 * chose the members, so it is slightly optimistic).
 */
export function fitFeatureModel(measured: readonly Measured[], bases: readonly DeviceProfile[] = []): { model: FeatureModel; error: FitError } {
  if (measured.length < MIN_MEASUREMENTS) throw new RangeError(`at least ${MIN_MEASUREMENTS} measurements are needed to fit a latency model, got ${measured.length}`);
  const ms = measured.map((m) => m.ms);
  const k = measured.length <= LEAVE_ONE_OUT_UP_TO ? measured.length : 5;
  const shell: FeatureModel = { kind: 'features', fold: false, interceptMs: 0, weights: {}, seen: [], ...(bases.length ? { bases: [...bases] } : {}) };
  const inputs = measured.map((m) => featureInputs(shell, m.graph, m.key));
  const lacking = [...new Set(inputs.flatMap((r) => r.missing))];
  if (lacking.length) throw new Error(`a base profile lacks ${lacking.length} operator${lacking.length > 1 ? 's' : ''} of the measured architectures (e.g. ${lacking[0]}); profile it on this space first`);
  const members: Member[] = [];
  const add = (terms: Omit<FeatureTerms, 'interceptMs' | 'weights' | 'seen'>, columns: (names: string[]) => string[], fit: 'ridge' | 'nnls') => {
    const views = inputs.map((r) => memberView(terms, r, true));
    const nonZero = [...new Set(views.flatMap((v) => Object.keys(v).filter((n) => v[n] !== 0)))].sort();
    const names = columns(nonZero);
    const usesFolded = names.some((n) => n.startsWith(FOLDED));
    const seen = nonZero.filter((n) => usesFolded || !n.startsWith(FOLDED));
    const rows = views.map((v) => names.map((n) => v[n] ?? 0));
    let weights: { intercept: number; weights: number[] };
    let oof: number[];
    if (fit === 'ridge') {
      const r = ridgeCv(rows, ms, k);
      weights = r.fit;
      oof = r.outOfFold;
    } else {
      weights = nnlsRelative(rows, ms);
      oof = outOfFold(ms.length, k, (train, test) => {
        const w = nnlsRelative(train.map((i) => rows[i]), train.map((i) => ms[i]));
        return test.map((i) => predictLinear(w, rows[i]));
      });
    }
    members.push({
      terms: { ...terms, interceptMs: weights.intercept, weights: Object.fromEntries(names.map((n, j) => [n, weights.weights[j]])), seen },
      outOfFold: oof,
      mape: errorFigures(oof, ms).mape,
    });
  };
  const graphOnly = (names: string[]) => names.filter((n) => !n.startsWith(BASE_FEATURE) && !n.startsWith(FOLDED));
  add({ fold: false }, graphOnly, 'ridge');
  add({ fold: true }, graphOnly, 'ridge');
  if (bases.length) {
    add({ fold: false, baseOnly: true }, (names) => names.filter((n) => n.startsWith(BASE_FEATURE)), 'nnls');
    add({ fold: false }, (names) => names.filter((n) => n.startsWith(BASE_FEATURE) || n.startsWith('count:') || n.startsWith(`${FOLDED}count:`)), 'nnls');
  }
  const best = Math.min(...members.map((m) => m.mape));
  const kept = members.filter((m) => m.mape <= ENSEMBLE_WITHIN * best + 1e-12).sort((a, b) => a.mape - b.mape);
  const oof = ms.map((_, i) => kept.reduce((s, m) => s + m.outOfFold[i], 0) / kept.length);
  const usesBases = kept.some((m) => Object.keys(m.terms.weights).some((n) => n.startsWith(BASE_FEATURE)));
  const model: FeatureModel = { kind: 'features', ...kept[0].terms, ...(usesBases ? { bases: [...bases] } : {}), ...(kept.length > 1 ? { ensemble: kept.slice(1).map((m) => m.terms) } : {}) };
  return { model, error: figures(oof, ms) };
}

/** What a fitted feature model is, in a few words (`nas device fit`, the benches). */
export function describeFeatureModel(model: FeatureModel): string {
  const members: FeatureTerms[] = [model, ...(model.ensemble ?? [])];
  const one = (m: FeatureTerms) => {
    const from = Object.keys(m.weights).filter((n) => n.startsWith(`${BASE_FEATURE}:`) && m.weights[n] !== 0).map((n) => n.slice(BASE_FEATURE.length + 1));
    const graph = m.baseOnly ? '' : m.fold ? 'folded features' : Object.keys(m.weights).some((n) => n.startsWith(FOLDED)) ? 'op counts' : 'features';
    return [graph, from.length ? `${from.join('+')}` : m.weights[BASE_FEATURE] !== undefined ? model.base?.name ?? 'base' : ''].filter(Boolean).join(' + ');
  };
  return members.length > 1 ? `mean of ${members.map(one).join(', ')}` : one(model);
}
