// The panel's data, without the DOM: the run's records, which metric is on which axis, the
// partition of points into front / dominated / infeasible, the 2-D front on the chosen axes,
// best-so-far and hypervolume over evaluations, and the table order. Unit-tested in Node.
// Everything is kept incrementally as deltas arrive (fronts, series, per-axes partitions), so a
// frame's work grows with the batch, not with the run: a 15,000-candidate run stays live.
import { directionByName, findMetric } from '../src/core/estimate/catalog';
import type { CandidateRecord } from '../src/core/run/types';
import type { Direction } from '../src/core/search/objectives';
import { hypervolume } from '../src/core/search/hypervolume';
import { IncrementalFront } from '../src/core/search/pareto';
import { type Constraint, frontVector, isFeasible, type Objective, readRunObjectives } from '../src/protocol/objectives';
import type { RunStatus, RunView } from '../src/protocol/webviewProtocol';
import { PredictedLayer } from './predictedLayer';
import { RUNG_COLUMN } from './rungView';


export interface ScatterSeries {
  xs: number[];
  ys: number[];
  keys: string[];
}

export interface ScatterData {
  front: ScatterSeries;
  dominated: ScatterSeries;
  infeasible: ScatterSeries;
  /** Candidates not drawn: failed or rejected ones, and ok ones without a value for an axis. */
  unplotted: { failed: number; missing: number };
}

/** A window of the scatter (zoom): the table then lists only the candidates inside it. */
export interface AxisWindow {
  x: string;
  y: string;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** The per-axes partition, extended with each delta (see RunModel.scatter). */
interface AxesCache {
  x: string;
  y: string;
  seen: number;
  feasible: ScatterSeries;
  infeasible: ScatterSeries;
  /** Indices into `feasible`, on the 2-D front of the two axes (directions applied). */
  front: IncrementalFront<number>;
  failed: number;
  missing: number;
}

export class RunModel {
  readonly runId: string;
  readonly info: RunView['info'];
  readonly runDir: string;
  status: RunStatus;
  readonly records: CandidateRecord[] = [];
  readonly objectives: Objective[];
  readonly constraints: Constraint[];
  private readonly byKey = new Map<string, CandidateRecord>();
  private readonly metricNames = new Set<string>();
  private readonly feasibleCache = new Map<string, boolean>();
  private readonly indices = new Set<number>();
  /** Front of all objectives among feasible candidates, kept as records arrive. */
  private readonly front = new IncrementalFront<string>();
  private axesCache: AxesCache | undefined;
  private readonly series = { evals: [] as number[], best: [] as (number | null)[], current: null as number | null };
  private readonly hv = new HypervolumeSeries();
  /** Candidates only predicted (predictor-guided strategies): a layer of their own, outside everything above. */
  readonly predicted = new PredictedLayer((key) => this.byKey.has(key));

  constructor(view: RunView) {
    this.runId = view.runId;
    this.info = view.info;
    this.runDir = view.runDir;
    this.status = view.status;
    ({ objectives: this.objectives, constraints: this.constraints } = readRunObjectives(view.info.settings));
    this.append(view.candidates);
  }

  append(records: readonly CandidateRecord[]): void {
    for (const r of records) {
      if (this.indices.has(r.index)) continue;
      this.indices.add(r.index);
      this.records.push(r);
      this.byKey.set(r.key, r);
      for (const m of Object.keys(r.metrics)) this.metricNames.add(m);
      this.track(r);
    }
  }

  /** Folds one new record into the front and the progress series. */
  private track(r: CandidateRecord): void {
    const feasible = this.feasible(r);
    if (feasible) {
      const v = frontVector(r, this.objectives);
      if (v) this.front.add(r.key, v);
    }
    const first = this.objectives[0];
    const s = this.series;
    s.evals.push(r.index + 1);
    if (first && r.status === 'ok' && feasible && Number.isFinite(r.metrics[first.metric])) {
      const v = r.metrics[first.metric];
      if (s.current === null || (first.direction === 'max' ? v > s.current : v < s.current)) s.current = v;
    }
    s.best.push(s.current);
    if (this.objectives.length >= 2) {
      const two = [this.objectives[0], this.objectives[1]];
      this.hv.push(feasible ? ((frontVector(r, two) as [number, number] | undefined) ?? [NaN, NaN]) : [NaN, NaN]);
    }
  }

  get(key: string): CandidateRecord | undefined {
    return this.byKey.get(key);
  }

  feasible(r: CandidateRecord): boolean {
    let f = this.feasibleCache.get(r.key);
    if (f === undefined) this.feasibleCache.set(r.key, (f = isFeasible(r, this.constraints)));
    return f;
  }

