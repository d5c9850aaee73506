/**
 * Our WebAssembly SIMD kernels (native/kernels.c), instantiated against the tfjs wasm module's own
 * memory so they work on tensors in place: no copies in or out, one call per kernel.
 * Pointers are byte offsets into that memory; `ptr` gives a tensor's.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { KERNELS_WASM_BASE64 } from './native/kernelsWasm';
import type { Info } from './wasmKernelCall';

export interface NativeKernels {
  depthwise_filter_grad(x: number, dy: number, dw: number, n: number, h: number, w: number, c: number, oh: number, ow: number, fh: number, fw: number, sh: number, sw: number, pt: number, pl: number): void;
  depthwise_input_grad(dy: number, filter: number, dx: number, n: number, h: number, w: number, c: number, oh: number, ow: number, fh: number, fw: number, sh: number, sw: number, pt: number, pl: number): void;
  depthwise_forward(x: number, filter: number, y: number, n: number, h: number, w: number, c: number, oh: number, ow: number, fh: number, fw: number, sh: number, sw: number, pt: number, pl: number): void;
  sum_rows(x: number, out: number, rows: number, cols: number, scale: number): void;
  clip_grad(x: number, dy: number, out: number, size: number, lo: number, hi: number): void;
  relu_grad(x: number, dy: number, out: number, size: number): void;
  conv_filter_grad(x: number, dy: number, dw: number, n: number, h: number, w: number, ci: number, co: number, oh: number, ow: number, fh: number, fw: number, sh: number, sw: number, pt: number, pl: number): void;
  channel_affine(x: number, a: number, b: number, hasB: number, out: number, rows: number, cols: number): void;
  centered_dot_rows(x: number, shift: number, y: number, out: number, rows: number, cols: number): void;
}

/** The part of the emscripten module we rely on (not in tfjs's public typings). */
interface EmscriptenModuleWithAsm { asm?: { memory?: WebAssembly.Memory } }

const byMemory = new WeakMap<WebAssembly.Memory, NativeKernels>();
let compiled: WebAssembly.Module | undefined;

export function nativeKernels(backend: BackendWasm): NativeKernels {
  const memory = (backend.wasm as unknown as EmscriptenModuleWithAsm).asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) throw new Error('tfjs wasm backend does not expose its WebAssembly memory (tfjs-backend-wasm version changed?)');
  let kernels = byMemory.get(memory);
  if (kernels === undefined) {
    let instance: WebAssembly.Instance;
    try {
      compiled ??= new WebAssembly.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
      instance = new WebAssembly.Instance(compiled, { env: { memory } });
    } catch (e) {
      // E.g. a runtime without WebAssembly SIMD, or tfjs's threaded build (shared memory).
      throw new Error(`cannot load the native training kernels (src/train/wasm/native) against the tfjs wasm memory: ${e instanceof Error ? e.message : String(e)}`);
    }
    kernels = instance.exports as unknown as NativeKernels;
    byMemory.set(memory, kernels);
  }
  return kernels;
}

/** Byte offset of a float32 tensor's data in the wasm memory. */
export function ptr(backend: BackendWasm, info: Info): number {
  if (info.dtype !== 'float32') throw new Error(`expected a float32 tensor, got ${info.dtype} of shape [${info.shape}]`);
  return (backend.typedArrayFromHeap(info) as Float32Array).byteOffset;
}
