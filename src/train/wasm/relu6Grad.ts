/**
 * One-kernel gradient for ClipByValue (how tf.layers computes ReLU6). TensorFlow.js's own
 * gradient runs GreaterEqual, LessEqual, LogicalAnd, ZerosLike and Select, five full passes and
 * five dispatches (~90 ms per step on the small benchmark net); this is one fused pass.
 * The gradient registry is global, so on any backend other than wasm the original gradient runs.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { allocFloat32, f32 } from './heap';
import type { Info } from './wasmKernelCall';

export const CLIP_GRAD_KERNEL = 'NasClipByValueGrad';

export function clipByValueGradWasm(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): Info {
  const backend = args.backend as BackendWasm;
  const { dy, x } = args.inputs as { dy: Info; x: Info };
  const { clipValueMin: lo, clipValueMax: hi } = args.attrs as unknown as tf.ClipByValueAttrs;
  const out = allocFloat32(backend, x.shape);
  const o = f32(backend, out);
  const xv = f32(backend, x);
  const g = f32(backend, dy);
  for (let i = 0; i < o.length; i++) {
    const v = xv[i];
    o[i] = v >= lo && v <= hi ? g[i] : 0;
  }
  return out;
}

export function makeClipByValueGradConfig(original: tf.GradConfig): tf.GradConfig {
  return {
    kernelName: 'ClipByValue',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = saved[0];
      if (tf.getBackend() !== 'wasm' || x.dtype !== 'float32' || Array.isArray(dy)) return original.gradFunc(dy, saved, attrs);
      return { x: () => tf.engine().runKernel(CLIP_GRAD_KERNEL, { dy, x }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor };
    },
  };
}
