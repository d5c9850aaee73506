// The one interface every search strategy implements. The loop asks for proposals, evaluates
// them, and reports each result back; strategies never evaluate anything themselves.

import type { FidelityLevel, FidelityRange } from '../estimate/fidelity';
import type { Rng } from '../rng';
import type { CandidateRecord } from '../run/types';
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
  /** The estimator's fidelity and the range the run may evaluate at; absent when it has none. */
  fidelity?: FidelityRange;
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

export type { Rng };
