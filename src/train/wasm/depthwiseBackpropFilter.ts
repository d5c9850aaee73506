/**
 * DepthwiseConv2dNativeBackpropFilter for wasm (absent from @tensorflow/tfjs-backend-wasm 4.22).
 * dW[kh,kw,c,m] = sum over b,oh,ow of x[b, oh*s+kh-pt, ow*s+kw-pl, c] * dy[b,oh,ow,c*M+m].
 * Channel multiplier 1 (what tf.layers builds): one native SIMD kernel. Otherwise composed as one depthwise convolution over C*N "channels" (each (channel, sample) pair its own
 * plane, the gradient plane as its filter, dilated by the stride), then a sum over the batch.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { callWasm, Info, release, reshape, transpose } from './wasmKernelCall';
import { nativeKernels, ptr } from './nativeKernels';

export function depthwiseBackpropFilterWasm(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): Info {
  const backend = args.backend as BackendWasm;
  const { x, dy } = args.inputs as { x: Info; dy: Info };
  const attrs = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, true);
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) throw new Error('DepthwiseConv2dNativeBackpropFilter (wasm): dilations other than 1 are not supported');
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow, inChannels: c, batchSize: n } = info;
  const m = attrs.filterShape[3];
  const { top, left } = info.padInfo;

  if (m === 1) {
    // One SIMD pass (native/kernels.c): ~5x faster than the composition below, whose depthwise
    // "filter" is a whole gradient plane, a size XNNPACK has no fast path for.
    const out = backend.makeOutput([fh, fw, c, 1], 'float32');
    nativeKernels(backend).depthwise_filter_grad(ptr(backend, x), ptr(backend, dy), ptr(backend, out), n, x.shape[1], x.shape[2], c, oh, ow, fh, fw, sh, sw, top, left);
    return out;
  }

  const usedH = (oh - 1) * sh + fh - top;
  const usedW = (ow - 1) * sw + fw - left;
  const cropH = Math.min(x.shape[1], usedH);
  const cropW = Math.min(x.shape[2], usedW);
  const xc = cropH === x.shape[1] && cropW === x.shape[2] ? callWasm(backend, 'Identity', { x }) : callWasm(backend, 'Slice', { x }, { begin: [0, 0, 0, 0], size: [n, cropH, cropW, c] });
  const xT = transpose(backend, xc, [1, 2, 3, 0]); // [H, W, C, N]
  const xP = reshape(backend, xT, [1, cropH, cropW, c * n]);
  const dy5 = reshape(backend, dy, [n, oh, ow, c, m]);
  const dyT = transpose(backend, dy5, [1, 2, 3, 0, 4]); // [OH, OW, C, N, M]
  const filter = reshape(backend, dyT, [oh, ow, c * n, m]);
  const conv = callWasm(backend, 'DepthwiseConv2dNative', { x: xP, filter }, {
    strides: [1, 1], dilations: [sh, sw], pad: [[0, 0], [top, usedH - cropH], [left, usedW - cropW], [0, 0]], dimRoundingMode: undefined as unknown as string,
  }); // [1, fh, fw, C*N*M]
  const conv5 = reshape(backend, conv, [fh, fw, c, n, m]);
  const summed = callWasm(backend, 'Sum', { x: conv5 }, { axis: [3], keepDims: false });
  release(backend, xc, xT, xP, dy5, dyT, filter, conv, conv5);
  return summed;
}
