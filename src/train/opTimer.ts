// Times operator units (hardware/opUnits.ts) with TensorFlow.js on a chosen backend: each unit
// is built as a one-unit model with the same layers the model builder uses for a candidate and
// timed with predict(), minus the time predict() takes for a model that does next to nothing.
// No Node-only imports: a browser page bundles this with its own backends registered.
import * as tf from '@tensorflow/tfjs';
import type { GraphNode } from '../core/space/types';
import type { ArchitectureGraph } from '../core/space/types';
import type { OpUnitConfig } from '../hardware/opUnits';
import type { UnitTimer } from '../hardware/opProfiling';
import { measureLatency, type LatencyOptions } from './latency';
import { buildModel } from './modelBuilder';

/** Short timings: a space has hundreds of units; the end-to-end correction absorbs what is left. */
export const UNIT_TIMING: LatencyOptions = { warmup: 3, minRuns: 8, maxRuns: 60, maxMs: 400, relativeIqr: 0.05 };

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

async function timeGraph(graph: ArchitectureGraph, options: LatencyOptions): Promise<number> {
  const model = buildModel(graph);
  try {
    return (await measureLatency(model, graph.input, options)).medianMs;
  } finally {
    model.dispose();
  }
}

const NEAR_NOTHING: OpUnitConfig = { signature: 'baseline', inputShapes: [[1, 1, 1]], ops: [{ op: 'relu', attrs: {}, shape: [1, 1, 1] }] };

/**
 * A timer on `backend` (which must be registered; it becomes the active backend). Fails with a
 * one-line error when the backend cannot be activated.
 */
export async function tfjsUnitTimer(backend: string, options: LatencyOptions = UNIT_TIMING): Promise<UnitTimer & { backend: string; baselineMs: number }> {
  if (tf.getBackend() !== backend && !(await tf.setBackend(backend))) throw new Error(`TensorFlow.js backend '${backend}' cannot be activated here`);
  await tf.ready();
  const baselineMs = await timeGraph(unitGraph(NEAR_NOTHING), { ...options, minRuns: 20 });
  return {
    backend,
    baselineMs,
    async time(unit) {
      return Math.max(0, (await timeGraph(unitGraph(unit), options)) - baselineMs);
    },
  };
}
