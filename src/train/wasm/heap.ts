/**
 * Direct access to the wasm backend's heap for kernels written as JavaScript loops: where a
 * composition would take several full passes over memory (and several dispatches), one fused
 * loop reading and writing the heap in place is faster.
 * Allocate every output before taking views: an allocation may grow (and so detach) the heap.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { Info } from './wasmKernelCall';

export function allocFloat32(backend: BackendWasm, shape: number[]): Info {
  return backend.makeOutput(shape, 'float32');
}

export function f32(backend: BackendWasm, info: Info): Float32Array {
  if (info.dtype !== 'float32') throw new Error(`expected a float32 tensor, got ${info.dtype} of shape [${info.shape}]`);
  return backend.typedArrayFromHeap(info) as Float32Array;
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
