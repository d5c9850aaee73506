// The panel's data, without the DOM: the run's records, which metric is on which axis, the
// partition of points into front / dominated / infeasible, the 2-D front on the chosen axes,
// best-so-far and hypervolume over evaluations, and the table order. Unit-tested in Node.
import { directionByName, findMetric } from '../src/core/estimate/catalog';
import type { CandidateRecord } from '../src/core/run/types';
import type { Direction } from '../src/core/search/objectives';
import { hypervolume } from '../src/core/search/hypervolume';
import { IncrementalFront, paretoFront } from '../src/core/search/pareto';
import { type Constraint, frontVector, isFeasible, type Objective, readRunObjectives } from '../src/protocol/objectives';
import type { RunStatus, RunView } from '../src/protocol/webviewProtocol';


export interface ScatterSeries {
  xs: number[];
  ys: number[];
  keys: string[];
}

export interface ScatterData {
  front: ScatterSeries;
  dominated: ScatterSeries;
  infeasible: ScatterSeries;
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

  /** y: the first objective; x: a latency if there is one, else the second objective, else any cost. */
  defaultAxes(): { x: string; y: string } {
    const all = this.metrics();
    const y = this.objectives[0]?.metric ?? all[0] ?? 'accuracy';
    const candidates = [...all.filter((m) => m !== y && /lat/i.test(m) && this.objectives.some((o) => o.metric === m)), ...all.filter((m) => m !== y && /lat/i.test(m)), ...this.objectives.map((o) => o.metric).filter((m) => m !== y), ...all.filter((m) => m !== y && this.direction(m) === 'min'), ...all.filter((m) => m !== y)];
    return { x: candidates[0] ?? y, y };
  }

  /**
   * Points on two axes: the Pareto front of those two metrics among feasible candidates (sorted
   * by x, to be drawn connected), the dominated feasible points, and the infeasible ones.
   */
  scatter(x: string, y: string): ScatterData {
    const dx = this.direction(x) === 'max' ? -1 : 1;
    const dy = this.direction(y) === 'max' ? -1 : 1;
    const feasible: { key: string; vx: number; vy: number }[] = [];
    const infeasible: ScatterSeries = { xs: [], ys: [], keys: [] };
    for (const r of this.records) {
      // A multi-fidelity run's earlier rung results are superseded by the candidate's latest (highest) one.
      if (r.status !== 'ok' || this.byKey.get(r.key) !== r) continue;
      const vx = r.metrics[x];
      const vy = r.metrics[y];
      if (!Number.isFinite(vx) || !Number.isFinite(vy)) continue;
      if (this.feasible(r)) feasible.push({ key: r.key, vx, vy });
      else push(infeasible, vx, vy, r.key);
    }
    const onFront = new Set(paretoFront(feasible.map((p) => [dx * p.vx, dy * p.vy])));
    const front: ScatterSeries = { xs: [], ys: [], keys: [] };
    const dominated: ScatterSeries = { xs: [], ys: [], keys: [] };
    feasible.forEach((p, i) => push(onFront.has(i) ? front : dominated, p.vx, p.vy, p.key));
    // Drawn as a line: order by the x value itself.
    sortSeriesByX(front);
    return { front, dominated, infeasible };
  }

  /**
   * Per evaluation: best feasible value of the first objective so far, and the hypervolume of the
   * first two objectives (normalised to [0, 1] by the ranges seen) when there are two.
   */
  progressSeries(): { evals: number[]; best: (number | null)[]; hypervolume: (number | null)[] | undefined } {
    const first = this.objectives[0];
    const evals: number[] = [];
    const best: (number | null)[] = [];
    let current: number | null = null;
    const two = this.objectives.length >= 2 ? [this.objectives[0], this.objectives[1]] : undefined;
    const pts: [number, number][] = [];
    for (const r of this.records) {
      evals.push(r.index + 1);
      if (first && r.status === 'ok' && this.feasible(r) && Number.isFinite(r.metrics[first.metric])) {
        const v = r.metrics[first.metric];
        if (current === null || (first.direction === 'max' ? v > current : v < current)) current = v;
      }
      best.push(current);
      if (two) pts.push(this.feasible(r) ? ((frontVector(r, two) as [number, number] | undefined) ?? [NaN, NaN]) : [NaN, NaN]);
    }
    return { evals, best, hypervolume: two ? hypervolumeSeries(pts) : undefined };
  }

  /** Rows for the table: sorted by a metric (or evaluation order), with the front marked. */
  tableRows(sortBy: string, ascending: boolean, limit: number): { rows: CandidateRecord[]; total: number } {
    const val = (r: CandidateRecord) => (sortBy === '#' ? r.index : r.metrics[sortBy] ?? Number.NaN);
    const sign = ascending ? 1 : -1;
    const sorted = [...this.records].sort((a, b) => {
      const va = val(a);
      const vb = val(b);
      if (Number.isNaN(va) !== Number.isNaN(vb)) return Number.isNaN(va) ? 1 : -1;
      return sign * (va - vb) || a.index - b.index;
    });
    return { rows: sorted.slice(0, limit), total: sorted.length };
  }

  /** Keys on the Pareto front of all objectives (feasible only), for table and detail marks. */
  paretoKeys(): Set<string> {
    const front = new IncrementalFront<string>();
    for (const r of this.records) {
      if (!this.feasible(r)) continue;
      const v = frontVector(r, this.objectives);
      if (v) front.add(r.key, v);
    }
    return new Set(front.ids());
  }
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
  const finite = points.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]));
  if (finite.length === 0) return points.map(() => null);
  // A loop, not Math.min(...xs): spreading hundreds of thousands of points overflows the stack.
  const lo = [Infinity, Infinity];
  const hi = [-Infinity, -Infinity];
  for (const p of finite) {
    for (const d of [0, 1]) {
      lo[d] = Math.min(lo[d], p[d]);
      hi[d] = Math.max(hi[d], p[d]);
    }
  }
  const span = [hi[0] - lo[0] || 1, hi[1] - lo[1] || 1];
  // Reference slightly beyond the worst point, so extreme points still count.
  const ref: [number, number] = [1.1, 1.1];
  const front = new IncrementalFront<number>();
  // A point seen before adds no volume; skipping it keeps the front free of duplicates.
  const seen = new Set<string>();
  const out: (number | null)[] = [];
  let hv = 0;
  points.forEach((p, i) => {
    const id = `${p[0]},${p[1]}`;
    if (Number.isFinite(p[0]) && Number.isFinite(p[1]) && !seen.has(id)) {
      seen.add(id);
      const q: [number, number] = [(p[0] - lo[0]) / span[0], (p[1] - lo[1]) / span[1]];
      if (front.add(i, q).joined) hv = hypervolume(front.points(), ref);
    }
    out.push(hv > 0 ? hv : null);
  });
  return out;
}
