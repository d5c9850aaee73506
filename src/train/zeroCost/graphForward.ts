// A functional forward pass of a decoded ArchitectureGraph with TensorFlow.js ops, its weights
// passed in, so the zero-cost proxies can differentiate with respect to any weight, per-sample
// gate or input, read every ReLU's input, switch batch norm off, and keep activations in range.
// The weights are those buildModel initialises (./initialWeights.ts), so a proxy scores the
// network a training would start from.
import * as tf from '@tensorflow/tfjs';
import { topologicalOrder } from '../../core/space/graphOrder';
import type { ArchitectureGraph, GraphNode } from '../../core/space/types';
import { dilatedDepthwiseConv2d } from '../dilatedDepthwise';

/** Each node's weights in the order tfjs layers hold them (conv: kernel, bias; batch norm: gamma, beta, mean, variance). */
export type NodeWeights = ReadonlyMap<string, readonly tf.Tensor[]>;

/** Nodes whose kernel the proxies score: convolutions and dense layers (NASLib's Conv2d and Linear). */
export const isWeighted = (node: GraphNode) => node.op === 'conv2d' || node.op === 'depthwiseConv2d' || node.op === 'dense';

export interface ForwardOptions {
  /** 'batch': normalise by the batch's own statistics (training mode, as at initialisation); 'off': identity, as NASLib's synflow. */
  batchNorm: 'batch' | 'off';
  /**
   * Divide each weighted layer's and each sum's output by its maximum and carry the factor as a
   * log scale, so a deep network's activations cannot overflow float32. Only for networks that
   * are positively homogeneous except for biases (synflow: |weights|, all-ones input, no batch norm).
   */
  rescale?: boolean;
  /** Sees (and may replace) each weighted layer's output, before its batch norm. */
  onWeighted?(node: GraphNode, output: tf.Tensor): tf.Tensor;
  /** Sees the input of each ReLU (relu and relu6). */
  onRelu?(node: GraphNode, input: tf.Tensor): void;
}

/** The pre-softmax output (logits) and its log scale (0 unless rescaled). */
export interface ForwardResult {
  logits: tf.Tensor;
  logScale: number;
}

interface Value {
  t: tf.Tensor;
  logScale: number;
}

const BN_EPSILON = 1e-3; // tf.layers.batchNormalization's default, as the built model uses

/** The node whose output is the logits: the graph's output, or what its final softmax reads. */
export function logitsNode(graph: ArchitectureGraph): string {
  const out = graph.nodes.find((n) => n.id === graph.output);
  if (!out) throw new Error(`graphForward: the output node "${graph.output}" is not in the graph`);
  return out.op === 'softmax' ? out.inputs[0] : out.id;
}

/** Runs inside tf.tidy / tf.grads; every intermediate tensor belongs to the caller's scope. */
export function forward(graph: ArchitectureGraph, weights: NodeWeights, x: tf.Tensor, options: ForwardOptions): ForwardResult {
  const end = logitsNode(graph);
  const values = new Map<string, Value>();
  for (const node of topologicalOrder(graph)) {
    if (node.id === graph.output && node.id !== end) break;
    const ins = node.inputs.map((id) => values.get(id)!);
    values.set(node.id, node.op === 'input' ? { t: x, logScale: 0 } : step(node, ins, weights, options));
    if (node.id === end) break;
  }
  const result = values.get(end);
  if (!result) throw new Error(`graphForward: the logits node "${end}" was not reached`);
  return { logits: result.t, logScale: result.logScale };
}

