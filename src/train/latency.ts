// Batch-1 inference latency of a built model on the active TensorFlow.js backend.
//
// Call it BETWEEN training jobs, never while a model trains in this process or another one
// sharing the cores: both compete for the same CPU and the figure would measure contention,
// not the model. The proxy estimator measures after a candidate's training has finished.
import * as tf from '@tensorflow/tfjs';

/** Milliseconds from some fixed origin; only differences mean anything. */
export type Clock = () => number;

export const wallClock: Clock = () => performance.now();

export interface LatencyOptions {
  /** Untimed runs first, so kernels are compiled and caches warm. Default 5. */
  warmup?: number;
  /** Timed runs before stability is checked. Default 10. */
  minRuns?: number;
  /** Stop after this many timed runs even when not stable. Default 200. */
  maxRuns?: number;
  /** Stop once timed runs have taken this long (after at least one run). Default 2000. */
  maxMs?: number;
  /** Stable when the interquartile range is at most this fraction of the median. Default 0.05. */
  relativeIqr?: number;
  /**
   * What each run is timed on. Default the wall clock; on a shared machine, one that leaves out
   * the time the thread waited for a CPU (train/onCpuClock.ts). The time limits stay on the wall clock.
   */
  clock?: Clock;
}

export interface LatencyResult {
  medianMs: number;
  /** The fastest timed run. */
  minMs: number;
  iqrMs: number;
  p10Ms: number;
  p90Ms: number;
  /** Timed runs taken. */
  runs: number;
  /** Whether the stop came from stability (true) rather than the run or time limit. */
  stable: boolean;
}

/** Percentile with linear interpolation between closest ranks, on sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of no values');
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

function positiveInt(name: string, v: number, min: number): number {
  if (!(Number.isInteger(v) && v >= min)) throw new RangeError(`measureLatency: ${name} must be a whole number >= ${min}, got ${v}`);
  return v;
}

async function runOnce(model: tf.LayersModel, x: tf.Tensor): Promise<void> {
  const y = model.predict(x);
  const outputs = Array.isArray(y) ? y : [y];
  try {
    // Reading the result waits for the backend to finish (asynchronous backends included).
    await Promise.all(outputs.map((t) => t.data()));
  } finally {
    tf.dispose(outputs);
  }
}

export async function measureLatency(model: tf.LayersModel, inputShape: readonly number[], options: LatencyOptions = {}): Promise<LatencyResult> {
  const warmup = positiveInt('warmup', options.warmup ?? 5, 0);
  const minRuns = positiveInt('minRuns', options.minRuns ?? 10, 1);
  const maxRuns = positiveInt('maxRuns', options.maxRuns ?? 200, minRuns);
  const maxMs = options.maxMs ?? 2000;
  const relativeIqr = options.relativeIqr ?? 0.05;
  const clock = options.clock ?? wallClock;
  if (!(maxMs > 0)) throw new RangeError(`measureLatency: maxMs must be > 0, got ${maxMs}`);
  const expected = model.inputs[0].shape.slice(1);
  if (expected.length !== inputShape.length || expected.some((d, i) => d !== null && d !== inputShape[i])) {
    throw new Error(`measureLatency: input shape [${inputShape.join(', ')}] does not fit the model's input [${expected.join(', ')}]`);
  }
  // Fixed pseudo-random input: some kernels take shortcuts on all-zero data.
  const x = tf.randomUniform([1, ...inputShape], 0, 1, 'float32', 1);
  try {
    for (let i = 0; i < warmup; i++) await runOnce(model, x);
    const times: number[] = [];
    const start = performance.now();
    let stable = false;
    for (;;) {
      const t0 = clock();
      await runOnce(model, x);
      times.push(clock() - t0);
      if (times.length >= minRuns) {
        const sorted = [...times].sort((a, b) => a - b);
        const median = percentile(sorted, 0.5);
        stable = percentile(sorted, 0.75) - percentile(sorted, 0.25) <= relativeIqr * median;
      }
      if (stable || times.length >= maxRuns || performance.now() - start >= maxMs) break;
    }
    const sorted = times.sort((a, b) => a - b);
    return {
      medianMs: percentile(sorted, 0.5),
      minMs: sorted[0],
      iqrMs: percentile(sorted, 0.75) - percentile(sorted, 0.25),
      p10Ms: percentile(sorted, 0.1),
      p90Ms: percentile(sorted, 0.9),
      runs: sorted.length,
      stable,
    };
  } finally {
    x.dispose();
  }
}
