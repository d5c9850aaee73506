/**
 * What our gradient replacements share. The gradient registry is global: a replacement serves
 * float32 tensors on the wasm backend and leaves everything else to TensorFlow.js's own
 * gradient, which it is handed when registered.
 */
import * as tf from '@tensorflow/tfjs';

/** TensorFlow.js's gradient for `kernelName`, the fallback of our replacement. */
export function originalGradient(kernelName: string): tf.GradConfig {
  const original = tf.getGradient(kernelName);
  if (original === undefined) throw new Error(`tfjs has no gradient for '${kernelName}' to replace`);
  return original;
}

/** Whether our kernels apply: the wasm backend, one float32 upstream gradient, a float32 input. */
export function onWasmFloat32(dy: tf.Tensor | tf.Tensor[], x: tf.Tensor): dy is tf.Tensor {
  return tf.getBackend() === 'wasm' && !Array.isArray(dy) && dy.dtype === 'float32' && x.dtype === 'float32';
}

/**
 * A gradient of the one-input op `kernelName` that computes dx with `grad` on float32 tensors of
 * the wasm backend and hands everything else to TensorFlow.js's own gradient.
 */
export function singleInputGradConfig(kernelName: string, grad: (dy: tf.Tensor, x: tf.Tensor, attrs: tf.NamedAttrMap) => tf.Tensor): tf.GradConfig {
  const original = originalGradient(kernelName);
  return {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = saved[0];
      if (!onWasmFloat32(dy, x)) return original.gradFunc(dy, saved, attrs);
      return { x: () => grad(dy, x, attrs) };
    },
  };
}

/** The gradient of an elementwise op of one input `x`, computed by our one-pass kernel `gradKernel` from (dy, x) and the op's attributes. */
export function elementwiseGradConfig(kernelName: string, gradKernel: string): tf.GradConfig {
  return singleInputGradConfig(kernelName, (dy, x, attrs) => tf.engine().runKernel(gradKernel, { dy, x }, attrs) as tf.Tensor);
}
