/**
 * Replacement for the wasm backend's Sum and Mean when the reduced axes are the leading ones
 * (the batch-norm statistics and gradients: axes 0,1,2 of an NHWC tensor). wasm's own kernels
 * first transpose the reduced axes to the end, a full copy, then reduce; a leading-axes reduction
 * is one streaming pass adding rows into a per-channel accumulator (native sum_rows).
 * Other axes, dtypes and empty tensors go to the original kernel.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { nativeKernels, ptr } from './nativeKernels';
import type { Info } from './wasmKernelCall';

export function makeReduceLeadingWasm(kind: 'sum' | 'mean'): (original: tf.KernelFunc) => tf.KernelFunc {
  return (original) => (args) => {
    const backend = args.backend as BackendWasm;
    const x = (args.inputs as { x: Info }).x;
    const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
    if (x.dtype !== 'float32' || x.shape.length === 0) return original(args);
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
    const k = axes.length;
    if (k === 0 || axes.some((a, i) => a !== i)) return original(args);
    let rows = 1;
    for (let i = 0; i < k; i++) rows *= x.shape[i];
    const kept = x.shape.slice(k);
    let cols = 1;
    for (const d of kept) cols *= d;
    if (rows === 0 || cols === 0) return original(args);
    const outShape = keepDims ? [...axes.map(() => 1), ...kept] : kept;
    const out = backend.makeOutput(outShape, 'float32');
    nativeKernels(backend).sum_rows(ptr(backend, x), ptr(backend, out), rows, cols, kind === 'mean' ? 1 / rows : 1);
    return out;
  };
}
