// A dilated depthwise convolution that TensorFlow.js 4.22 can differentiate, on any backend.
// tf.depthwiseConv2d computes a dilated forward pass, but its gradient refuses dilations > 1 and
// it refuses a stride and a dilation together (DARTS's reduction cells ask for both), and
// tf.layers.depthwiseConv2d drops its dilationRate (computes the undilated convolution).
// Here: TensorFlow's padding, then spaceToBatchND with block = dilation, an undilated 'valid'
// depthwise convolution, batchToSpaceND. Every op has a gradient in tfjs-core and a kernel in
// tfjs-backend-wasm and tfjs-backend-cpu. One owner for the model builder's layer and the
// zero-cost proxies' forward pass.
import * as tf from '@tensorflow/tfjs';

/**
 * Depthwise convolution of NHWC `x` with `kernel` [kh, kw, channels, 1] at `dilation`, padding
 * 'same' or 'valid' as tf.depthwiseConv2d. With a stride too (which TensorFlow refuses): the
 * stride-1 convolution read at every stride-th pixel from the first, as DARTS defines its strided
 * dilated convolutions (symmetric padding dilation * (kernel - 1) / 2, then the stride).
 */
export function dilatedDepthwiseConv2d(x: tf.Tensor4D, kernel: tf.Tensor4D, stride: number, dilation: number, pad: 'same' | 'valid'): tf.Tensor4D {
  if (dilation === 1) return tf.depthwiseConv2d(x, kernel, stride, pad);
  const info = tf.backend_util.computeConv2DInfo(x.shape, kernel.shape, 1, dilation, pad, undefined, true);
  const { top, bottom, left, right } = info.padInfo;
  const full: [number, number] = [info.outHeight, info.outWidth];
  return tf.tidy(() => {
    const padded = top + bottom + left + right > 0 ? tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]) : x;
    if (stride === 1) return validDilated(padded, kernel, dilation, full);
    // Output o reads padded pixels o * stride + i * dilation: with a dilation that is a multiple of
    // the stride, that is every stride-th pixel convolved at dilation / stride (fewer multiply-adds).
    if (dilation % stride === 0) return validDilated(everyNth(padded, stride), kernel, dilation / stride, [Math.ceil(full[0] / stride), Math.ceil(full[1] / stride)]);
    return everyNth(validDilated(padded, kernel, dilation, full), stride);
  });
}

/** The first `out` rows and columns of the stride-1 'valid' convolution of x at `dilation`. */
function validDilated(x: tf.Tensor4D, kernel: tf.Tensor4D, dilation: number, out: [number, number]): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  if (dilation === 1) return tf.depthwiseConv2d(x, kernel, 1, 'valid').slice([0, 0, 0, 0], [n, out[0], out[1], c]);
  // Batch entry (p, q) holds the pixels at rows p + dilation * i and columns q + dilation * j, so
  // an undilated convolution there is the dilated one at the output pixels of that phase.
  const phases = tf.spaceToBatchND(x, [dilation, dilation], [[0, toMultiple(h, dilation)], [0, toMultiple(w, dilation)]]);
  const conv = tf.depthwiseConv2d(phases as tf.Tensor4D, kernel, 1, 'valid');
  const crop = (size: number, wanted: number): [number, number] => [0, size * dilation - wanted];
  return tf.batchToSpaceND(conv, [dilation, dilation], [crop(conv.shape[1], out[0]), crop(conv.shape[2], out[1])]) as tf.Tensor4D;
}

/** x[:, ::step, ::step, :] (tf.stridedSlice has no gradient): the first phase of spaceToBatchND. */
function everyNth(x: tf.Tensor4D, step: number): tf.Tensor4D {
  const [n, h, w] = x.shape;
  const phases = tf.spaceToBatchND(x, [step, step], [[0, toMultiple(h, step)], [0, toMultiple(w, step)]]) as tf.Tensor4D;
  return phases.slice([0, 0, 0, 0], [n, -1, -1, -1]);
}

/** Padding that takes `size` to a multiple of `block`. */
const toMultiple = (size: number, block: number) => (block - (size % block)) % block;
