/**
 * One-pass gradient for Relu (tf.layers' ReLU(maxValue 6) is Relu then ClipByValue): TensorFlow.js
 * computes dy * cast(step(x)), a Step, a Cast and a Multiply (three dispatches, two full passes);
 * this is one native SIMD pass. It differs only for NaN inputs (0 here, NaN in TensorFlow.js), where
 * training has diverged anyway. The gradient registry is global: on other backends the original runs.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { nativeKernels, ptr } from './nativeKernels';
import type { Info } from './wasmKernelCall';

export const RELU_GRAD_KERNEL = 'NasReluGrad';

export function reluGradWasm(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend }): Info {
  const backend = args.backend as BackendWasm;
  const { dy, x } = args.inputs as { dy: Info; x: Info };
  const out = backend.makeOutput(x.shape, 'float32');
  nativeKernels(backend).relu_grad(ptr(backend, x), ptr(backend, dy), ptr(backend, out), tf.util.sizeFromShape(x.shape));
  return out;
}
