// Objectives (`max:c10_valid`) and constraints (`edgegpu_lat<=5`) as the user writes them on the
// command line or in settings, and the numbers strategies rank candidates by.

import type { Metrics } from '../run/types';

export type Direction = 'max' | 'min';

export interface Objective {
  metric: string;
  direction: Direction;
}

export type ConstraintOp = '<=' | '>=' | '<' | '>';

export interface Constraint {
  metric: string;
  op: ConstraintOp;
  bound: number;
}

/** A bad objective or constraint string; the message is one line that quotes the input. */
export class ObjectiveSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ObjectiveSyntaxError';
  }
}

// `@` names a device: latency_ms@pi4.
const METRIC_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*(@[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/;

/**
 * Which way a metric is better, for an objective that names it without `max:` or `min:`;
 * undefined when not known. The hook for the estimator's metric catalog: a caller that accepts a
 * bare name this way must record the objective with its direction (formatObjective), so a run's
 * readers never need the catalog to read it.
 */
export type DirectionOf = (metric: string) => Direction | undefined;

/**
 * `max:c10_valid` / `min:latency_ms`. A bare metric name is an error saying to write max: or
 * min: (guessing from the name would silently maximise a latency); see objectiveParser.
 */
export function parseObjective(text: string): Objective {
  return readObjective(text, undefined);
}

/** parseObjective that also reads a bare metric name whose direction `directionOf` knows. */
export function objectiveParser(directionOf: DirectionOf): (text: string) => Objective {
  return (text) => readObjective(text, directionOf);
}

function readObjective(text: string, directionOf: DirectionOf | undefined): Objective {
  const m = /^\s*(max|min)\s*:\s*(\S+)\s*$/.exec(text);
  if (!m) {
    const bare = text.trim();
    if (!METRIC_NAME.test(bare)) throw new ObjectiveSyntaxError(`bad objective '${text}': expected max:<metric> or min:<metric>, e.g. max:c10_valid`);
    const direction = directionOf?.(bare);
    if (!direction) throw new ObjectiveSyntaxError(`bad objective '${text}': say which way is better, max:${bare} or min:${bare}`);
    return { direction, metric: bare };
  }
  if (!METRIC_NAME.test(m[2])) {
    throw new ObjectiveSyntaxError(`bad objective '${text}': '${m[2]}' is not a metric name (letters, digits, _ . -)`);
  }
  return { direction: m[1] as Direction, metric: m[2] };
}

export function parseConstraint(text: string): Constraint {
  // Two-character operators first so `<=` is not read as `<` followed by `=5`.
  const m = /^\s*([^<>=\s]+)\s*(<=|>=|<|>)\s*(\S+)\s*$/.exec(text);
  if (!m) {
    throw new ObjectiveSyntaxError(`bad constraint '${text}': expected <metric><=<number> (or >=, <, >), e.g. edgegpu_lat<=5`);
  }
  const [, metric, op, boundText] = m;
  if (!METRIC_NAME.test(metric)) {
    throw new ObjectiveSyntaxError(`bad constraint '${text}': '${metric}' is not a metric name (letters, digits, _ . -)`);
  }
  const bound = Number(boundText);
  if (boundText === '' || !Number.isFinite(bound)) {
    throw new ObjectiveSyntaxError(`bad constraint '${text}': '${boundText}' is not a finite number`);
  }
  return { metric, op: op as ConstraintOp, bound };
}

export function formatObjective(o: Objective): string {
  return `${o.direction}:${o.metric}`;
}

export function formatConstraint(c: Constraint): string {
  return `${c.metric}${c.op}${c.bound}`;
}

/** Metric names used by objectives or constraints that the estimator cannot produce. */
export function unknownMetrics(objectives: readonly Objective[], constraints: readonly Constraint[], known: readonly string[]): string[] {
  const have = new Set(known);
  const used = [...objectives.map((o) => o.metric), ...constraints.map((c) => c.metric)];
  return [...new Set(used.filter((m) => !have.has(m)))];
}

/** A strict inequality met with equality still counts as violated, by this much. */
const STRICT_EPSILON = 1e-12;

/**
 * How far a candidate is from satisfying the constraints: the sum over constraints of the
 * violation divided by max(|bound|, 1), so constraints on metrics of very different scales
 * (milliseconds vs parameter counts) weigh alike. 0 means feasible; a missing metric is infinite.
 */
export function constraintViolation(metrics: Metrics, constraints: readonly Constraint[]): number {
  let total = 0;
  for (const c of constraints) {
    const value = metrics[c.metric];
    if (typeof value !== 'number' || Number.isNaN(value)) return Infinity;
    const scale = Math.max(Math.abs(c.bound), 1);
    let excess: number;
    switch (c.op) {
      case '<=': excess = value - c.bound; break;
      case '>=': excess = c.bound - value; break;
      case '<': excess = value >= c.bound ? Math.max(value - c.bound, STRICT_EPSILON) : 0; break;
      case '>': excess = value <= c.bound ? Math.max(c.bound - value, STRICT_EPSILON) : 0; break;
    }
    if (excess > 0) total += excess / scale;
  }
  return total;
}

/**
 * Objective values turned into minimisation (max objectives negated), the form every Pareto tool
 * takes. A missing metric becomes +Infinity, the worst possible value.
 */
export function toMinimisation(metrics: Metrics, objectives: readonly Objective[]): number[] {
  return objectives.map((o) => {
    const v = metrics[o.metric];
    if (typeof v !== 'number' || Number.isNaN(v)) return Infinity;
    return o.direction === 'max' ? -v : v;
  });
}
