// The one interface every search strategy implements. The loop asks for proposals, evaluates
// them, and reports each result back; strategies never evaluate anything themselves.

import type { FidelityLevel, FidelityRange } from '../estimate/fidelity';
import type { ChoiceSetting } from '../estimate/settings';
import type { Rng } from '../rng';
import type { CandidateRecord, Metrics } from '../run/types';
import type { SearchSpace } from '../space/searchSpace';
import type { Architecture } from '../space/types';
import type { Constraint, Objective } from './objectives';

export interface Proposal {
  arch: Architecture;
  key: string;
  /** The fidelity level to evaluate at (multi-fidelity strategies); a key may be proposed again at a higher level. */
  fidelity?: FidelityLevel;
}

export interface StrategyContext {
  space: SearchSpace;
  objectives: readonly Objective[];
  constraints: readonly Constraint[];
  seed: number;
  /** Evaluations planned for the whole run, when known (some strategies change phase part-way). */
  budget?: number;
  /** Strategy-specific settings (population size, ...); unknown names are refused by the factory. */
  options?: Readonly<Record<string, number>>;
  /** Strategy-specific settings that name something (halving's proposer), checked against their ChoiceSetting by the factory. */
  choices?: Readonly<Record<string, string>>;
  /** The estimator's fidelity and the range the run may evaluate at; absent when it has none. */
  fidelity?: FidelityRange;
  /**
   * Names of the cheap metrics the loop computes for any candidate a strategy asks about
   * (cheapWanted), before it chooses which to evaluate: zero-cost scores, analytic costs. Absent
   * or empty: there are none, and cheapWanted is never asked.
   */
  cheapMetrics?: readonly string[];
}

export interface Strategy {
  readonly name: string;
  /**
   * Up to `count` new candidates, none of whose keys was proposed before in this run (at the
   * same fidelity level: a multi-fidelity strategy proposes a key again at a higher one), proposed
   * before the results of earlier ones are in when several evaluations run at once. Fewer
   * (possibly none) means the strategy waits for a pending result, or, with none pending, that
   * the space is exhausted; `exhausted()` then says why.
   */
  propose(count: number): Proposal[];
  /** The result of a proposal (any status). Never consumes randomness. */
  observe(record: CandidateRecord): void;
  /**
   * Small JSON-serialisable state (RNG state, counters, queues by key) that, together with the
   * evaluated records, rebuilds the strategy exactly. Written with every record.
   */
  snapshot(): unknown;
  /**
   * On a fresh strategy: rebuild from the evaluated records (in index order), the snapshot
   * stored with the last of them (undefined when there is none) and the candidates that record
   * lists in flight (proposed, not yet observed: the loop re-issues them).
   */
  restore(records: readonly CandidateRecord[], snapshot: unknown, inFlight?: readonly Proposal[]): void;
  /** Why no more proposals can be made, or null while the space is not exhausted. */
  exhausted(): string | null;
  /**
   * Candidates whose cheap metrics the strategy needs before its next proposal; the loop
   * computes them and hands each back through observeCheap, then asks again until none is
   * wanted. Only asked when the run has cheap metrics. The answers must be a function of the
   * candidate alone (they are not in the snapshot: a resumed strategy asks again).
   */
  cheapWanted?(): Proposal[];
  /** A wanted candidate's cheap metrics, or null when the cheap estimators could not score it. */
  observeCheap?(key: string, metrics: Metrics | null): void;
}

/** Settings a strategy accepts, with defaults, so the factory can refuse unknown or bad ones. */
export interface OptionSpec {
  default: number;
  min: number;
  max?: number;
  integer?: boolean;
  description: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

/** Settings a strategy accepts that take a name, not a number (e.g. halving's proposer). */
export type ChoiceSpecs = Readonly<Record<string, ChoiceSetting>>;

export type { Rng };
