/**
 * Sum and Mean over every axis but the last (per-channel reductions of NHWC tensors: the
 * batch-norm statistics and gradients, bias gradients). The wasm kernels first transpose the
 * reduced axes innermost, a full extra pass; here one pass adds each row into per-channel
 * float64 accumulators. Any other reduction goes to the original kernel.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { allocFloat32, f32, sizeOf } from './heap';
import type { Info } from './wasmKernelCall';

export function makeReduceLeadingAxesWasm(mean: boolean): (original: tf.KernelFunc) => tf.KernelFunc {
  return (original) => (args) => {
    const backend = args.backend as BackendWasm;
    const x = (args.inputs as { x: Info }).x;
    const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
    const rank = x.shape.length;
    if (x.dtype !== 'float32' || rank < 2) return original(args);
    const axes = (Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + rank : a)).sort((a, b) => a - b);
    if (axes.length !== rank - 1 || axes.some((a, i) => a !== i)) return original(args);
    const c = x.shape[rank - 1];
    const rows = sizeOf(x.shape) / c;
    const out = allocFloat32(backend, keepDims ? [...x.shape.slice(0, -1).map(() => 1), c] : [c]);
    const o = f32(backend, out);
    const xv = f32(backend, x);
    const acc = new Float64Array(c);
    for (let r = 0, base = 0; r < rows; r++, base += c) {
      for (let ch = 0; ch < c; ch++) acc[ch] += xv[base + ch];
    }
    const scale = mean ? 1 / rows : 1;
    for (let ch = 0; ch < c; ch++) o[ch] = acc[ch] * scale;
    return out;
  };
}
