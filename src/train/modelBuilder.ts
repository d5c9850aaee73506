// Builds a TensorFlow.js model from a decoded ArchitectureGraph with the functional layers API
// (tf.input / layer.apply / tf.model), so the model can be trained, measured and saved as
// model.json + weights. One graph node becomes at most one layer, named after the node, so a
// node's params can be checked against its layer's countParams().
import * as tf from '@tensorflow/tfjs';
import type { ArchitectureGraph, GraphNode } from '../core/space/types';
import { topologicalOrder } from '../core/space/graphOrder';
import { trainingMemoryBytes } from '../hardware/costModel';
import { DilatedDepthwiseConv2D } from './dilatedDepthwiseLayer';

// A layer whose output is all zeros with its input's shape: NAS-Bench-201's `none` edge.
// A named class (not a Lambda, which tfjs-layers lacks) registered with tf.serialization, so a
// model containing it can be saved as model.json + weights and loaded back.
export class ZerosLayer extends tf.layers.Layer {
  // 'Zeros' is taken by the initializer of that name in the same registry.
  static readonly className = 'NasZeros';

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.zerosLike(x);
  }
}

tf.serialization.registerClass(ZerosLayer);

export interface BuildOptions {
  /** Scales conv2d filters and hidden dense units (not the classifier). Default 1. */
  widthMultiplier?: number;
  /** Seed of the weight initializers and dropout masks, for reproducible training. */
  seed?: number;
  /**
   * Weight of the old value in batch-norm moving averages (tfjs default 0.99). Short proxy
   * training needs less (e.g. 0.9): after 30 steps at 0.99 the moving statistics are still 74%
   * their initial 0/1, so inference-mode accuracy stays at chance while training loss falls.
   */
  batchNormMomentum?: number;
  /** Builds for another input size than the graph's (down-scaled proxy training); spatial shapes are then not checked. */
  inputShape?: number[];
}

export interface BuiltModel {
  model: tf.LayersModel;
  /** Layer name of each node that became a layer (identity nodes and 1-input adds do not). */
  layerNameOf: Map<string, string>;
}

function num(node: GraphNode, name: string, fallback?: number): number {
  const v = node.attrs[name] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`buildModel: node "${node.id}" (${node.op}) needs a numeric "${name}", got ${JSON.stringify(v)}`);
  return v;
}

function padding(node: GraphNode): 'same' | 'valid' {
  const p = node.attrs.padding ?? 'same';
  if (p !== 'same' && p !== 'valid') throw new Error(`buildModel: node "${node.id}" has padding ${JSON.stringify(p)}, expected 'same' or 'valid'`);
  return p;
}

function layerName(id: string, taken: Set<string>): string {
  let name = id.replace(/[^-A-Za-z0-9._]/g, '_');
  if (!/^[A-Za-z0-9]/.test(name)) name = `n${name}`;
  let unique = name;
  for (let k = 1; taken.has(unique); k++) unique = `${name}_${k}`;
  taken.add(unique);
  return unique;
}

