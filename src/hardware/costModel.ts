// Analytic hardware cost of an architecture graph: parameters, FLOPs and activation memory,
// computed from shapes and attributes alone (no TensorFlow.js), so every candidate gets them
// instantly, even ones that are rejected before training.
//
// Counting convention (the one most NAS papers use; FLOPs = 2 x MACs):
//   conv2d            MACs = k*k*cin*cout*oh*ow        params = k*k*cin*cout (+ cout bias)
//   depthwiseConv2d   MACs = k*k*c*oh*ow               params = k*k*c (+ c bias)
//   dense             MACs = in*out                    params = in*out (+ out bias)
//   batchNorm         MACs = 0 (folded into the preceding conv at inference)   params = 4*C
//                     (gamma, beta, moving mean, moving variance, as TensorFlow.js counts them)
//   relu, relu6, add, maxPool, avgPool, globalAvgPool, softmax, zeros: 0 MACs (element-wise or
//   reductions: memory-bound, negligible next to convolutions), 0 params.
//   input, identity, flatten, dropout: 0 MACs, 0 params (no computation at inference).
//   Bias additions are not counted as MACs.
import type { ArchitectureGraph, GraphNode } from '../core/space/types';
import { elements, numAttr, shapesById, topologicalOrder } from './graphWalk';

export interface NodeCost {
  id: string;
  params: number;
  macs: number;
}

export interface GraphCost {
  params: number;
  macs: number;
  flops: number;
  /** Largest sum of float32 activations alive at once during batch-1 inference, in bytes. */
  activationPeakBytes: number;
  /** Sum of every node's output, float32, batch 1: what training keeps for the backward pass. */
  activationTotalBytes: number;
  nodes: NodeCost[];
}

const BYTES_PER_FLOAT = 4;

/** Ops whose output is (a view of) their input: they allocate no new activation memory. */
const ALIASING_OPS = new Set(['identity', 'flatten', 'dropout']);

function bias(node: GraphNode, count: number): number {
  return node.attrs.useBias === false ? 0 : count;
}

export function nodeCost(node: GraphNode, inputShapes: number[][]): NodeCost {
  const out = node.shape;
  const inShape = inputShapes[0];
  let params = 0;
  let macs = 0;
  switch (node.op) {
    case 'conv2d': {
      const k = numAttr(node, 'kernel');
      const cin = inShape[2];
      const cout = out[2];
      params = k * k * cin * cout + bias(node, cout);
      macs = k * k * cin * cout * out[0] * out[1];
      break;
    }
    case 'depthwiseConv2d': {
      const k = numAttr(node, 'kernel');
      const c = out[2];
      params = k * k * c + bias(node, c);
      macs = k * k * c * out[0] * out[1];
      break;
    }
    case 'dense': {
      const units = out[0];
      const fanIn = elements(inShape);
      params = fanIn * units + bias(node, units);
      macs = fanIn * units;
      break;
    }
    case 'batchNorm':
      params = 4 * out[out.length - 1];
      break;
    default:
      break;
  }
  return { id: node.id, params, macs };
}

/** Bytes of float32 activations alive at the worst moment of a batch-1 forward pass in topological order. */
export function activationPeakBytes(graph: ArchitectureGraph): number {
  const order = topologicalOrder(graph);
  const position = new Map(order.map((n, i) => [n.id, i]));
  // A buffer lives from the step that produces it to the last step that reads it; an aliasing
  // node extends the life of the buffer it views instead of owning one.
  const owner = new Map<string, string>();
  for (const n of order) owner.set(n.id, ALIASING_OPS.has(n.op) && n.inputs.length === 1 ? owner.get(n.inputs[0])! : n.id);
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

export function analyticCost(graph: ArchitectureGraph): GraphCost {
  const order = topologicalOrder(graph);
  const shapes = shapesById(graph);
  const nodes = order.map((n) => nodeCost(n, n.inputs.map((id) => shapes.get(id)!)));
  const params = nodes.reduce((a, n) => a + n.params, 0);
  const macs = nodes.reduce((a, n) => a + n.macs, 0);
  const activationTotalBytes = order.filter((n) => !ALIASING_OPS.has(n.op)).reduce((a, n) => a + elements(n.shape) * BYTES_PER_FLOAT, 0);
  return { params, macs, flops: 2 * macs, activationPeakBytes: activationPeakBytes(graph), activationTotalBytes, nodes };
}
