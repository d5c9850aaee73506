/**
 * wasm's Identity and same-dtype Cast copy the whole tensor (~700 Identity calls per large-net
 * step: gradient plumbing, clones, our compositions). Tensor data is immutable, so returning the
 * same buffer with its reference count raised (what the cpu backend's Identity and wasm's own
 * Reshape do) is equivalent and free.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { Info } from './wasmKernelCall';

function share(backend: BackendWasm, x: Info): Info {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

export function makeIdentityWasm(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = (args.inputs as { x: Info }).x;
    if (x.dtype === 'string') return original(args);
    return share(args.backend as BackendWasm, x);
  };
}

export function makeCastWasm(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = (args.inputs as { x: Info }).x;
    const { dtype } = args.attrs as unknown as tf.CastAttrs;
    if (x.dtype === 'string' || dtype !== x.dtype) return original(args);
    return share(args.backend as BackendWasm, x);
  };
}