  /** Metric names seen in the run, objectives first. */
  metrics(): string[] {
    const obj = this.objectives.map((o) => o.metric);
    return [...obj, ...[...this.metricNames].filter((m) => !obj.includes(m)).sort()];
  }

  direction(metric: string): Direction {
    const o = this.objectives.find((x) => x.metric === metric);
    if (o) return o.direction;
    // The run's metric catalog; a run recorded before catalogs falls back to the naming convention.
    return findMetric(this.info.catalog, metric)?.direction ?? directionByName(metric);
  }

  /** The metric's unit from the run's catalog ('' when unknown). */
  unit(metric: string): string {
    return findMetric(this.info.catalog, metric)?.unit ?? '';
  }

  /** What the metric is, from the run's catalog (a table's .meta.json text included); '' when the run has none. */
  description(metric: string): string {
    return findMetric(this.info.catalog, metric)?.description ?? '';
  }

  /** y: the first objective; x: a latency if there is one, else the second objective, else any cost. */
  defaultAxes(): { x: string; y: string } {
    const all = this.metrics();
    const y = this.objectives[0]?.metric ?? all[0] ?? 'accuracy';
    const candidates = [...all.filter((m) => m !== y && /lat/i.test(m) && this.objectives.some((o) => o.metric === m)), ...all.filter((m) => m !== y && /lat/i.test(m)), ...this.objectives.map((o) => o.metric).filter((m) => m !== y), ...all.filter((m) => m !== y && this.direction(m) === 'min'), ...all.filter((m) => m !== y)];
    return { x: candidates[0] ?? y, y };
  }

  /**
   * Points on two axes: the Pareto front of those two metrics among feasible candidates (sorted
   * by x, to be drawn connected), the dominated feasible points, and the infeasible ones; and how
   * many candidates are not drawn. Extended from the last call's state when the axes are the same.
   */
  scatter(x: string, y: string): ScatterData {
    let c = this.axesCache;
    if (!c || c.x !== x || c.y !== y) c = this.axesCache = { x, y, seen: 0, feasible: series(), infeasible: series(), front: new IncrementalFront<number>(), failed: 0, missing: 0 };
    const dx = this.direction(x) === 'max' ? -1 : 1;
    const dy = this.direction(y) === 'max' ? -1 : 1;
    for (; c.seen < this.records.length; c.seen++) {
      const r = this.records[c.seen];
      if (r.status !== 'ok') {
        c.failed++;
        continue;
      }
      // A multi-fidelity run's earlier rung results are superseded by the candidate's latest
      // (highest) one; one already drawn stays until the axes change.
      if (this.byKey.get(r.key) !== r) continue;
      const vx = r.metrics[x];
      const vy = r.metrics[y];
      if (!Number.isFinite(vx) || !Number.isFinite(vy)) {
        c.missing++;
        continue;
      }
      if (!this.feasible(r)) {
        push(c.infeasible, vx, vy, r.key);
        continue;
      }
      c.front.add(c.feasible.xs.length, [dx * vx, dy * vy]);
      push(c.feasible, vx, vy, r.key);
    }
    const onFront = new Set(c.front.ids());
    const front = series();
    const dominated = series();
    const f = c.feasible;
    for (let i = 0; i < f.xs.length; i++) push(onFront.has(i) ? front : dominated, f.xs[i], f.ys[i], f.keys[i]);
    // Drawn as a line: order by the x value itself.
    sortSeriesByX(front);
    return { front, dominated, infeasible: c.infeasible, unplotted: { failed: c.failed, missing: c.missing } };
  }

  /**
   * Per evaluation: best feasible value of the first objective so far, and the hypervolume of the
   * first two objectives (normalised to [0, 1] by the ranges seen) when there are two.
   */
  progressSeries(): { evals: number[]; best: (number | null)[]; hypervolume: (number | null)[] | undefined } {
    return { evals: this.series.evals, best: this.series.best, hypervolume: this.objectives.length >= 2 ? this.hv.values() : undefined };
  }

