/**
 * Conv2DBackpropFilter for wasm (absent from @tensorflow/tfjs-backend-wasm 4.22).
 * dW[kh,kw,ci,co] = sum over b,oh,ow of x[b, oh*s+kh-pt, ow*s+kw-pl, ci] * dy[b,oh,ow,co].
 * - filters up to 3x3 (or thin stems) that fit in cache: a native rank-1-update kernel;
 * - larger 1x1 without padding: one matrix product xᵀ·dy (or (dyᵀ·x)ᵀ) over all pixels;
 * - otherwise: a convolution of the transposed input (channels as batch, batch as channels) with
 *   the transposed gradient as filter, dilated by the stride; XNNPACK then does the work.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { callWasm, Info, release, reshape, transpose } from './wasmKernelCall';
import { nativeKernels, ptr } from './nativeKernels';

/** Largest filter (floats) the native kernel accumulates into; it must stay cache-resident. */
const NATIVE_MAX_FILTER = 64 * 1024;

export function conv2dBackpropFilterWasm(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): Info {
  const backend = args.backend as BackendWasm;
  const { x, dy } = args.inputs as { x: Info; dy: Info };
  const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (attrs.dataFormat !== undefined && attrs.dataFormat !== 'NHWC') throw new Error(`Conv2DBackpropFilter (wasm): only NHWC is supported, got ${attrs.dataFormat}`);
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  const { filterHeight: fh, filterWidth: fw, inChannels: ci, outChannels: co } = info;
  const { top, left } = info.padInfo;

  // Native rank-1 updates whenever the filter stays cache-resident, except wide filters above 3x3
  // (where the XNNPACK convolution was as fast). Measured with fresh tensors per call, as in a
  // training step (XNNPACK re-packs a new operand each call; reusing one tensor hides that):
  // 1x1 at batch 64, 14x14: 16->64 1.4 vs 3.7 ms (product), 128->32 6.4 vs 11.8, 384->64 37 vs 70;
  // stem 3x3 1->16 s2 0.8 vs 4.9 ms (convolution), 3x3 64->64 46 vs 49 ms.
  if (fh * fw * ci * co <= NATIVE_MAX_FILTER && (fh * fw <= 9 || ci <= 4) && x.dtype === 'float32') return filterGradNative(backend, x, dy, info);
  if (fh === 1 && fw === 1 && top === 0 && left === 0) return filterGrad1x1Product(backend, x, dy, info);
  return filterGradByConvolution(backend, x, dy, info);
}

/** One native pass of rank-1 updates (native conv_filter_grad). */
export function filterGradNative(backend: BackendWasm, x: Info, dy: Info, info: tf.backend_util.Conv2DInfo): Info {
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow, inChannels: ci, outChannels: co, batchSize: n } = info;
  const out = backend.makeOutput([fh, fw, ci, co], 'float32');
  nativeKernels(backend).conv_filter_grad(ptr(backend, x), ptr(backend, dy), ptr(backend, out), n, x.shape[1], x.shape[2], ci, co, oh, ow, fh, fw, sh, sw, info.padInfo.top, info.padInfo.left);
  return out;
}

/** 1x1 unpadded: a transpose and one XNNPACK matrix product over all pixels. */
export function filterGrad1x1Product(backend: BackendWasm, x: Info, dy: Info, info: tf.backend_util.Conv2DInfo): Info {
  const { strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow, inChannels: ci, outChannels: co, batchSize: n } = info;
  const xs = sh === 1 && sw === 1 && x.shape[1] === oh && x.shape[2] === ow
    ? callWasm(backend, 'Identity', { x })
    : callWasm(backend, 'StridedSlice', { x }, { begin: [0, 0, 0, 0], end: [n, (oh - 1) * sh + 1, (ow - 1) * sw + 1, ci], strides: [1, sh, sw, 1], beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0 });
  // An explicit transpose and a plain product: wasm's BatchMatMul is ~15x slower with transposeA.
  // Transpose the narrower of x and dy (then, if that was dy, the small [co, ci] product).
  const p = n * oh * ow;
  const x2 = reshape(backend, xs, [p, ci]);
  const dy2 = reshape(backend, dy, [p, co]);
  if (ci <= co) {
    const xT = transpose(backend, x2, [1, 0]);
    const a = reshape(backend, xT, [1, ci, p]);
    const b = reshape(backend, dy2, [1, p, co]);
    const prod = callWasm(backend, 'BatchMatMul', { a, b }, { transposeA: false, transposeB: false });
    const out = reshape(backend, prod, [1, 1, ci, co]);
    release(backend, xs, x2, dy2, xT, a, b, prod);
    return out;
  }
  const dyT = transpose(backend, dy2, [1, 0]);
  const a = reshape(backend, dyT, [1, co, p]);
  const b = reshape(backend, x2, [1, p, ci]);
  const prod = callWasm(backend, 'BatchMatMul', { a, b }, { transposeA: false, transposeB: false }); // dWᵀ [co, ci]
  const prod2 = reshape(backend, prod, [co, ci]);
  const w2 = transpose(backend, prod2, [1, 0]);
  const out = reshape(backend, w2, [1, 1, ci, co]);
  release(backend, xs, x2, dy2, dyT, a, b, prod, prod2, w2);
  return out;
}

/** General case: transposes around a dilated XNNPACK convolution. */
export function filterGradByConvolution(backend: BackendWasm, x: Info, dy: Info, info: tf.backend_util.Conv2DInfo): Info {
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow, inChannels: ci, batchSize: n } = info;
  const { top, left } = info.padInfo;
  // Rows/columns of x past the last one the forward pass read contribute nothing: crop them so
  // the padding on the far side is never negative.
  const usedH = (oh - 1) * sh + fh - top;
  const usedW = (ow - 1) * sw + fw - left;
  const cropH = Math.min(x.shape[1], usedH);
  const cropW = Math.min(x.shape[2], usedW);
  const xc = cropH === x.shape[1] && cropW === x.shape[2] ? callWasm(backend, 'Identity', { x }) : callWasm(backend, 'Slice', { x }, { begin: [0, 0, 0, 0], size: [n, cropH, cropW, ci] });
  const xT = transpose(backend, xc, [3, 1, 2, 0]);
  const dyT = transpose(backend, dy, [1, 2, 0, 3]);
  const bottom = usedH - cropH;
  const right = usedW - cropW;
  const conv = callWasm(backend, 'Conv2D', { x: xT, filter: dyT }, {
    strides: [1, 1], dilations: [sh, sw], pad: [[0, 0], [top, bottom], [left, right], [0, 0]], dataFormat: 'NHWC', dimRoundingMode: undefined as unknown as string,
  });
  const out = transpose(backend, conv, [1, 2, 0, 3]);
  release(backend, xc, xT, dyT, conv);
  return out;
}
