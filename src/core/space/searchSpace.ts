import type { Rng } from '../rng';
import type { CellAnalysis, CellDag } from './cellCodec';
import type { Architecture, ArchitectureGraph, Decision, OptionValue } from './types';

/**
 * What strategies, estimators and front ends may ask of a compiled search space. Every
 * architecture these methods return is a member of the space and passes its predicate.
 */
export interface SearchSpace {
  readonly name: string;
  /** Exact number of architectures (before the predicate, which cannot be counted without enumeration). */
  readonly size: bigint;
  readonly decisions: readonly Decision[];
  /** Stable string key; for NAS-Bench-201-style cells, the benchmark's standard string. */
  key(arch: Architecture): string;
  /** The architecture with that key; throws a SpaceError for a key that is not in the space. */
  fromKey(key: string): Architecture;
  /** Uniform over architectures (not over decisions), among those that pass the predicate. */
  sample(rng: Rng): Architecture;
  /** Changes one active decision; always a different valid member (null when none exists). */
  mutate(arch: Architecture, rng: Rng): Architecture | null;
  /** Uniform crossover of two parents' decisions; always a valid member. */
  crossover(a: Architecture, b: Architecture, rng: Rng): Architecture;
  /** All architectures that differ in exactly one active decision and pass the predicate. */
  neighbours(arch: Architecture): Architecture[];
  /** Every architecture in rank order (for grid search); check `size` before calling. */
  enumerate(): Iterable<Architecture>;
  rank(arch: Architecture): bigint;
  unrank(rank: bigint): Architecture;
  /** null when valid, otherwise the reason. */
  check(arch: Architecture): string | null;
  /** Active decisions by id, for display and for the user's predicate. */
  values(arch: Architecture): Record<string, OptionValue>;
  decode(arch: Architecture): ArchitectureGraph;
  /** Each cell of the architecture as a DAG, dead edges marked, for drawing (empty without cells). */
  cellDags(arch: Architecture): CellDag[];
  // Spaces with cells know which members are the same network; a space without says nothing.
  /** Whether a cell wastes an operation (degenerate) or outputs zero. */
  analyse?(arch: Architecture): CellAnalysis;
  /** The key of the member that stands for every member computing the same network. */
  canonicalKey?(arch: Architecture): string;
  /** Exact number of members with a degenerate cell, or null when not counted. */
  readonly degenerateCount?: bigint | null;
}