  /**
   * Rows for the table: the first `limit` by a metric (or evaluation order), missing values last,
   * optionally only those inside a window of the scatter. A bounded selection, not a full sort,
   * so a large run costs one pass per render.
   */
  tableRows(sortBy: string, ascending: boolean, limit: number, window?: AxisWindow): { rows: CandidateRecord[]; total: number } {
    const val = (r: CandidateRecord) => (sortBy === '#' ? r.index : sortBy === RUNG_COLUMN ? r.fidelity?.rung ?? Number.NaN : r.metrics[sortBy] ?? Number.NaN);
    const sign = ascending ? 1 : -1;
    const before = (a: CandidateRecord, b: CandidateRecord) => {
      const va = val(a);
      const vb = val(b);
      if (Number.isNaN(va) !== Number.isNaN(vb)) return Number.isNaN(vb);
      return (sign * (va - vb) || a.index - b.index) < 0;
    };
    const inside = window && ((r: CandidateRecord) => {
      const vx = r.metrics[window.x];
      const vy = r.metrics[window.y];
      return vx >= window.xMin && vx <= window.xMax && vy >= window.yMin && vy <= window.yMax;
    });
    const top: CandidateRecord[] = [];
    let total = 0;
    for (const r of this.records) {
      // A multi-fidelity candidate is one row, at its latest (highest) rung, as in the scatter.
      if (this.byKey.get(r.key) !== r) continue;
      if (inside && !inside(r)) continue;
      total++;
      if (top.length === limit && !before(r, top[limit - 1])) continue;
      let lo = 0;
      let hi = top.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (before(r, top[mid])) hi = mid;
        else lo = mid + 1;
      }
      top.splice(lo, 0, r);
      if (top.length > limit) top.pop();
    }
    return { rows: top, total };
  }

  /** Keys on the Pareto front of all objectives (feasible only), for table and detail marks. */
  paretoKeys(): Set<string> {
    return new Set(this.front.ids());
  }
}

function series(): ScatterSeries {
  return { xs: [], ys: [], keys: [] };
}

function push(s: ScatterSeries, x: number, y: number, key: string): void {
  s.xs.push(x);
  s.ys.push(y);
  s.keys.push(key);
}

function sortSeriesByX(s: ScatterSeries): void {
  const idx = s.xs.map((_, i) => i).sort((a, b) => s.xs[a] - s.xs[b] || s.ys[a] - s.ys[b]);
  const [xs, ys, keys] = [idx.map((i) => s.xs[i]), idx.map((i) => s.ys[i]), idx.map((i) => s.keys[i])];
  s.xs = xs;
  s.ys = ys;
  s.keys = keys;
}

/**
 * Hypervolume after each evaluation, normalised by the final ranges (so the curve only rises).
 * The front is kept incrementally; each step recomputes the area of the current front only.
 */
export function hypervolumeSeries(points: readonly [number, number][]): (number | null)[] {
  const series = new HypervolumeSeries();
  for (const p of points) series.push(p);
  return series.values();
}

/**
 * The hypervolume series kept as points arrive: while new points stay inside the ranges seen,
 * each extends it; one outside them changes the normalisation, and the series is recomputed (a
 * few dozen times over a long run, most of them early, while it is short). The reference point
 * is slightly beyond the worst point, so extreme points still count; a point seen before adds
 * no volume and is skipped, which keeps the front free of duplicates.
 */
class HypervolumeSeries {
  private readonly points: [number, number][] = [];
  private out: (number | null)[] = [];
  private lo = [Infinity, Infinity];
  private hi = [-Infinity, -Infinity];
  private front = new IncrementalFront<number>();
  private readonly seen = new Set<string>();
  private hv = 0;
  private stale = false;

  push(p: [number, number]): void {
    this.points.push(p);
    if (this.stale) return;
    const finite = Number.isFinite(p[0]) && Number.isFinite(p[1]);
    if (finite && (p[0] < this.lo[0] || p[1] < this.lo[1] || p[0] > this.hi[0] || p[1] > this.hi[1])) {
      this.stale = true;
      return;
    }
    const id = `${p[0]},${p[1]}`;
    if (finite && !this.seen.has(id)) {
      this.seen.add(id);
      const span = [this.hi[0] - this.lo[0] || 1, this.hi[1] - this.lo[1] || 1];
      if (this.front.add(this.points.length - 1, [(p[0] - this.lo[0]) / span[0], (p[1] - this.lo[1]) / span[1]]).joined) this.hv = hypervolume(this.front.points(), [1.1, 1.1]);
    }
    this.out.push(this.hv > 0 ? this.hv : null);
  }

  values(): (number | null)[] {
    if (this.stale) this.recompute();
    return this.out;
  }

  /** hypervolumeSeries's own computation, its state kept for the points that follow. */
  private recompute(): void {
    this.stale = false;
    this.lo = [Infinity, Infinity];
    this.hi = [-Infinity, -Infinity];
    for (const p of this.points) {
      if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) continue;
      for (const d of [0, 1]) {
        this.lo[d] = Math.min(this.lo[d], p[d]);
        this.hi[d] = Math.max(this.hi[d], p[d]);
      }
    }
    const all = this.points.splice(0);
    this.out = [];
    this.front = new IncrementalFront<number>();
    this.seen.clear();
    this.hv = 0;
    for (const p of all) this.push(p);
  }
}
