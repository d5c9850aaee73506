import type { Metrics } from '../run/types';
import type { FidelityLevel } from './fidelity';
import type { ArchitectureGraph } from '../space/types';

/**
 * A candidate to evaluate: a plain serialisable record, so the evaluator may run in this
 * process, in a worker process, or (later) on another machine.
 */
export interface EvaluationRequest {
  key: string;
  encoding: number[];
  /** The decoded graph, for estimators that build or cost the model. */
  graph?: ArchitectureGraph;
  /** The level of the estimator's fidelity setting to evaluate at, replacing the run's value (multi-fidelity strategies). */
  fidelity?: FidelityLevel;
}

export interface EvaluationResult {
  /** 'failed': the evaluation broke (diverged, missing from a table); 'rejected': refused before evaluating (over a budget). */
  status: 'ok' | 'failed' | 'rejected';
  metrics: Metrics;
  error?: string;
  /** Which engine produced the metrics: 'table', or the TensorFlow.js backend name. */
  backend?: string;
  /** Non-scalar results kept in the run log (e.g. the loss curve). */
  details?: Record<string, unknown>;
}

/**
 * How far an evaluation has got, reported while it runs (the proxy estimator: after each training
 * batch), so a front end can show the candidate in training. Counts are 1-based.
 */
export interface EvaluationProgress {
  repeat: number;
  repeats: number;
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** The last batch's training loss. */
  loss: number;
  /** The training's batch losses so far (this repeat). */
  lossCurve: number[];
  /** Since this evaluation started. */
  elapsedMs: number;
  /** Fraction of the whole evaluation done, in [0, 1], when repeats train at the same time (so counting repeats in turn would be wrong). */
  fraction?: number;
}

export type ProgressListener = (progress: EvaluationProgress) => void;

export interface Estimator {
  readonly name: string;
  /** Whether evaluate() needs request.graph; the search decodes every candidate only then. */
  readonly needsGraph?: boolean;
  /** Metric names this estimator can produce, so an objective on an unknown metric fails early. */
  metricNames(): string[];
  /** Optional: what the source says of a metric it does not describe by itself (a table's `.meta.json` field texts), by name. */
  metricNotes?(): Readonly<Record<string, string>>;
  /** `onProgress`: optional; an estimator that cannot tell how far it is never calls it. */
  evaluate(request: EvaluationRequest, signal?: AbortSignal, onProgress?: ProgressListener): Promise<EvaluationResult>;
  dispose?(): Promise<void>;
  /** The run's folder, given before the first evaluation: where an estimator keeps what outlives a process (checkpoints between fidelity levels). */
  useRunFolder?(dir: string): void;
}
