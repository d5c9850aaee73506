// The run's time left, from what this session has done so far: seconds per candidate (counting
// how far the candidate in training has got, so an estimate exists before the first one ends)
// times the candidates left, capped by the time limit. Pure, so it is tested without a clock.
import type { EvaluationProgress } from '../core/estimate/types';

const MIN_MEASURED = 0.1;

export interface TimeLeftInput {
  /** Candidates recorded in the run, those of an earlier session included. */
  evaluated: number;
  /** Of those, recorded before this session (a resumed run). */
  previous: number;
  budget: number;
  /** Since this session started. */
  elapsedMs: number;
  /** The candidate in training, if one reports progress. */
  training?: Pick<EvaluationProgress, 'repeat' | 'repeats' | 'epoch' | 'epochs' | 'batch' | 'batches' | 'fraction'>;
  timeLimitSec?: number;
}

/** Fraction of one candidate's training done, in [0, 1]: the estimator's own figure, else repeats counted in turn. */
export function trainingFraction(p: NonNullable<TimeLeftInput['training']>): number {
  if (p.fraction !== undefined) return Math.min(1, Math.max(0, p.fraction));
  const perRepeat = p.epochs * p.batches;
  const done = (p.repeat - 1) * perRepeat + (p.epoch - 1) * p.batches + p.batch;
  return Math.min(1, Math.max(0, done / Math.max(1, p.repeats * perRepeat)));
}

/** Estimated seconds until the run ends, or undefined while nothing has been measured. */
export function secondsLeft(x: TimeLeftInput): number | undefined {
  const remaining = x.budget - x.evaluated;
  if (remaining <= 0) return 0;
  const partial = x.training ? trainingFraction(x.training) : 0;
  const done = x.evaluated - x.previous + partial;
  // The first batches run slowest (kernels warming up): no figure from less than a tenth of a candidate.
  if (done < MIN_MEASURED || x.elapsedMs <= 0) return undefined;
  const eta = ((x.elapsedMs / done) * (remaining - partial)) / 1000;
  const limit = x.timeLimitSec === undefined ? Infinity : Math.max(0, x.timeLimitSec - x.elapsedMs / 1000);
  return Math.min(eta, limit);
}
