// A deterministic in-memory estimator for tests: metrics computed from the encoding, optional
// failures for chosen keys, optional delay, and a count of evaluations per key.

import type { Estimator, EvaluationRequest, EvaluationResult } from '../../../src/core/estimate/types';

export interface ToyEstimatorOptions {
  /** Keys whose evaluation throws. */
  throwFor?: (key: string) => boolean;
  /** Keys whose evaluation returns status 'failed'. */
  failFor?: (key: string) => boolean;
  delayMs?: number;
}

export class ToyEstimator implements Estimator {
  readonly name = 'toy';
  readonly calls = new Map<string, number>();
  running = 0;
  maxRunning = 0;

  constructor(private readonly opts: ToyEstimatorOptions = {}) {}

  metricNames(): string[] {
    return ['acc', 'lat', 'params'];
  }

  async evaluate(req: EvaluationRequest, signal?: AbortSignal): Promise<EvaluationResult> {
    this.calls.set(req.key, (this.calls.get(req.key) ?? 0) + 1);
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      if (this.opts.delayMs) {
        await new Promise<void>((resolve, reject) => {
          const t = setTimeout(resolve, this.opts.delayMs);
          signal?.addEventListener('abort', () => { clearTimeout(t); reject(new Error('aborted')); }, { once: true });
        });
      }
      if (this.opts.throwFor?.(req.key)) throw new Error(`toy estimator cannot evaluate ${req.key}`);
      if (this.opts.failFor?.(req.key)) return { status: 'failed', metrics: {}, error: 'diverged' };
      return { status: 'ok', metrics: toyMetrics(req.encoding), backend: 'toy' };
    } finally {
      this.running--;
    }
  }
}

/** A rugged but deterministic landscape: accuracy and latency trade off, with interactions. */
export function toyMetrics(encoding: readonly number[]): Record<string, number> {
  let acc = 50;
  let lat = 1;
  encoding.forEach((o, d) => {
    acc += ((o * 7 + d * 3) % 5) + (o === encoding[(d + 1) % encoding.length] ? 1.5 : 0);
    lat += o * (1 + (d % 3)) * 0.5;
  });
  return { acc, lat, params: 1000 * (1 + encoding.reduce((s, o) => s + o, 0)) };
}
