// Records of the run store: plain serialisable JSON, shared by the CLI, the worker, the tree
// view and the panel, and by any future remote evaluator.
import type { MetricInfo } from '../estimate/catalog';
import type { FidelityLevel } from '../estimate/fidelity';

export type Metrics = Record<string, number>;

export type CandidateStatus = 'ok' | 'failed' | 'rejected';

/** One line of candidates.jsonl. */
export interface CandidateRecord {
  /** 0-based order of evaluation in the run. */
  index: number;
  key: string;
  encoding: number[];
  status: CandidateStatus;
  metrics: Metrics;
  /** Why the candidate failed or was rejected. */
  error?: string;
  /** Which engine produced the metrics (e.g. 'table', 'wasm', 'tensorflow'). */
  backend?: string;
  /** Milliseconds: evaluation start (epoch) and duration. */
  startedAt: number;
  durationMs: number;
  /** Whatever the strategy needs to rebuild itself on resume (e.g. RNG state, generation). */
  strategyState?: unknown;
  /** Feasible: satisfies every constraint. Absent means true. */
  feasible?: boolean;
  /** The estimator's non-scalar results, e.g. the proxy's `lossCurve` (one loss per batch). */
  details?: Record<string, unknown>;
  /** Set when a cell of the architecture has an operation that cannot reach the output. */
  degenerate?: boolean;
  /**
   * Candidates proposed but not yet recorded when this record was written (several evaluations
   * at once), in the order they were proposed. The strategy state above already counts them, so
   * a resumed run re-issues exactly these first. Absent when none.
   */
  inFlight?: InFlightCandidate[];
  /**
   * The fidelity level the metrics were measured at (multi-fidelity strategies only). Such a
   * run has one record per candidate and level, so a key repeats; what a candidate amounts to
   * is its record at the highest level (core/run/rungs.ts). Absent: the run's own settings,
   * and the key is recorded once.
   */
  fidelity?: FidelityLevel;
}

export interface InFlightCandidate {
  key: string;
  encoding: number[];
  fidelity?: FidelityLevel;
}

/** run.json */
export interface RunInfo {
  runId: string;
  createdAt: string;
  toolVersion: string;
  spaceFile: string;
  spaceHash: string;
  spaceName: string;
  spaceSize: string;
  settings: SearchSettings;
  /**
   * Direction, unit, description and cost class of each metric the run's estimator produces, so
   * the run reads the same without it. Absent in runs recorded before catalogs: readers then
   * fall back to the objectives and the naming convention (core/estimate/catalog.ts).
   */
  catalog?: MetricInfo[];
  /** Set when the run ended on its own terms; absent while running or after a crash or kill. */
  ended?: RunEnd;
}

/**
 * Why a search stopped: its evaluation budget, its time limit, the user, nothing left to propose,
 * or the same failure for several candidates in a row (a cause no candidate can avoid: resumable
 * once fixed).
 */
export const STOP_REASONS = ['budget', 'time', 'cancelled', 'exhausted', 'failing'] as const;
export type StopReason = (typeof STOP_REASONS)[number];

export interface RunEnd {
  at: string;
  stoppedBy: StopReason;
  evaluated: number;
}

export interface SearchSettings {
  strategy: string;
  budget: number;
  seed: number;
  /** e.g. `table:path.json` or `proxy`. */
  estimator: string;
  /** e.g. `max:c10_valid`. */
  objectives: string[];
  /** e.g. `edgegpu_lat<=5`. */
  constraints: string[];
  timeLimitSec?: number;
  /** Cheap estimators (--cheap): strategies may score any number of candidates with them before choosing which to evaluate. */
  cheap?: string[];
  /** Evaluations running at once (absent: 1). */
  parallel?: number;
  /** Evaluated by `nas worker`s through this queue (redis://host:port/<name>, recorded without a password); absent: in this process. */
  queue?: string;
  /** Strategy-specific settings (population size, tournament size, ...; halving's proposer by name). */
  strategyOptions?: Record<string, number | string>;
  /** Estimator-specific settings (epochs, batch size, ...). */
  estimatorOptions?: Record<string, number | string>;
  /**
   * Search distinct networks only: no degenerate cell, one canonical member per class of
   * isomorphic cells (core/space/space.ts distinctNetworks). New runs record it (default true);
   * runs recorded without it resume without it, so their candidate lists stay as they were.
   */
  skipDegenerate?: boolean;
  /** Devices whose predicted latency is a metric (`latency_ms@<device>`): names or profile paths. */
  devices?: string[];
}
