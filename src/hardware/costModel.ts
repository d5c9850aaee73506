// The analytic cost of an architecture graph: parameters, multiply-adds, FLOPs and activation
// memory, known without evaluating a candidate (so even candidates rejected before training get
// them). Each node carries its own params and multiply-adds, written by the graph builder from
// its op's definition (core/space/ops.ts); this module sums them and walks the graph for memory.
// It is the one place every cost figure of the product comes from.
import { TRAIN_MEMORY_BATCH, type AnalyticMetricName } from '../core/estimate/catalog';
import type { ArchitectureGraph } from '../core/space/types';
import { OPS } from '../core/space/ops';
import { elements, topologicalOrder } from './graphWalk';

const BYTES_PER_FLOAT = 4;

/** FLOPs count a multiply-add as two operations (the convention most NAS papers use). */
export function flopsOf(macs: number): number {
  return 2 * macs;
}

export interface GraphCost {
  params: number;
  macs: number;
  flops: number;
  /** Largest sum of float32 activations alive at once during batch-1 inference, in bytes. */
  activationPeakBytes: number;
}

/** Bytes of float32 activations alive at the worst moment of a batch-1 forward pass in topological order. */
export function activationPeakBytes(graph: ArchitectureGraph): number {
  const order = topologicalOrder(graph);
  const position = new Map(order.map((n, i) => [n.id, i]));
  // A buffer lives from the step that produces it to the last step that reads it; a node whose
  // output is a view extends the life of the buffer it views instead of owning one.
  const owner = new Map<string, string>();
  for (const n of order) owner.set(n.id, OPS[n.op].memory !== 'own' && n.inputs.length === 1 ? owner.get(n.inputs[0])! : n.id);
  const lastUse = new Map<string, number>();
  for (const n of order) {
    const i = position.get(n.id)!;
    lastUse.set(owner.get(n.id)!, Math.max(lastUse.get(owner.get(n.id)!) ?? i, i));
    for (const id of n.inputs) lastUse.set(owner.get(id)!, Math.max(lastUse.get(owner.get(id)!) ?? 0, i));
  }
  lastUse.set(owner.get(graph.output)!, order.length);
  const size = new Map(graph.nodes.map((n) => [n.id, elements(n.shape) * BYTES_PER_FLOAT]));
  let peak = 0;
  order.forEach((_, step) => {
    let live = 0;
    for (const [buffer, last] of lastUse) {
      const born = position.get(buffer)!;
      if (born <= step && last >= step) live += size.get(buffer)!;
    }
    peak = Math.max(peak, live);
  });
  return peak;
}

/** Float32 activations of one sample that training keeps: every output but the pure views. */
function trainingActivations(graph: ArchitectureGraph): number {
  return graph.nodes.filter((n) => OPS[n.op].memory !== 'view').reduce((a, n) => a + elements(n.shape), 0);
}

/**
 * Float32 bytes that training this graph needs, estimated before building it:
 *   params x 4 copies (weights, gradients, Adam's two moments)
 * + activations of every node x batch x 2 (kept for the backward pass, and their gradients).
 * A rough upper bound, good enough to refuse models that cannot fit, not to predict the
 * process's exact footprint.
 */
export function trainingMemoryBytes(graph: ArchitectureGraph, batchSize: number): number {
  return BYTES_PER_FLOAT * (4 * graph.params + 2 * batchSize * trainingActivations(graph));
}

export function analyticCost(graph: ArchitectureGraph): GraphCost {
  const order = topologicalOrder(graph);
  const params = order.reduce((a, n) => a + n.params, 0);
  const macs = order.reduce((a, n) => a + n.macs, 0);
  return { params, macs, flops: flopsOf(macs), activationPeakBytes: activationPeakBytes(graph) };
}

/** The analytic metrics every candidate gets: the values of the catalog's analytic metrics (core/estimate/catalog.ts names and describes them). */
export function analyticMetrics(graph: ArchitectureGraph): Record<AnalyticMetricName, number> {
  const cost = analyticCost(graph);
  return {
    params: cost.params,
    flops: cost.flops,
    activation_kb: cost.activationPeakBytes / 1024,
    weights_f32_kb: (cost.params * BYTES_PER_FLOAT) / 1024,
    weights_int8_kb: cost.params / 1024,
    train_mem_mb: trainingMemoryBytes(graph, TRAIN_MEMORY_BATCH) / 1024 ** 2,
  };
}
