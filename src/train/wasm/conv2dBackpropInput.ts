/**
 * Faster Conv2DBackpropInput for wasm. The backend's own kernel took ~56 ms for a 1x1
 * convolution's input gradient at 64x14x14 (128 <- 32 channels); a 1x1, stride-1, unpadded
 * convolution's input gradient is a single matrix product dy · Wᵀ (~4 ms with the filter
 * transposed first: wasm's BatchMatMul is ~15x slower with its transpose flags set). Other
 * shapes go to the original kernel.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { callWasm, Info, release, reshape, transpose } from './wasmKernelCall';

export function makeConv2dBackpropInputWasm(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const backend = args.backend as BackendWasm;
    const { dy, filter } = args.inputs as { dy: Info; filter: Info };
    const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
    const [fh, fw, ci, co] = filter.shape;
    const [n, h, w] = attrs.inputShape;
    const unitStride = attrs.strides === 1 || (Array.isArray(attrs.strides) && attrs.strides[0] === 1 && attrs.strides[1] === 1);
    const nhwc = attrs.dataFormat === undefined || attrs.dataFormat === 'NHWC';
    if (fh !== 1 || fw !== 1 || !unitStride || !nhwc || typeof attrs.pad !== 'string' || dy.shape[1] !== h || dy.shape[2] !== w) return original(args);
    const w2 = reshape(backend, filter, [ci, co]);
    const wT = transpose(backend, w2, [1, 0]);
    const b = reshape(backend, wT, [1, co, ci]);
    const a = reshape(backend, dy, [1, n * h * w, co]);
    const prod = callWasm(backend, 'BatchMatMul', { a, b }, { transposeA: false, transposeB: false });
    const out = reshape(backend, prod, [n, h, w, ci]);
    release(backend, w2, wT, b, a, prod);
    return out;
  };
}
