/**
 * DepthwiseConv2dNativeBackpropInput for wasm (absent from @tensorflow/tfjs-backend-wasm 4.22).
 * Channel multiplier 1 (what tf.layers builds): one native SIMD kernel. Otherwise:
 * dx is a depthwise convolution of the stride-dilated gradient with the spatially flipped filter;
 * with a channel multiplier M, each of the C*M gradient planes is convolved with its own filter
 * plane and the M results of a channel are summed.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { callWasm, dilateSpatial, Info, release, reshape } from './wasmKernelCall';
import { nativeKernels, ptr } from './nativeKernels';

export function depthwiseBackpropInputWasm(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): Info {
  const backend = args.backend as BackendWasm;
  const { dy, filter } = args.inputs as { dy: Info; filter: Info };
  const attrs = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
  const info = tf.backend_util.computeConv2DInfo(attrs.inputShape, filter.shape as [number, number, number, number], attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, true);
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) throw new Error('DepthwiseConv2dNativeBackpropInput (wasm): dilations other than 1 are not supported');
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow, inChannels: c, batchSize: n, inHeight: h, inWidth: w } = info;
  const m = filter.shape[3];
  const { top, left } = info.padInfo;

  if (m === 1) {
    // One SIMD gather pass (native/kernels.c) instead of dilate + flip + convolve (+ copies).
    const out = backend.makeOutput([n, h, w, c], 'float32');
    nativeKernels(backend).depthwise_input_grad(ptr(backend, dy), ptr(backend, filter), ptr(backend, out), n, h, w, c, oh, ow, fh, fw, sh, sw, top, left);
    return out;
  }

  const dyD = dilateSpatial(backend, dy, sh, sw);
  const flipped = callWasm(backend, 'Reverse', { x: filter }, { dims: [0, 1] });
  const flat = reshape(backend, flipped, [fh, fw, c * m, 1]);
  const hd = (oh - 1) * sh + 1;
  const wd = (ow - 1) * sw + 1;
  const padTop = fh - 1 - top;
  const padLeft = fw - 1 - left;
  const conv = callWasm(backend, 'DepthwiseConv2dNative', { x: dyD, filter: flat }, {
    strides: [1, 1], dilations: [1, 1], pad: [[0, 0], [padTop, h + fh - 1 - hd - padTop], [padLeft, w + fw - 1 - wd - padLeft], [0, 0]], dimRoundingMode: undefined as unknown as string,
  }); // [N, H, W, C*M]
  let out: Info;
  if (m === 1) {
    out = conv;
  } else {
    const conv5 = reshape(backend, conv, [n, h, w, c, m]);
    out = callWasm(backend, 'Sum', { x: conv5 }, { axis: [4], keepDims: false });
    release(backend, conv5, conv);
  }
  release(backend, dyD, flipped, flat);
  return out;
}