export function buildModelWithMap(graph: ArchitectureGraph, options: BuildOptions = {}): BuiltModel {
  const width = options.widthMultiplier ?? 1;
  if (!(width > 0)) throw new Error(`buildModel: widthMultiplier must be > 0, got ${width}`);
  const baseSeed = options.seed ?? 0;
  const order = topologicalOrder(graph);
  const denseNodes = order.filter((n) => n.op === 'dense');
  const classifier = denseNodes[denseNodes.length - 1];
  const scale = (n: number) => Math.max(1, Math.round(n * width));

  const taken = new Set<string>();
  const layerNameOf = new Map<string, string>();
  const outputs = new Map<string, tf.SymbolicTensor>();
  let inputTensor: tf.SymbolicTensor | undefined;

  order.forEach((node, index) => {
    const ins = node.inputs.map((id) => outputs.get(id)!);
    const seed = baseSeed * 100003 + index;
    const name = () => {
      const n = layerName(node.id, taken);
      layerNameOf.set(node.id, n);
      return n;
    };
    const one = () => {
      if (ins.length !== 1) throw new Error(`buildModel: node "${node.id}" (${node.op}) needs exactly 1 input, has ${ins.length}`);
      return ins[0];
    };
    const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]) => layer.apply(x) as tf.SymbolicTensor;
    const kernelInitializer = () => tf.initializers.glorotUniform({ seed });
    let out: tf.SymbolicTensor;
    switch (node.op) {
      case 'input':
        if (inputTensor) throw new Error(`buildModel: a second input node "${node.id}"; one input is supported`);
        inputTensor = tf.input({ shape: options.inputShape ?? (node.shape.length ? node.shape : graph.input), name: name() });
        out = inputTensor;
        break;
      case 'conv2d':
        out = apply(tf.layers.conv2d({ name: name(), filters: scale(num(node, 'filters', node.shape[2])), kernelSize: num(node, 'kernel'), strides: num(node, 'stride', 1), padding: padding(node), useBias: node.attrs.useBias !== false, kernelInitializer: kernelInitializer() }), one());
        break;
      case 'depthwiseConv2d': {
        const dilation = num(node, 'dilation', 1);
        const common = { name: name(), kernelSize: num(node, 'kernel'), strides: num(node, 'stride', 1), padding: padding(node), useBias: node.attrs.useBias !== false };
        // tf.layers.depthwiseConv2d ignores its dilationRate (tfjs-layers 4.22).
        out = apply(dilation > 1
          ? new DilatedDepthwiseConv2D({ ...common, dilationRate: dilation, seed })
          : tf.layers.depthwiseConv2d({ ...common, depthMultiplier: 1, depthwiseInitializer: kernelInitializer() }), one());
        break;
      }
      case 'batchNorm':
        out = apply(tf.layers.batchNormalization({ name: name(), axis: -1, momentum: options.batchNormMomentum ?? 0.99 }), one());
        break;
      case 'relu':
      case 'softmax':
        out = apply(tf.layers.activation({ name: name(), activation: node.op }), one());
        break;
      case 'relu6':
        // The ReLU layer with maxValue runs Relu + ClipByValue, whose gradient the wasm backend
        // replaces with one fused kernel (see wasm/relu6Grad.ts); activation 'relu6' would run
        // Minimum's slower multi-op gradient instead.
        out = apply(tf.layers.reLU({ name: name(), maxValue: 6 }), one());
        break;
      case 'add':
        if (ins.length === 0) throw new Error(`buildModel: add node "${node.id}" has no inputs`);
        // A cell node with a single incoming edge is an add of one term: nothing to add.
        out = ins.length === 1 ? ins[0] : apply(tf.layers.add({ name: name() }), ins);
        break;
      case 'concat':
        out = ins.length === 1 ? ins[0] : apply(tf.layers.concatenate({ name: name(), axis: -1 }), ins);
        break;
      case 'crop':
        out = apply(tf.layers.cropping2D({ name: name(), cropping: [[num(node, 'top'), 0], [num(node, 'left'), 0]] }), one());
        break;
      case 'maxPool':
      case 'avgPool': {
        const size = num(node, 'size');
        const args = { name: name(), poolSize: size, strides: num(node, 'stride', size), padding: padding(node) };
        out = apply(node.op === 'maxPool' ? tf.layers.maxPooling2d(args) : tf.layers.averagePooling2d(args), one());
        break;
      }
      case 'globalAvgPool':
        out = apply(tf.layers.globalAveragePooling2d({ name: name() }), one());
        break;
      case 'flatten':
        out = apply(tf.layers.flatten({ name: name() }), one());
        break;
      case 'dense': {
        const units = num(node, 'units', node.shape[0]);
        out = apply(tf.layers.dense({ name: name(), units: node === classifier ? units : scale(units), useBias: node.attrs.useBias !== false, kernelInitializer: kernelInitializer() }), one());
        break;
      }
      case 'dropout':
        out = apply(tf.layers.dropout({ name: name(), rate: num(node, 'rate'), seed }), one());
        break;
      case 'zeros':
        out = apply(new ZerosLayer({ name: name() }), one());
        break;
      case 'identity':
        out = one();
        break;
      default: {
        const op: never = node.op;
        throw new Error(`buildModel: node "${node.id}" has unknown op ${JSON.stringify(op)}`);
      }
    }
    checkShape(node, out, { channels: width === 1, spatial: options.inputShape === undefined });
    outputs.set(node.id, out);
  });
  if (!inputTensor) throw new Error('buildModel: the graph has no input node');
  const model = tf.model({ inputs: inputTensor, outputs: outputs.get(graph.output)! });
  return { model, layerNameOf };
}

export function buildModel(graph: ArchitectureGraph, options: BuildOptions = {}): tf.LayersModel {
  return buildModelWithMap(graph, options).model;
}

/** The graph's declared shape must be what TensorFlow.js computes, for the parts the build options keep. */
function checkShape(node: GraphNode, out: tf.SymbolicTensor, compare: { channels: boolean; spatial: boolean }): void {
  const actual = out.shape.slice(1);
  const declared = node.shape;
  // Maps [h, w, c]: h and w depend on the input size, c on the width. Vectors: on both.
  const keep = (i: number) => (declared.length === 3 ? (i < 2 ? compare.spatial : compare.channels) : compare.spatial && compare.channels);
  const same = actual.length === declared.length && declared.every((d, i) => !keep(i) || actual[i] === d);
  if (!same) throw new Error(`buildModel: node "${node.id}" (${node.op}) declares shape [${declared.join(', ')}] but its layer outputs [${actual.join(', ')}]`);
}

/** A reason string when training the graph at this batch size would exceed the budget, else undefined. */
export function refuseIfTooLarge(graph: ArchitectureGraph, budgetBytes: number, batchSize = 1): string | undefined {
  const need = trainingMemoryBytes(graph, batchSize);
  if (need <= budgetBytes) return undefined;
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`;
  return `model needs about ${mb(need)} to train at batch size ${batchSize} (${graph.params} params), over the memory budget of ${mb(budgetBytes)}`;
}
