// What a finished (or interrupted) run amounts to: the best feasible candidate by the first
// objective, and the Pareto front of the feasible candidates over all objectives.

import { finalRecords } from '../run/rungs';
import type { CandidateRecord, Metrics } from '../run/types';
import { compareSingle, toEvaluated, type Evaluated } from './evaluated';
import type { Constraint, Objective } from './objectives';
import { paretoFront } from './pareto';

export interface CandidateSummary {
  key: string;
  metrics: Metrics;
}

export interface RunSummaryResult {
  /** Absent when no candidate is ok and feasible. */
  best?: CandidateSummary;
  /** Feasible, ok, non-dominated candidates (one per key), ordered by the first objective. */
  pareto: CandidateSummary[];
}

export function summarizeRun(records: readonly CandidateRecord[], objectives: readonly Objective[], constraints: readonly Constraint[]): RunSummaryResult {
  const byKey = new Map<string, { e: Evaluated; r: CandidateRecord }>();
  // A multi-fidelity run: each candidate's highest-fidelity result (core/run/rungs.ts).
  for (const r of finalRecords(records)) {
    const e = toEvaluated(r, objectives, constraints);
    if (e.ok && e.violation === 0 && e.values.every(Number.isFinite) && !byKey.has(r.key)) byKey.set(r.key, { e, r });
  }
  const feasible = [...byKey.values()];
  let best: { e: Evaluated; r: CandidateRecord } | undefined;
  for (const f of feasible) if (!best || compareSingle(f.e, best.e) < 0) best = f;
  const front = paretoFront(feasible.map((f) => f.e.values)).map((i) => feasible[i]);
  front.sort((a, b) => compareSingle(a.e, b.e));
  const summary = (f: { r: CandidateRecord }): CandidateSummary => ({ key: f.r.key, metrics: f.r.metrics });
  return { best: best && summary(best), pareto: front.map(summary) };
}
