// A toy estimator with a fidelity: accuracy follows a synthetic learning curve in the level asked
// (saturating towards the toy landscape's value, at a rate that differs per architecture, so the
// ranking at a low level is a noisy preview of the final one); latency and params are exact at
// every level. Counts evaluations per key and level.
import type { Estimator, EvaluationRequest, EvaluationResult } from '../../../src/core/estimate/types';
import { toyMetrics } from './toyEstimator';

export class CurveEstimator implements Estimator {
  readonly name = 'curve';
  readonly calls = new Map<string, number>();

  metricNames(): string[] {
    return ['acc', 'lat', 'params'];
  }

  async evaluate(req: EvaluationRequest): Promise<EvaluationResult> {
    const id = `${req.key}@${req.fidelity?.value ?? 'full'}`;
    this.calls.set(id, (this.calls.get(id) ?? 0) + 1);
    return { status: 'ok', metrics: curveMetrics(req.encoding, req.fidelity?.value ?? 9), backend: 'curve' };
  }
}

export function curveMetrics(encoding: readonly number[], level: number): Record<string, number> {
  const m = toyMetrics(encoding);
  const rate = 0.3 + ((encoding[0] * 3 + encoding[encoding.length - 1]) % 5) * 0.15;
  return { ...m, acc: m.acc * (1 - Math.exp(-rate * level)) };
}
