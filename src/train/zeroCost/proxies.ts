// The zero-cost proxies of one untrained network, after NASLib's definitions (NAS-Bench-Suite-Zero),
// on its initial weights: synflow without data; jacov and nwot on a mini-batch of images; snip,
// grad_norm and fisher on a labelled mini-batch. scoreGraph computes any subset, sharing passes.
import * as tf from '@tensorflow/tfjs';
import type { ZcProxy } from '../../core/estimate/estimators/zeroCost';
import type { ArchitectureGraph, GraphNode } from '../../core/space/types';
import { forward, isWeighted, type NodeWeights } from './graphForward';
import { disposeWeights, initialWeights } from './initialWeights';
import { logAbsDeterminant, symmetricEigenvalues } from './linalg';

/** One mini-batch: images [n, h, w, c] and one-hot labels [n, classes]. */
export interface ProxyBatch {
  x: tf.Tensor4D;
  y: tf.Tensor2D;
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
  if (want.has('jacov')) scores.jacov = jacov(graph, weights, data().x);
  if (want.has('nwot')) scores.nwot = nwot(graph, weights, data().x);
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
 * Jacobian covariance (NASLib's jacov): J the gradients of the logits' sum with respect to each
 * input image (batch norm on batch statistics), C the correlation matrix of J's rows; the score
 * is -sum(ln(v + k) + 1 / (v + k)) over C's eigenvalues v, k = 1e-5.
 */
export function jacov(graph: ArchitectureGraph, weights: NodeWeights, images: tf.Tensor4D): number {
  const n = images.shape[0];
  const correlation = tf.tidy(() => {
    const jacobian = tf.grad((x: tf.Tensor) => forward(graph, weights, x, { batchNorm: 'batch' }).logits.sum() as tf.Scalar)(images).reshape([n, -1]);
    const centred = jacobian.sub(jacobian.mean(1, true));
    const unit = centred.div(centred.square().sum(1, true).sqrt().maximum(1e-30));
    return tf.matMul(unit, unit, false, true).dataSync();
  });
  const k = 1e-5;
  return -symmetricEigenvalues(correlation, n).reduce((total, v) => total + Math.log(v + k) + 1 / (v + k), 0);
}

/**
 * NASWOT: each ReLU's input read as a binary code per sample (unit active or not); the kernel
 * K[i][j] counts the units on which samples i and j agree, summed over ReLUs; the score is ln |det K|.
 */
export function nwot(graph: ArchitectureGraph, weights: NodeWeights, images: tf.Tensor4D): number {
  const n = images.shape[0];
  const kernel = tf.tidy(() => {
    let k: tf.Tensor = tf.zeros([n, n]);
    forward(graph, weights, images, {
      batchNorm: 'batch',
      onRelu: (_node, input) => {
        const code = input.greater(0).toFloat().reshape([n, -1]);
        const off = tf.sub(1, code);
        k = k.add(tf.matMul(code, code, false, true)).add(tf.matMul(off, off, false, true));
      },
    });
    return k.dataSync();
  });
  return logAbsDeterminant(kernel, n);
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
