// What a finished (or interrupted) run amounts to: the best feasible candidate by the first
// objective, and the Pareto front of the feasible candidates over all objectives.
import type { CandidateRecord, Metrics } from '../run/types';
import { compareSingle, toEvaluated } from './evaluated';
import type { Constraint, Objective } from './objectives';
import { paretoFront } from './pareto';

export interface RunOutcome {
  best?: { key: string; metrics: Metrics };
  pareto: { key: string; metrics: Metrics }[];
}

export function summarizeRun(records: readonly CandidateRecord[], objectives: readonly Objective[], constraints: readonly Constraint[]): RunOutcome {
  const feasible = records.map((r) => toEvaluated(r, objectives, constraints)).filter((e) => e.ok && e.violation === 0);
  const byIndex = new Map(records.map((r) => [r.index, r]));
  const pick = (index: number) => {
    const r = byIndex.get(index)!;
    return { key: r.key, metrics: r.metrics };
  };
  const best = feasible.length ? pick([...feasible].sort(compareSingle)[0].index) : undefined;
  const front = paretoFront(feasible.map((e) => e.values)).map((i) => feasible[i]);
  // Sorted by the first objective, best first, for display.
  front.sort((a, b) => a.values[0] - b.values[0] || a.index - b.index);
  return { best, pareto: front.map((e) => pick(e.index)) };
}
