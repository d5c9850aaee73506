// The search loop's side of evaluation: it submits requests to a pool, keeps up to the pool's
// `concurrency` in flight, and takes outcomes back as they complete. Requests and outcomes are
// plain serialisable records, so a pool may evaluate in this process (inProcessPool.ts), on
// threads, or on other machines through a queue; each such pool is one file implementing this.

import type { EvaluationProgress, EvaluationRequest, EvaluationResult } from '../estimate/types';

export interface PoolRequest extends EvaluationRequest {
  /**
   * Unique within a run and the same when a resumed run re-issues the request (today the
   * candidate key, or key@level with a fidelity: core/estimate/fidelity.ts), so a pool may
   * deduplicate by it and a redelivered result is recognised.
   */
  id: string;
}

/** One per submitted request: its result, or that it was cancelled before producing one. */
export type PoolOutcome = { id: string; result: EvaluationResult } | { id: string; cancelled: true };

export interface EvaluatorPool {
  /** The estimator's name, for messages about its results. */
  readonly estimatorName: string;
  /** Evaluations the pool runs at once; the loop keeps at most this many requests in flight. */
  readonly concurrency: number;
  /**
   * Starts evaluating. Submitting an id already in flight does nothing; a pool that keeps
   * results (a queue) may answer an id it has already evaluated with that result, which is how a
   * resumed run adopts what finished while it was down.
   */
  submit(request: PoolRequest): void;
  /**
   * The next outcome, in completion order. Every submitted request gets one; a pool that
   * delivers at least once may report an id again, and the caller drops what it has recorded.
   * Called only while a request is in flight.
   */
  next(): Promise<PoolOutcome>;
  /** Asks the evaluation to stop; its outcome still comes through next() (cancelled, or a result that was ready). */
  cancel(id: string): void;
  /**
   * Optional: where to report how far running evaluations have got (by request id). A pool that
   * cannot see inside an evaluation (a queue) leaves it out; progress is a display, never a result.
   */
  onProgress?(listener: (id: string, progress: EvaluationProgress) => void): void;
  /** Releases the pool's resources (the estimator's included) once nothing is in flight. */
  close(): Promise<void>;
}
