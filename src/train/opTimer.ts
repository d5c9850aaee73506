// Times operator units (hardware/opUnits.ts) with TensorFlow.js on a chosen backend: each unit
// is built with the same layers the model builder uses for a candidate, and its layers are
// applied eagerly to a fixed input many times in a row, so a unit of a few microseconds is timed
// as precisely as a large one and without predict()'s per-call overhead (the per-unit overhead
// of a whole model is the table model's fitted `dispatchMs`).
// No Node-only imports: a browser page bundles this with its own backends registered.
import * as tf from '@tensorflow/tfjs';
import type { ArchitectureGraph, GraphNode } from '../core/space/types';
import type { OpUnitConfig } from '../hardware/opUnits';
import type { UnitTimer } from '../hardware/opProfiling';
import { wallClock, type Clock } from './latency';
import { buildModel } from './modelBuilder';

export interface UnitTimingOptions {
  /**
   * Each timed sample repeats the unit until it lasts at least this long. Default 1 ms: short
   * samples, many of them, so that on busy cores some run without being preempted.
   */
  sampleMs?: number;
  /** Timed samples per unit; the fastest is kept. Default 15. */
  samples?: number;
  /** What samples are timed on. Default the wall clock; in Node, train/onCpuClock.ts (the end-to-end timings' clock). */
  clock?: Clock;
}

/** The unit as an ArchitectureGraph: one input (a 2-input add reads it twice), then the unit's ops in a chain. */
export function unitGraph(unit: OpUnitConfig): ArchitectureGraph {
  const input: GraphNode = { id: 'input', op: 'input', inputs: [], shape: [...unit.inputShapes[0]], params: 0, macs: 0, attrs: {}, group: 'unit' };
  const nodes: GraphNode[] = [input];
  unit.ops.forEach((op, i) => {
    const inputs = i === 0 ? unit.inputShapes.map(() => 'input') : [`op${i - 1}`];
    nodes.push({ id: `op${i}`, op: op.op, inputs, shape: [...op.shape], params: 0, macs: 0, attrs: op.attrs, group: 'unit' });
  });
  return { input: [...unit.inputShapes[0]], classes: 2, nodes, output: `op${unit.ops.length - 1}`, params: 0, macs: 0 };
}

/** Runs the unit's layers `reps` times on `x` and waits for the backend; milliseconds taken. */
async function runReps(layers: tf.layers.Layer[], inputs: number, x: tf.Tensor, reps: number, clock: Clock): Promise<number> {
  const t0 = clock();
  let last: tf.Tensor | undefined;
  for (let r = 0; r < reps; r++) {
    last?.dispose();
    last = tf.tidy(() => {
      let y: tf.Tensor = x;
      layers.forEach((layer, i) => {
        // call(), not apply(): apply()'s per-call bookkeeping costs more than a small kernel, and a
        // model's predict() runs call() too.
        y = layer.call(i === 0 && inputs > 1 ? Array.from({ length: inputs }, () => y) : y, {}) as tf.Tensor;
      });
      return y;
    });
  }
  await last!.data();
  last!.dispose();
  return clock() - t0;
}

const MAX_REPS = 2048;

/**
 * The fastest time per repetition of `sample(reps)` (the time of `reps` runs): reps double until
 * a sample lasts `sampleMs` (the faster of two, so a first slow call does not stop it), rather
 * than sampleMs over one run's time, since a browser's clock can be 0.1-1 ms coarse (no
 * cross-origin isolation over plain http) and one run of a microsecond op reads as 0 or a whole
 * tick; then the lowest of `samples` samples: other processes on the cores only ever add time.
 */
export async function fastestPerRep(sample: (reps: number) => Promise<number>, o: { sampleMs: number; samples: number; maxReps: number }): Promise<number> {
  let reps = 1;
  while (reps < o.maxReps && Math.min(await sample(reps), await sample(reps)) < o.sampleMs) reps *= 2;
  let best = Infinity;
  for (let s = 0; s < o.samples; s++) best = Math.min(best, (await sample(reps)) / reps);
  return best;
}

async function timeUnit(unit: OpUnitConfig, options: Required<UnitTimingOptions>): Promise<number> {
  const model = buildModel(unitGraph(unit));
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  // Fixed pseudo-random input: some kernels take shortcuts on all-zero data.
  const x = tf.randomUniform([1, ...unit.inputShapes[0]], 0, 1, 'float32', 1);
  try {
    await runReps(layers, unit.inputShapes.length, x, 2, options.clock);
    return await fastestPerRep((reps) => runReps(layers, unit.inputShapes.length, x, reps, options.clock), { sampleMs: options.sampleMs, samples: options.samples, maxReps: MAX_REPS });
  } finally {
    x.dispose();
    model.dispose();
  }
}

/** A timer on `backend` (which must be registered; it becomes the active backend); a one-line error when it cannot be activated. */
export async function tfjsUnitTimer(backend: string, options: UnitTimingOptions = {}): Promise<UnitTimer & { backend: string }> {
  if (tf.getBackend() !== backend && !(await tf.setBackend(backend))) throw new Error(`TensorFlow.js backend '${backend}' cannot be activated here`);
  await tf.ready();
  const settings = { sampleMs: options.sampleMs ?? 1, samples: options.samples ?? 15, clock: options.clock ?? wallClock };
  return { backend, time: (unit) => timeUnit(unit, settings) };
}
