// What strategies remember about an evaluated candidate: its objective vector in minimisation
// form and its constraint violation, computed once from the record.

import type { CandidateRecord } from '../run/types';
import type { Architecture } from '../space/types';
import { constraintViolation, toMinimisation, type Constraint, type Objective } from './objectives';

export interface Evaluated {
  index: number;
  key: string;
  arch: Architecture;
  /** False for failed or rejected candidates: they never become parents or incumbents. */
  ok: boolean;
  /** Objectives as minimisation (max objectives negated). */
  values: number[];
  /** 0 when feasible; Infinity for candidates that are not ok. */
  violation: number;
}

export function toEvaluated(record: CandidateRecord, objectives: readonly Objective[], constraints: readonly Constraint[]): Evaluated {
  const ok = record.status === 'ok';
  const values = ok ? toMinimisation(record.metrics, objectives) : objectives.map(() => Infinity);
  const violation = ok ? constraintViolation(record.metrics, constraints) : Infinity;
  return { index: record.index, key: record.key, arch: { encoding: record.encoding }, ok, values, violation };
}

/**
 * Single-objective order on the first objective, feasibility first: negative when a is better.
 * Ties go to the earlier candidate so the order is total and deterministic.
 */
export function compareSingle(a: Evaluated, b: Evaluated): number {
  if (a.violation !== b.violation) return a.violation < b.violation ? -1 : 1;
  const va = a.values[0] ?? Infinity;
  const vb = b.values[0] ?? Infinity;
  if (va !== vb) return va < vb ? -1 : 1;
  return a.index - b.index;
}
