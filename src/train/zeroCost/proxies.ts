// The zero-cost proxies of one untrained network, after NASLib's definitions (NAS-Bench-Suite-Zero),
// on its initial weights: synflow without data; jacov and nwot on a mini-batch of images; snip,
// grad_norm and fisher on a labelled mini-batch. scoreGraph computes any subset, sharing passes.
import * as tf from '@tensorflow/tfjs';
import type { ZcProxy, ZcSettings } from '../../core/estimate/estimators/zeroCost';
import type { ArchitectureGraph, GraphNode } from '../../core/space/types';
import { loadDataset } from '../data/loadDataset';
import { toTensors, type TensorData } from '../trainCandidate';
import { forward, isWeighted, type NodeWeights } from './graphForward';
import { disposeWeights, initialWeights } from './initialWeights';
import { logAbsDeterminant, symmetricEigenvalues } from './linalg';

/** One mini-batch: images [n, h, w, c] and one-hot labels [n, classes]. */
export interface ProxyBatch {
  x: tf.Tensor4D;
  y: tf.Tensor2D;
}

/** The seeded, stratified mini-batch of the zc settings' dataset (the caller disposes its tensors). */
export function loadProxyBatch(settings: Pick<ZcSettings, 'dataset' | 'seed' | 'batchSize'>): TensorData {
  return toTensors(loadDataset({ source: settings.dataset, seed: settings.seed, trainSubset: settings.batchSize, validationSubset: 1 }).train);
}

/** Each asked-for proxy's score of the graph at the initial weights of `seed`. `batch` is needed by all but synflow. */
export function scoreGraph(graph: ArchitectureGraph, proxies: readonly ZcProxy[], batch: ProxyBatch | undefined, seed = 0): Partial<Record<ZcProxy, number>> {
  const weights = initialWeights(graph, seed);
  try {
    return scoreWithWeights(graph, weights, proxies, batch);
  } finally {
    disposeWeights(weights);
  }
}

/** scoreGraph on given weights (tests use hand-set ones). */
export function scoreWithWeights(graph: ArchitectureGraph, weights: NodeWeights, proxies: readonly ZcProxy[], batch: ProxyBatch | undefined): Partial<Record<ZcProxy, number>> {
  const want = new Set(proxies);
  const scores: Partial<Record<ZcProxy, number>> = {};
  const data = () => {
    if (!batch) throw new Error(`zero-cost proxies ${[...want].filter((p) => p !== 'synflow').join(', ')} need a mini-batch of data`);
    return batch;
  };
  if (want.has('synflow')) scores.synflow = synflow(graph, weights);
  if (want.has('jacov') || want.has('nwot')) Object.assign(scores, imageProxies(graph, weights, data().x, { jacov: want.has('jacov'), nwot: want.has('nwot') }));
  if (want.has('snip') || want.has('grad_norm') || want.has('fisher')) Object.assign(scores, lossGradientProxies(graph, weights, data()));
  return Object.fromEntries(Object.entries(scores).filter(([name]) => want.has(name as ZcProxy)));
}

const weightedNodes = (graph: ArchitectureGraph) => graph.nodes.filter(isWeighted);

/** The weights with each weighted node's kernel replaced by kernels[i] (the arguments tf.grads differentiates by). */
function withKernels(weights: NodeWeights, nodes: readonly GraphNode[], kernels: readonly tf.Tensor[]): NodeWeights {
  const map = new Map(weights);
  nodes.forEach((node, i) => map.set(node.id, [kernels[i], ...weights.get(node.id)!.slice(1)]));
  return map;
}

const sumOf = (ts: readonly tf.Tensor[]) => ts.reduce((total, t) => total + t.dataSync()[0], 0);

/**
 * ln SynFlow: the network with |weights|, batch norm off, on one all-ones input; R the sum of its
 * logits; the score sums |w dR/dw| over conv/dense kernels. Activations are rescaled on the way
 * (graphForward's `rescale`), so R = e^logScale R~ and dR/dw = e^logScale dR~/dw: the score is
 * logScale + ln sum |w dR~/dw|, in range however deep the network.
 */
export function synflow(graph: ArchitectureGraph, weights: NodeWeights): number {
  return tf.tidy(() => {
    const nodes = weightedNodes(graph);
    const positive = new Map([...weights].map(([id, ts]) => [id, ts.map((t) => t.abs())]));
    const kernels = nodes.map((n) => positive.get(n.id)![0]);
    const x = tf.ones([1, ...graph.input]);
    let logScale = 0;
    const grads = tf.grads((...ks: tf.Tensor[]) => {
      const out = forward(graph, withKernels(positive, nodes, ks), x, { batchNorm: 'off', rescale: true });
      logScale = out.logScale;
      return out.logits.sum() as tf.Scalar;
    })(kernels);
    const total = sumOf(kernels.map((k, i) => k.mul(grads[i]).abs().sum()));
    return logScale + Math.log(total);
  });
}

