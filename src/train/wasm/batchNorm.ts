/**
 * Batch normalisation on wasm in single passes (native channel_affine / centered_dot_rows):
 * - FusedBatchNorm (forward): wasm's kernel took ~5-10 ms per 64x14x14x64 tensor; the map is
 *   x * a[c] + b[c] with a = scale / sqrt(var + eps), b = offset - mean * a computed per channel.
 * - its gradient: TensorFlow.js's runs ~12 full-size passes (x - mean and dy * scale eagerly even
 *   when unused, a Tile, multiplies, sums); here dx is one pass, and the mean/variance/scale/offset
 *   gradients need only the per-channel sums of dy and of (x - mean) * dy (one pass each).
 * Only per-channel parameters (size C = last dimension of x, as tf.layers uses) take the fast
 * path; anything else goes to the original kernel or gradient. The gradient registry is global:
 * on other backends the original gradient runs.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { nativeKernels, ptr } from './nativeKernels';
import { onWasmFloat32, originalGradient } from './gradients';
import type { Info } from './wasmKernelCall';

export const CHANNEL_SCALE_KERNEL = 'NasChannelScale';
export const CENTERED_DOT_KERNEL = 'NasCenteredDotRows';

function perChannel(p: Info | undefined, channels: number): boolean {
  return p === undefined || (p.dtype === 'float32' && tf.util.sizeFromShape(p.shape) === channels && p.shape[p.shape.length - 1] === channels);
}

export function makeFusedBatchNormWasm(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const backend = args.backend as BackendWasm;
    const { x, mean, variance, offset, scale } = args.inputs as { x: Info; mean: Info; variance: Info; offset?: Info; scale?: Info };
    const { varianceEpsilon } = args.attrs as unknown as tf.FusedBatchNormAttrs;
    const c = x.shape[x.shape.length - 1];
    if (x.dtype !== 'float32' || x.shape.length === 0 || c === 0 || ![mean, variance, offset, scale].every((p) => perChannel(p, c))) return original(args);
    const ab = backend.makeOutput([2 * c], 'float32');
    const abv = backend.typedArrayFromHeap(ab) as Float32Array;
    const m = backend.typedArrayFromHeap(mean) as Float32Array;
    const v = backend.typedArrayFromHeap(variance) as Float32Array;
    const s = scale && (backend.typedArrayFromHeap(scale) as Float32Array);
    const o = offset && (backend.typedArrayFromHeap(offset) as Float32Array);
    for (let j = 0; j < c; j++) {
      const a = (s ? s[j] : 1) / Math.sqrt(v[j] + varianceEpsilon);
      abv[j] = a;
      abv[c + j] = (o ? o[j] : 0) - m[j] * a;
    }
    const out = backend.makeOutput(x.shape, 'float32');
    const abPtr = ptr(backend, ab);
    nativeKernels(backend).channel_affine(ptr(backend, x), abPtr, abPtr + 4 * c, 1, ptr(backend, out), tf.util.sizeFromShape(x.shape) / c, c);
    backend.disposeData(ab.dataId);
    return out;
  };
}

/** x * scale[c] over the last axis; inputs x and scale ([C]). */
export function channelScaleWasm(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend }): Info {
  const backend = args.backend as BackendWasm;
  const { x, scale } = args.inputs as { x: Info; scale: Info };
  const c = x.shape[x.shape.length - 1];
  const out = backend.makeOutput(x.shape, 'float32');
  const sp = ptr(backend, scale);
  nativeKernels(backend).channel_affine(ptr(backend, x), sp, sp, 0, ptr(backend, out), tf.util.sizeFromShape(x.shape) / c, c);
  return out;
}

/** Per channel (last axis) sum of (x - shift[c]) * y; inputs x, shift ([C]), y (shape of x). */
export function centeredDotRowsWasm(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend }): Info {
  const backend = args.backend as BackendWasm;
  const { x, shift, y } = args.inputs as { x: Info; shift: Info; y: Info };
  const c = x.shape[x.shape.length - 1];
  const out = backend.makeOutput([c], 'float32');
  nativeKernels(backend).centered_dot_rows(ptr(backend, x), ptr(backend, shift), ptr(backend, y), ptr(backend, out), tf.util.sizeFromShape(x.shape) / c, c);
  return out;
}

export function makeFusedBatchNormGradConfig(): tf.GradConfig {
  const original = originalGradient('FusedBatchNorm');
  return {
    kernelName: 'FusedBatchNorm',
    inputsToSave: ['x', 'mean', 'variance', 'scale'],
    gradFunc: (dy, saved, attrs) => {
      const [x, mean, variance, scale] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor | undefined];
      const c = x.shape[x.shape.length - 1];
      const fast = onWasmFloat32(dy, x) && mean.rank === 1
        && [mean, variance, scale].every((p) => p === undefined || (p.dtype === 'float32' && p.size === c && p.rank === 1));
      if (!fast) return original.gradFunc(dy, saved, attrs);
      const { varianceEpsilon } = attrs as unknown as tf.FusedBatchNormAttrs;
      const scaled = (t: tf.Tensor): tf.Tensor => (scale ? tf.mul(t, scale) : t);
      // Computed once for all five gradients (each full-size pass used to run twice). They are
      // made in the backward pass's scope, which outlives the closures below.
      const rstd = tf.rsqrt(tf.add(variance, varianceEpsilon));
      const scaledRstd = scaled(rstd);
      const sumDy = tf.sum(tf.reshape(dy, [-1, c]), 0);
      const centeredDot = tf.engine().runKernel(CENTERED_DOT_KERNEL, { x, shift: mean, y: dy }) as tf.Tensor;
      return {
        x: () => tf.reshape(tf.engine().runKernel(CHANNEL_SCALE_KERNEL, { x: dy, scale: scaledRstd }) as tf.Tensor, x.shape),
        mean: () => tf.neg(tf.mul(scaledRstd, sumDy)),
        variance: () => tf.mul(tf.mul(scaled(tf.pow(rstd, 3)), -0.5), centeredDot),
        scale: () => tf.mul(rstd, centeredDot),
        // A copy (free: Identity shares the buffer): the returned gradient is disposed on its own.
        offset: () => tf.clone(sumDy),
      };
    },
  };
}