function step(node: GraphNode, ins: Value[], weights: NodeWeights, options: ForwardOptions): Value {
  const w = () => {
    const got = weights.get(node.id);
    if (!got) throw new Error(`graphForward: no weights for node "${node.id}" (${node.op})`);
    return got;
  };
  const one = ins[0];
  const same = (t: tf.Tensor): Value => ({ t, logScale: one.logScale });
  switch (node.op) {
    case 'conv2d':
    case 'depthwiseConv2d':
    case 'dense': {
      const [kernel, bias] = w();
      let t = linear(node, one.t, kernel);
      // The bias in the rescaled units of the input: the layer computes s * (W x~) + b.
      if (bias) t = t.add(options.rescale ? bias.mul(Math.exp(-one.logScale)) : bias);
      if (options.onWeighted) t = options.onWeighted(node, t);
      return normalise({ t, logScale: one.logScale }, options);
    }
    case 'batchNorm': {
      if (options.batchNorm === 'off') return one;
      if (options.rescale) throw new Error('graphForward: rescaling needs batch norm off');
      const [gamma, beta] = w();
      const axes = one.t.rank === 4 ? [0, 1, 2] : [0];
      const { mean, variance } = tf.moments(one.t, axes);
      // tf.batchNorm, as the built model trains: the wasm backend's fused kernel and gradient.
      return same(tf.batchNorm(one.t, mean, variance, beta, gamma, BN_EPSILON));
    }
    case 'relu':
      options.onRelu?.(node, one.t);
      return same(tf.relu(one.t));
    case 'relu6':
      options.onRelu?.(node, one.t);
      // min(max(x, 0), 6) in the rescaled units: the cap is 6 / scale.
      // As the built model's ReLU layer with maxValue: Relu, then ClipByValue (the wasm backend's fused gradient).
      return same(tf.relu(one.t).clipByValue(0, options.rescale ? 6 * Math.exp(-one.logScale) : 6));
    case 'softmax':
      if (options.rescale) throw new Error('graphForward: a softmax inside the network cannot be rescaled');
      return same(tf.softmax(one.t));
    case 'add': {
      const top = Math.max(...ins.map((v) => v.logScale));
      const terms = ins.map((v) => (v.logScale === top ? v.t : v.t.mul(Math.exp(v.logScale - top))));
      return normalise({ t: terms.length === 1 ? terms[0] : tf.addN(terms), logScale: top }, options);
    }
    case 'concat': {
      // Channels of different scales side by side: each in the units of the largest, as for add.
      const top = Math.max(...ins.map((v) => v.logScale));
      const parts = ins.map((v) => (v.logScale === top ? v.t : v.t.mul(Math.exp(v.logScale - top))));
      return normalise({ t: parts.length === 1 ? parts[0] : tf.concat(parts, -1), logScale: top }, options);
    }
    case 'crop':
      // As the built model's cropping2D: rows off the top, columns off the left.
      return same(one.t.slice([0, num(node, 'top'), num(node, 'left'), 0]));
    case 'maxPool':
    case 'avgPool': {
      const size = num(node, 'size');
      const stride = num(node, 'stride', size);
      const pad = padding(node);
      const t4 = one.t as tf.Tensor4D;
      return same(node.op === 'maxPool' ? tf.maxPool(t4, size, stride, pad) : tf.avgPool(t4, size, stride, pad));
    }
    case 'globalAvgPool':
      return same(one.t.mean([1, 2]));
    case 'flatten':
      return same(one.t.reshape([one.t.shape[0], -1]));
    // A proxy scores the network deterministically: dropout is the identity, as at inference.
    case 'dropout':
    case 'identity':
      return one;
    case 'zeros':
      return same(tf.zerosLike(one.t));
    case 'input':
      throw new Error(`graphForward: a second input node "${node.id}"`);
    default: {
      const op: never = node.op;
      throw new Error(`graphForward: node "${node.id}" has unknown op ${JSON.stringify(op)}`);
    }
  }
}

function linear(node: GraphNode, x: tf.Tensor, kernel: tf.Tensor): tf.Tensor {
  if (node.op === 'dense') return tf.matMul(x as tf.Tensor2D, kernel as tf.Tensor2D);
  const stride = num(node, 'stride', 1);
  const pad = padding(node);
  if (node.op === 'conv2d') return tf.conv2d(x as tf.Tensor4D, kernel as tf.Tensor4D, stride, pad);
  return dilatedDepthwiseConv2d(x as tf.Tensor4D, kernel as tf.Tensor4D, stride, num(node, 'dilation', 1), pad);
}

/** With rescaling, the value divided by its maximum (a constant to the gradient), the factor moved to the log scale. */
function normalise(v: Value, options: ForwardOptions): Value {
  if (!options.rescale) return v;
  const top = v.t.max().dataSync()[0];
  if (!(top > 0) || !Number.isFinite(top)) return v;
  return { t: v.t.div(top), logScale: v.logScale + Math.log(top) };
}

function num(node: GraphNode, name: string, fallback?: number): number {
  const v = node.attrs[name] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`graphForward: node "${node.id}" (${node.op}) needs a numeric "${name}", got ${JSON.stringify(v)}`);
  return v;
}

function padding(node: GraphNode): 'same' | 'valid' {
  return node.attrs.padding === 'valid' ? 'valid' : 'same';
}
