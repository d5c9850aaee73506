/**
 * One-kernel gradient for ClipByValue (how tf.layers computes ReLU6). TensorFlow.js's own
 * gradient runs GreaterEqual, LessEqual, LogicalAnd, ZerosLike and Select, five full passes and
 * five dispatches (~90 ms per step on the small benchmark net); this is one fused SIMD pass
 * (native clip_grad; the JavaScript loop it replaced took ~16 ms per 64x14x14x64 tensor).
 * The gradient registry is global, so on any backend other than wasm the original gradient runs.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { nativeKernels, ptr } from './nativeKernels';
import type { Info } from './wasmKernelCall';

export const CLIP_GRAD_KERNEL = 'NasClipByValueGrad';

export function clipByValueGradWasm(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): Info {
  const backend = args.backend as BackendWasm;
  const { dy, x } = args.inputs as { dy: Info; x: Info };
  const { clipValueMin: lo, clipValueMax: hi } = args.attrs as unknown as tf.ClipByValueAttrs;
  const out = backend.makeOutput(x.shape, 'float32');
  nativeKernels(backend).clip_grad(ptr(backend, x), ptr(backend, dy), ptr(backend, out), tf.util.sizeFromShape(x.shape), lo, hi);
  return out;
}
