// A run's objectives and constraints as the tree and the panel read them from run.json, and the
// feasibility they mark. Parsing, minimisation and the Pareto front are core/search's (the one
// implementation); this only adapts them for display. Pure, no I/O.
import type { CandidateRecord, Metrics, SearchSettings } from '../core/run/types';
import { describeDeviceMetric, findMetric, unitByName, type MetricInfo } from '../core/estimate/catalog';
import * as core from '../core/search/objectives';
import { formatMetric } from './formatMetric';

export type Objective = core.Objective;

/** A constraint as the run wrote it, with its text kept for the legend. */
export interface Constraint extends core.Constraint {
  text: string;
}

export interface RunObjectives {
  objectives: Objective[];
  constraints: Constraint[];
}

/**
 * The objectives and constraints a run recorded. The runtime parsed them with the same parser
 * before the run began, so they read; one a hand-edited run.json spoils is left out (shown, never
 * trusted), never guessed. `directionOf`: as for core objectiveParser (the run's metric catalog).
 */
export function readRunObjectives(settings: Pick<SearchSettings, 'objectives' | 'constraints'>, directionOf?: core.DirectionOf): RunObjectives {
  const parseObjective = directionOf ? core.objectiveParser(directionOf) : core.parseObjective;
  const objectives: Objective[] = [];
  for (const text of settings.objectives) {
    const o = readable(() => parseObjective(text));
    if (o) objectives.push(o);
  }
  const constraints: Constraint[] = [];
  for (const text of settings.constraints) {
    const c = readable(() => core.parseConstraint(text));
    if (c) constraints.push({ ...c, text: text.trim() });
  }
  return { objectives, constraints };
}

function readable<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch (e) {
    if (e instanceof core.ObjectiveSyntaxError) return undefined;
    throw e;
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

/**
 * The candidate's objectives as minimisation, when it can be on a front: it evaluated and every
 * objective is a finite number (the run summary's rule too).
 */
export function frontVector(r: CandidateRecord, objectives: readonly Objective[]): number[] | undefined {
  if (r.status !== 'ok') return undefined;
  const v = core.toMinimisation(r.metrics, objectives);
  return v.every(Number.isFinite) ? v : undefined;
}

/** Units that read well after a number ("1.84 ms"); others ("fraction", "nats") are left out. */
const SHOWN_UNITS = new Set(['ms', 's', 'mJ', 'KiB', 'MiB', 'FLOPs', 'MFLOPs', 'parameters', '%']);

const withUnit = (value: string, unit: string) => (unit === '%' ? `${value}%` : unit ? `${value} ${unit}` : value);

/**
 * A run's outcome in its objectives' words, for the CLI, the notification and the tree:
 * "Pareto front: 7 candidates; best val_acc 0.805 at 1.84 ms" (one objective: "best val_acc 0.805").
 * A value is named by its unit when that is unambiguous among the objectives, else by its metric.
 */
export function describeOutcome(s: { best?: { metrics: Metrics }; pareto: readonly unknown[] }, objectives: readonly Objective[], catalog?: readonly MetricInfo[]): string {
  const [first, ...rest] = objectives;
  if (!s.best || !first) return 'no feasible candidate';
  const metrics = s.best.metrics;
  const unitOf = (m: string) => {
    const unit = (findMetric(catalog, m) ?? describeDeviceMetric(m))?.unit ?? unitByName(m);
    return SHOWN_UNITS.has(unit) ? unit : '';
  };
  const units = objectives.map((o) => unitOf(o.metric));
  const value = (m: string, i: number) => {
    const v = formatMetric(metrics[m]);
    const unit = units[i];
    return unit && units.indexOf(unit) === units.lastIndexOf(unit) ? withUnit(v, unit) : `${m} ${v}`;
  };
  const best = `best ${first.metric} ${withUnit(formatMetric(metrics[first.metric]), units[0])}${rest.length ? ` at ${rest.map((o, i) => value(o.metric, i + 1)).join(', ')}` : ''}`;
  return objectives.length > 1 ? `Pareto front: ${s.pareto.length} candidate${s.pareto.length === 1 ? '' : 's'}; ${best}` : best;
}
