// Reading a run's objectives and constraints for display: which way each metric is better,
// which candidates are feasible, and which are on the Pareto front. Shared by the host (tree
// marks) and the webview (chart); pure, no I/O.
import type { CandidateRecord, Metrics } from '../core/run/types';

export interface Objective {
  metric: string;
  direction: 'max' | 'min';
}

export interface Constraint {
  metric: string;
  op: '<=' | '<' | '>=' | '>';
  bound: number;
  text: string;
}

/** `max:c10_valid` / `min:latency`; a bare name is maximised (the usual accuracy objective). */
export function parseObjective(text: string): Objective {
  const m = /^\s*(max|min)\s*:\s*(.+?)\s*$/.exec(text);
  if (m) return { direction: m[1] as 'max' | 'min', metric: m[2] };
  return { direction: 'max', metric: text.trim() };
}

/** `edgegpu_lat<=5`; returns undefined for text it cannot read (shown, never trusted). */
export function parseConstraint(text: string): Constraint | undefined {
  const m = /^\s*([A-Za-z_][\w.-]*)\s*(<=|>=|<|>)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/i.exec(text);
  if (!m) return undefined;
  return { metric: m[1], op: m[2] as Constraint['op'], bound: Number(m[3]), text: text.trim() };
}

export function satisfies(c: Constraint, metrics: Metrics): boolean {
  const v = metrics[c.metric];
  if (v === undefined) return false;
  switch (c.op) {
    case '<=': return v <= c.bound;
    case '<': return v < c.bound;
    case '>=': return v >= c.bound;
    case '>': return v > c.bound;
  }
}

export function isFeasible(r: CandidateRecord, constraints: readonly Constraint[]): boolean {
  if (r.status !== 'ok') return false;
  if (r.feasible !== undefined) return r.feasible;
  return constraints.every((c) => satisfies(c, r.metrics));
}

/** Objective values turned into "smaller is better" numbers; undefined when a metric is missing. */
export function minimisedVector(metrics: Metrics, objectives: readonly Objective[]): number[] | undefined {
  const out: number[] = [];
  for (const o of objectives) {
    const v = metrics[o.metric];
    if (v === undefined || !Number.isFinite(v)) return undefined;
    out.push(o.direction === 'max' ? -v : v);
  }
  return out;
}

/** a dominates b (both minimised): no worse everywhere, better somewhere. */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] > b[i]) return false;
    if (a[i] < b[i]) better = true;
  }
  return better;
}

/**
 * The non-dominated set, kept up to date one point at a time: adding a point costs O(front
 * size), so a live run of 10,000 candidates never recomputes the front from scratch.
 */
export class IncrementalFront<Id> {
  private readonly members = new Map<Id, number[]>();

  /** Returns the ids that left the front because the new point dominates them (empty if it is dominated itself). */
  add(id: Id, point: readonly number[]): { joined: boolean; removed: Id[] } {
    for (const q of this.members.values()) {
      if (dominates(q, point) || sameVector(q, point)) return { joined: false, removed: [] };
    }
    const removed: Id[] = [];
    for (const [other, q] of this.members) {
      if (dominates(point, q)) removed.push(other);
    }
    for (const r of removed) this.members.delete(r);
    this.members.set(id, [...point]);
    return { joined: true, removed };
  }

  has(id: Id): boolean {
    return this.members.has(id);
  }

  ids(): Id[] {
    return [...this.members.keys()];
  }

  get size(): number {
    return this.members.size;
  }
}

function sameVector(a: readonly number[], b: readonly number[]): boolean {
  return a.every((x, i) => x === b[i]);
}

/**
 * Hypervolume of a 2-D minimised front against a reference point (the area it dominates up to
 * the reference). Points beyond the reference contribute nothing.
 */
export function hypervolume2d(points: readonly (readonly [number, number])[], ref: readonly [number, number]): number {
  const inside = points.filter((p) => p[0] < ref[0] && p[1] < ref[1]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let area = 0;
  let bestY = ref[1];
  for (const [x, y] of inside) {
    if (y < bestY) {
      area += (ref[0] - x) * (bestY - y);
      bestY = y;
    }
  }
  return area;
}
