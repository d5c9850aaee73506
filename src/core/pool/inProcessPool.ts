// The evaluator pool that calls the estimator in this process, as many evaluations at once as
// the loop keeps in flight. An estimator that throws gives a failed result (with its message),
// unless the evaluation was cancelled: then the outcome says so and nothing is recorded.

import type { Estimator, EvaluationProgress } from '../estimate/types';
import { AsyncQueue } from './asyncQueue';
import type { EvaluatorPool, PoolOutcome, PoolRequest } from './evaluatorPool';

export class InProcessPool implements EvaluatorPool {
  private readonly running = new Map<string, AbortController>();
  private readonly outcomes = new AsyncQueue<PoolOutcome>();
  private progressListener: ((id: string, progress: EvaluationProgress) => void) | undefined;

  constructor(
    private readonly inner: Estimator,
    readonly concurrency = 1,
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`parallel: evaluations at once must be a whole number of at least 1, got ${concurrency}`);
  }

  get estimatorName(): string {
    return this.inner.name;
  }

  submit({ id, ...request }: PoolRequest): void {
    if (this.running.has(id)) return;
    const stop = new AbortController();
    this.running.set(id, stop);
    void (async () => {
      // An estimator that answers at once (a table) would keep the loop on microtasks for the whole
      // run and starve the event loop: the worker's messages to the editor queued up and arrived
      // in one burst after the run log was complete. Each evaluation starts after one turn of the
      // event loop; evaluations start in the order submitted (setImmediate is first in, first out).
      await new Promise((resolve) => setImmediate(resolve));
      let outcome: PoolOutcome;
      try {
        if (stop.signal.aborted) throw new Error('cancelled before it started');
        const listener = this.progressListener;
        outcome = { id, result: await this.inner.evaluate(request, stop.signal, listener && ((p) => this.running.has(id) && listener(id, p))) };
      } catch (err) {
        outcome = stop.signal.aborted ? { id, cancelled: true } : { id, result: { status: 'failed', metrics: {}, error: err instanceof Error ? err.message : String(err) } };
      }
      this.running.delete(id);
      this.outcomes.push(outcome);
    })();
  }

  next(): Promise<PoolOutcome> {
    return this.outcomes.take();
  }

  onProgress(listener: (id: string, progress: EvaluationProgress) => void): void {
    this.progressListener = listener;
  }

  cancel(id: string): void {
    this.running.get(id)?.abort();
  }

  async close(): Promise<void> {
    await this.inner.dispose?.();
  }
}
