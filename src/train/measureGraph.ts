// A candidate's end-to-end latency, as the local device and the browser profiler page time it.
// No Node-only imports: the page bundles it.
import * as tf from '@tensorflow/tfjs';
import type { ArchitectureGraph } from '../core/space/types';
import { measureLatency, wallClock, type Clock } from './latency';
import { buildModel } from './modelBuilder';
import { fastestPerRep } from './opTimer';

/** A clock at least this fine times single runs; a coarser one (a browser's) times runs in batches. */
const FINE_CLOCK_MS = 0.01;

/**
 * Batch-1 end-to-end latency of a candidate, built as a search builds it: the fastest timed run
 * (after the warm-up), since other processes on the cores only ever add time; the same statistic
 * as the table's units (train/opTimer.ts keeps each unit's fastest sample). `clockTickMs`: the
 * resolution of performance.now() where it is coarse (a browser's): runs are then timed in
 * batches lasting 20 ticks and the fastest batch's mean is kept. `clock`: what a fine clock
 * times on (train/onCpuClock.ts in Node).
 */
export async function measureGraph(graph: ArchitectureGraph, clockTickMs = 0, clock: Clock = wallClock): Promise<number> {
  const model = buildModel(graph);
  try {
    if (clockTickMs <= FINE_CLOCK_MS) return (await measureLatency(model, graph.input, { clock })).minMs;
    return await batchedMs(model, graph.input, 20 * clockTickMs);
  } finally {
    model.dispose();
  }
}

async function batchedMs(model: tf.LayersModel, inputShape: readonly number[], sampleMs: number): Promise<number> {
  const x = tf.randomUniform([1, ...inputShape], 0, 1, 'float32', 1);
  const runs = async (n: number) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const y = model.predict(x) as tf.Tensor;
      if (i === n - 1) await y.data();
      y.dispose();
    }
    return performance.now() - t0;
  };
  try {
    await runs(3);
    return await fastestPerRep(runs, { sampleMs, samples: 10, maxReps: 4096 });
  } finally {
    x.dispose();
  }
}
