// Reading a run's objectives and constraints for display: which way each metric is better,
// which candidates are feasible, and which are on the Pareto front. Shared by the host (tree
// marks) and the webview (chart); pure, no I/O.
import type { CandidateRecord, Metrics } from '../core/run/types';
import { hypervolume } from '../core/search/hypervolume';
import * as core from '../core/search/objectives';
import { dominates } from '../core/search/pareto';

export { dominates };
export type Objective = core.Objective;

/** A constraint as the run wrote it, with its text kept for the legend. */
export interface Constraint extends core.Constraint {
  text: string;
}

/** `max:c10_valid` / `min:latency`; a bare name is maximised (the usual accuracy objective). */
export function parseObjective(text: string): Objective {
  try {
    return core.parseObjective(text);
  } catch {
    return { direction: 'max', metric: text.trim() };
  }
}

/** `edgegpu_lat<=5`; undefined for text it cannot read (shown, never trusted). */
export function parseConstraint(text: string): Constraint | undefined {
  try {
    return { ...core.parseConstraint(text), text: text.trim() };
  } catch {
    return undefined;
  }
}

export function satisfies(c: Constraint, metrics: Metrics): boolean {
  return core.constraintViolation(metrics, [c]) === 0;
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
  return hypervolume(points, ref);
}
