// The search runtime's contract, shared by its two front ends: the `nas` CLI (same process)
// and the worker process the extension forks (over IPC, see src/protocol).
import type { EvaluationProgress } from '../core/estimate/types';
import type { PredictedRecord } from '../core/run/predictedLog';
import type { CandidateRecord, Metrics, RunInfo, SearchSettings, StopReason } from '../core/run/types';
import type { SearchDefaults } from '../core/space/dsl';

export interface SearchRequest {
  spaceFile: string;
  settings: SearchSettings;
  /** Folder that holds run folders (e.g. `<workspace>/.nas/runs`); the run gets `<outDir>/<runId>`. */
  outDir: string;
  /** Name of the new run folder (default: a fresh timestamped id). */
  runId?: string;
  /** Continue this run folder instead of starting a new run. */
  resumeRunDir?: string;
  /** The queue URL with its password, for a resumed run (its settings record it without). */
  queueUrl?: string;
}

export interface SearchProgress {
  evaluated: number;
  budget: number;
  best?: { key: string; metrics: Metrics };
  /** Seconds since this session of the run started. */
  elapsedSec?: number;
  /** Estimated seconds until the run ends (budget or time limit); absent until something can be estimated. */
  etaSec?: number;
}

/** The candidate in training (proxy estimator), a few times per second at most. */
export interface TrainingProgress extends EvaluationProgress {
  key: string;
  /** The run's estimated seconds left, counting how far this candidate has got. */
  etaSec?: number;
}

export interface SearchEvents {
  onRunStarted(info: RunInfo, runDir: string): void;
  onCandidate(record: CandidateRecord): void;
  onProgress(progress: SearchProgress): void;
  /** Optional: how far the candidate in training has got (only estimators that train report it). */
  onTraining?(progress: TrainingProgress): void;
  /** Optional: what a predictor-guided strategy predicted for candidates it did not evaluate (also in the run's predicted.jsonl). */
  onPredicted?(records: PredictedRecord[]): void;
  onLog(level: 'info' | 'warn' | 'error', message: string): void;
}

export interface SearchSummary {
  runDir: string;
  evaluated: number;
  /** Best feasible candidate by the first objective. */
  best?: { key: string; metrics: Metrics };
  pareto: { key: string; metrics: Metrics }[];
  stoppedBy: StopReason;
  /** Candidates scored by the cheap estimators in this session, not evaluated (absent: none). */
  cheapScored?: number;
}

/** What `nas space` and the editor's diagnostics/CodeLens show about a space file. */
export interface SpaceProblem {
  message: string;
  file: string;
  line: number;
  column: number;
}

export interface SpaceDescription {
  file: string;
  name: string;
  /** Exact size, decimal. */
  size: string;
  decisions: number;
  /** Members with a degenerate cell (an operation that cannot reach the output), decimal; absent when not counted. */
  degenerate?: string;
  /** Line of the default export, for the CodeLens. */
  exportLine?: number;
  /** Defaults the space file declares for a search (strategy, budget, estimator, objectives...). */
  searchDefaults?: SearchDefaults;
  sample?: { key: string; values: Record<string, number | string | boolean>; layers: { group: string; op: string; shape: number[]; params: number }[]; params: number; flops: number };
  problems: SpaceProblem[];
}
