/**
 * Makes the wasm backend able to train: registers the gradient kernels it lacks and replaces
 * the kernels and gradients that profiling showed to be bottlenecks
 * (bench/train-throughput/profile.ts). Most are our own WebAssembly SIMD kernels (native/kernels.c,
 * rebuilt with `npm run build:wasm-kernels`) working in place on the tfjs wasm memory.
 * Idempotent; call after the wasm backend is initialised (selectBackend does).
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { CENTERED_DOT_KERNEL, CHANNEL_SCALE_KERNEL, centeredDotRowsWasm, channelScaleWasm, makeFusedBatchNormGradConfig, makeFusedBatchNormWasm } from './batchNorm';
import { conv2dBackpropFilterWasm } from './conv2dBackpropFilter';
import { makeConv2dBackpropInputWasm } from './conv2dBackpropInput';
import { depthwiseBackpropFilterWasm } from './depthwiseBackpropFilter';
import { depthwiseBackpropInputWasm } from './depthwiseBackpropInput';
import { makeDepthwiseForwardWasm } from './depthwiseForward';
import { CLIP_GRAD_KERNEL, clipByValueGradWasm } from './relu6Grad';
import { nativeKernels } from './nativeKernels';
import { makeCastWasm, makeIdentityWasm } from './noCopy';
import { makeReduceGradConfigs } from './reduceGrads';
import { makeReduceLeadingWasm } from './reduceLeading';
import { RELU_GRAD_KERNEL, reluGradWasm } from './reluGrad';
import { elementwiseGradConfig } from './gradients';
import { makeTileWasm } from './tile';

/** Kernels we add (absent in tfjs-backend-wasm 4.22). */
const missing: Array<[string, tf.KernelFunc]> = [
  ['Conv2DBackpropFilter', conv2dBackpropFilterWasm as tf.KernelFunc],
  ['DepthwiseConv2dNativeBackpropFilter', depthwiseBackpropFilterWasm as tf.KernelFunc],
  ['DepthwiseConv2dNativeBackpropInput', depthwiseBackpropInputWasm as tf.KernelFunc],
  [CLIP_GRAD_KERNEL, clipByValueGradWasm as tf.KernelFunc],
  [CHANNEL_SCALE_KERNEL, channelScaleWasm as tf.KernelFunc],
  [CENTERED_DOT_KERNEL, centeredDotRowsWasm as tf.KernelFunc],
  [RELU_GRAD_KERNEL, reluGradWasm as tf.KernelFunc],
];

/** Kernels wasm has but slowly: our version, given the original to fall back on for other shapes. */
const replaced: Array<[string, (original: tf.KernelFunc) => tf.KernelFunc]> = [
  ['Tile', makeTileWasm],
  ['Conv2DBackpropInput', makeConv2dBackpropInputWasm],
  ['Sum', makeReduceLeadingWasm('sum')],
  ['Mean', makeReduceLeadingWasm('mean')],
  ['Identity', makeIdentityWasm],
  ['Cast', makeCastWasm],
  ['FusedBatchNorm', makeFusedBatchNormWasm],
  ['DepthwiseConv2dNative', makeDepthwiseForwardWasm],
];
// Tried and dropped earlier: a one-pass JavaScript per-channel Sum/Mean (slower than wasm's inside
// a training step); the native SIMD version (reduceLeading.ts) is what replaced it.

let registered = false;

export function registerWasmTrainingKernels(): void {
  if (registered) return;
  // Load the native kernels now, so a runtime that cannot run them fails backend selection (which
  // then falls back, with this reason) rather than the first training step.
  const wasmBackend = tf.findBackend('wasm');
  if (wasmBackend === null) throw new Error('registerWasmTrainingKernels: the wasm backend is not initialised');
  nativeKernels(wasmBackend as BackendWasm);
  for (const [kernelName, kernelFunc] of missing) {
    if (tf.getKernel(kernelName, 'wasm') === undefined) tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
  }
  for (const [kernelName, make] of replaced) {
    const original = tf.getKernel(kernelName, 'wasm');
    if (original === undefined) throw new Error(`wasm backend has no '${kernelName}' kernel to replace (tfjs-backend-wasm version changed?)`);
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: make(original.kernelFunc) });
  }
  const gradients = [
    elementwiseGradConfig('ClipByValue', CLIP_GRAD_KERNEL),
    elementwiseGradConfig('Relu', RELU_GRAD_KERNEL),
    ...makeReduceGradConfigs(),
    makeFusedBatchNormGradConfig(),
  ];
  for (const config of gradients) silently(() => tf.registerGradient(config));
  registered = true;
}

/** registerGradient warns when it overrides; the override is intended here. */
function silently(f: () => void): void {
  const warn = console.warn;
  console.warn = () => undefined;
  try { f(); } finally { console.warn = warn; }
}