/**
 * jacov and nwot from one pass over the images (batch norm on batch statistics): the forward
 * pass reads each ReLU's input for nwot, and its gradient gives jacov's Jacobian when asked for.
 *
 * Jacobian covariance (NASLib's jacov): J the gradients of the logits' sum with respect to each
 * input image, C the correlation matrix of J's rows; the score is -sum(ln(v + k) + 1 / (v + k))
 * over C's eigenvalues v, k = 1e-5.
 *
 * NASWOT: each ReLU's input read as a binary code per sample (unit active or not); the kernel
 * K[i][j] counts the units on which samples i and j agree, summed over ReLUs; the score is ln |det K|.
 */
export function imageProxies(graph: ArchitectureGraph, weights: NodeWeights, images: tf.Tensor4D, want: { jacov: boolean; nwot: boolean }): { jacov?: number; nwot?: number } {
  const n = images.shape[0];
  const { correlation, agreement } = tf.tidy(() => {
    // Agreements of codes c_i, c_j over U units: c_i.c_j + (1 - c_i).(1 - c_j) = U - |c_i| - |c_j| + 2 c_i.c_j,
    // so one product per ReLU (the proxy's main cost: a bit-packed popcount in JavaScript was slower).
    let products: tf.Tensor = tf.zeros([n, n]);
    let active: tf.Tensor = tf.zeros([n, 1]);
    let units = 0;
    const onRelu = want.nwot
      ? (_node: GraphNode, input: tf.Tensor) => {
          const code = input.greater(0).toFloat().reshape([n, -1]);
          products = products.add(tf.matMul(code, code, false, true));
          active = active.add(code.sum(1, true));
          units += code.shape[1]!;
        }
      : undefined;
    const agreementOf = () => (want.nwot ? tf.keep(products.mul(2).sub(active).sub(active.transpose()).add(units)) : undefined);
    if (!want.jacov) {
      forward(graph, weights, images, { batchNorm: 'batch', onRelu });
      return { correlation: undefined, agreement: agreementOf() };
    }
    let kept: tf.Tensor | undefined;
    const jacobian = tf.grad((x: tf.Tensor) => {
      const out = forward(graph, weights, x, { batchNorm: 'batch', onRelu }).logits.sum() as tf.Scalar;
      kept = agreementOf();
      return out;
    })(images).reshape([n, -1]);
    const centred = jacobian.sub(jacobian.mean(1, true));
    const unit = centred.div(centred.square().sum(1, true).sqrt().maximum(1e-30));
    return { correlation: tf.keep(tf.matMul(unit, unit, false, true)), agreement: kept };
  });
  const read = (t: tf.Tensor | undefined) => {
    const values = t?.dataSync();
    t?.dispose();
    return values;
  };
  const c = read(correlation);
  const k = read(agreement);
  const epsilon = 1e-5;
  return {
    ...(c ? { jacov: -symmetricEigenvalues(c, n).reduce((total, v) => total + Math.log(v + epsilon) + 1 / (v + epsilon), 0) } : {}),
    ...(k ? { nwot: logAbsDeterminant(k, n) } : {}),
  };
}

/**
 * snip, grad_norm and fisher from one backward pass of the mean cross-entropy of a labelled
 * batch (batch norm on batch statistics), differentiated by each conv/dense kernel and by a
 * per-sample, per-channel gate of ones on each one's output (before its batch norm), whose
 * gradient is NASLib's fisher term sum over positions of act * dL/dact.
 */
export function lossGradientProxies(graph: ArchitectureGraph, weights: NodeWeights, batch: ProxyBatch): Record<'snip' | 'grad_norm' | 'fisher', number> {
  return tf.tidy(() => {
    const nodes = weightedNodes(graph);
    const n = batch.x.shape[0];
    const kernels = nodes.map((node) => weights.get(node.id)![0]);
    const channels = (node: GraphNode) => node.shape[node.shape.length - 1];
    const gates = nodes.map((node) => tf.ones(node.shape.length === 3 ? [n, 1, 1, channels(node)] : [n, channels(node)]));
    const grads = tf.grads((...args: tf.Tensor[]) => {
      const ks = args.slice(0, nodes.length);
      const gateOf = new Map(nodes.map((node, i) => [node.id, args[nodes.length + i]]));
      const { logits } = forward(graph, withKernels(weights, nodes, ks), batch.x, { batchNorm: 'batch', onWeighted: (node, out) => out.mul(gateOf.get(node.id)!) });
      return tf.losses.softmaxCrossEntropy(batch.y, logits) as tf.Scalar;
    })([...kernels, ...gates]);
    const kernelGrads = grads.slice(0, nodes.length);
    const gateGrads = grads.slice(nodes.length);
    return {
      snip: sumOf(kernels.map((k, i) => k.mul(kernelGrads[i]).abs().sum())),
      grad_norm: sumOf(kernelGrads.map((g) => g.square().sum().sqrt())),
      // NASLib spreads each channel's value over the channel's weights: times kernel size / channels.
      fisher: sumOf(gateGrads.map((g, i) => g.reshape([n, -1]).square().mean(0).sum().mul(0.5 * (kernels[i].size / channels(nodes[i]))))),
    };
  });
}
