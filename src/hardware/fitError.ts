// How well predicted latencies match measured ones: the figures `nas latency check`, `nas device
// fit` and the benchmarks report.

import { spearman as rankCorrelation } from '../core/estimate/ranks';

export interface ErrorFigures {
  samples: number;
  /** Share of predictions within +-10% of the measurement. */
  within10: number;
  /** Mean absolute percentage error, as a fraction. */
  mape: number;
  /** Spearman's rank correlation of predicted and measured. */
  spearman: number;
}

/** Spearman's rank correlation (core/estimate/ranks.ts); 0 where it is undefined (a constant side). */
export function spearman(a: readonly number[], b: readonly number[]): number {
  const rho = rankCorrelation(a, b);
  return Number.isNaN(rho) ? 0 : rho;
}

export function errorFigures(predicted: readonly number[], measured: readonly number[]): ErrorFigures {
  if (predicted.length !== measured.length || predicted.length === 0) throw new RangeError('errorFigures: needs as many predictions as measurements, at least one');
  const rel = predicted.map((p, i) => Math.abs(p - measured[i]) / Math.abs(measured[i]));
  return {
    samples: predicted.length,
    within10: rel.filter((r) => r <= 0.1).length / rel.length,
    mape: rel.reduce((s, r) => s + r, 0) / rel.length,
    spearman: spearman(predicted, measured),
  };
}
