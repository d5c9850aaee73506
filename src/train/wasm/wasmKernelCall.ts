/**
 * Calls kernels already registered for the wasm backend directly, bypassing the engine:
 * no tape, no tensor tracking, no per-call scope bookkeeping. Our composed kernels use this so a
 * composite costs only the underlying wasm calls. The price: every intermediate must be released
 * with `release` (the engine does not know about them, so `tf.memory()` would not show a leak;
 * `backend.numDataIds()` does, and the tests check it).
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export type Info = tf.TensorInfo;
export type Attrs = tf.NamedAttrMap;

export function callWasm(backend: BackendWasm, kernelName: string, inputs: Record<string, Info>, attrs: Attrs = {}): Info {
  const kernel = tf.getKernel(kernelName, 'wasm');
  if (kernel === undefined) throw new Error(`wasm kernel '${kernelName}' is not registered`);
  const out = kernel.kernelFunc({ inputs, backend, attrs });
  if (Array.isArray(out)) throw new Error(`wasm kernel '${kernelName}' returned several outputs; callWasm expects one`);
  return out;
}

export function release(backend: BackendWasm, ...infos: Info[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

export function reshape(backend: BackendWasm, x: Info, shape: number[]): Info {
  return callWasm(backend, 'Reshape', { x }, { shape });
}

export function transpose(backend: BackendWasm, x: Info, perm: number[]): Info {
  return callWasm(backend, 'Transpose', { x }, { perm });
}

/** Inserts (stride - 1) zeros between rows and columns of an NHWC tensor: the adjoint of a strided read. */
export function dilateSpatial(backend: BackendWasm, x: Info, strideH: number, strideW: number): Info {
  if (strideH === 1 && strideW === 1) return callWasm(backend, 'Identity', { x });
  const [n, h, w, c] = x.shape;
  const six = reshape(backend, x, [n, h, 1, w, 1, c]);
  const padded = callWasm(backend, 'PadV2', { x: six }, { paddings: [[0, 0], [0, 0], [0, strideH - 1], [0, 0], [0, strideW - 1], [0, 0]], constantValue: 0 });
  const spread = reshape(backend, padded, [n, h * strideH, w * strideW, c]);
  const out = callWasm(backend, 'Slice', { x: spread }, { begin: [0, 0, 0, 0], size: [n, (h - 1) * strideH + 1, (w - 1) * strideW + 1, c] });
  release(backend, six, padded, spread);
  return out;
}
