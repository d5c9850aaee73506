// One definition per graph operation: its output shape, its parameters (counted as TensorFlow.js's
// countParams() counts them: batch norm holds gamma, beta, moving mean and variance) and its
// multiply-accumulates for one sample, plus how its output uses memory. The graph builder writes
// these into every node; the cost module, the latency tables and the tests read them from there.
// A Record, so a new op kind without its definition does not compile.
//
//   conv2d            MACs = k*k*cin*cout*oh*ow        params = k*k*cin*cout (+ cout bias)
//   depthwiseConv2d   MACs = k*k*c*oh*ow               params = k*k*c (+ c bias)
//   dense             MACs = in*out                    params = in*out (+ out bias)
//   batchNorm         MACs = 0 (folded into the preceding conv at inference)   params = 4*C
//   every other op:   0 MACs (element-wise or reductions: memory-bound, negligible next to
//                     convolutions), 0 params. Bias additions are not counted as MACs.
import type { GraphNode, OpKind } from './types';

type Shape = readonly number[];
type Attrs = GraphNode['attrs'];

/** What is wrong with an op's input, phrased to follow "<layer group>: ". */
export class OpShapeError extends Error {}

export interface OpDefinition {
  /** Output shape (batch dimension left out) from the input shapes; throws an OpShapeError. */
  shape(inputs: readonly Shape[], attrs: Attrs): number[];
  params(inputs: readonly Shape[], out: Shape, attrs: Attrs): number;
  macs(inputs: readonly Shape[], out: Shape, attrs: Attrs): number;
  /**
   * Where the output lives: 'own' is a new buffer; 'view' reads its input's buffer (identity);
   * 'inferenceView' is a view at inference only (a reshape, or dropout, which is the identity
   * at inference but keeps a mask and a new output while training).
   */
  memory: 'own' | 'view' | 'inferenceView';
  /** Does no work at inference, so a latency table needs no entry for it. */
  free: boolean;
}

function spatial(s: Shape, what: string): [number, number, number] {
  if (s.length !== 3) throw new OpShapeError(`${what} needs a feature map, but its input is a flat vector of ${s[0]}; put it before flatten()/globalAvgPool()/dense()`);
  return s as [number, number, number];
}

/** 'same' padding by TensorFlow.js's rule, ceil(in / stride): any stride leaves at least 1x1. */
function strided(h: number, w: number, stride: number): [number, number] {
  return [Math.ceil(h / stride), Math.ceil(w / stride)];
}

const num = (attrs: Attrs, name: string): number => attrs[name] as number;
const none = (): number => 0;
const sameShape = (inputs: readonly Shape[]): number[] => [...inputs[0]];

/** Element-wise ops and views: the input's shape, no parameters, no multiply-adds. */
function elementwise(memory: OpDefinition['memory'], free = false): OpDefinition {
  return { shape: sameShape, params: none, macs: none, memory, free };
}

/** A sliding window (convolution or pool) over a feature map, with 'same' or 'valid' padding. */
function windowed(noun: string, sizeAttr: 'kernel' | 'size', keepChannels: boolean) {
  return (inputs: readonly Shape[], attrs: Attrs): number[] => {
    const [h, w, c] = spatial(inputs[0], `a ${noun}`);
    const size = num(attrs, sizeAttr);
    const stride = num(attrs, 'stride');
    const channels = keepChannels ? c : num(attrs, 'filters');
    if (attrs.padding === 'same') return [...strided(h, w, stride), channels];
    const oh = Math.floor((h - size) / stride) + 1;
    const ow = Math.floor((w - size) / stride) + 1;
    if (oh < 1 || ow < 1) throw new OpShapeError(`a ${size}x${size} ${noun} receives a ${h}x${w} feature map; it would shrink it below 1x1`);
    return [oh, ow, channels];
  };
}

const pool = windowed('pooling layer', 'size', true);

export const OPS: Record<OpKind, OpDefinition> = {
  input: {
    shape() {
      throw new Error("internal: the input node's shape is the space's input shape");
    },
    params: none,
    macs: none,
    memory: 'own',
    free: true,
  },
  conv2d: {
    shape: windowed('convolution', 'kernel', false),
    params: ([s], out, attrs) => num(attrs, 'kernel') ** 2 * s[2] * out[2] + (attrs.useBias !== false ? out[2] : 0),
    macs: ([s], out, attrs) => num(attrs, 'kernel') ** 2 * s[2] * out[2] * out[0] * out[1],
    memory: 'own',
    free: false,
  },
  depthwiseConv2d: {
    shape: windowed('depthwise convolution', 'kernel', true),
    params: (_inputs, out, attrs) => num(attrs, 'kernel') ** 2 * out[2] + (attrs.useBias !== false ? out[2] : 0),
    macs: (_inputs, out, attrs) => num(attrs, 'kernel') ** 2 * out[2] * out[0] * out[1],
    memory: 'own',
    free: false,
  },
  batchNorm: { shape: sameShape, params: (_inputs, out) => 4 * out[out.length - 1], macs: none, memory: 'own', free: false },
  relu: elementwise('own'),
  relu6: elementwise('own'),
  add: {
    shape(inputs) {
      const s = inputs[0];
      for (const i of inputs) {
        if (i.join('x') !== s.join('x')) throw new Error(`internal: add of shapes ${s} and ${i}`);
      }
      return [...s];
    },
    params: none,
    macs: none,
    memory: 'own',
    free: false,
  },
  // Channel concatenation (a DARTS cell's output): the inputs' maps side by side.
  concat: {
    shape(inputs) {
      const [h, w] = spatial(inputs[0], 'a concatenation');
      for (const i of inputs) {
        if (i[0] !== h || i[1] !== w) throw new Error(`internal: concat of shapes ${inputs[0]} and ${i}`);
      }
      return [h, w, inputs.reduce((a, i) => a + i[2], 0)];
    },
    params: none,
    macs: none,
    memory: 'own',
    free: false,
  },
  // Drops the first `top` rows and `left` columns: the one-pixel shift of DARTS's factorized reduce.
  crop: {
    shape([s], attrs) {
      const [h, w, c] = spatial(s, 'a crop');
      const top = num(attrs, 'top');
      const left = num(attrs, 'left');
      if (h <= top || w <= left) throw new OpShapeError(`a crop of ${top}x${left} receives a ${h}x${w} feature map; nothing would be left`);
      return [h - top, w - left, c];
    },
    params: none,
    macs: none,
    memory: 'own',
    free: false,
  },
  maxPool: { shape: pool, params: none, macs: none, memory: 'own', free: false },
  avgPool: { shape: pool, params: none, macs: none, memory: 'own', free: false },
  globalAvgPool: { shape: (inputs) => [spatial(inputs[0], 'global average pooling')[2]], params: none, macs: none, memory: 'own', free: false },
  flatten: { shape: ([s]) => [s.reduce((a, b) => a * b, 1)], params: none, macs: none, memory: 'inferenceView', free: true },
  dense: {
    shape([s], attrs) {
      if (s.length !== 1) throw new OpShapeError(`dense() needs a flat vector; add flatten() or globalAvgPool() before it`);
      return [num(attrs, 'units')];
    },
    params: ([s], out, attrs) => s[0] * out[0] + (attrs.useBias !== false ? out[0] : 0),
    macs: ([s], out) => s[0] * out[0],
    memory: 'own',
    free: false,
  },
  dropout: elementwise('inferenceView', true),
  zeros: elementwise('own'),
  identity: elementwise('view', true),
  softmax: elementwise('own'),
};
