/**
 * Chooses the TensorFlow.js engine that trains candidates, best first:
 *   1. `tensorflow` from `@tensorflow/tfjs-node` (optional dependency, native libtensorflow);
 *   2. `wasm` from `@tensorflow/tfjs-backend-wasm`, made able to train by our extra kernels
 *      (see ./wasm/registerTrainingKernels.ts);
 *   3. `cpu`, pure JavaScript (correct, but training is very slow).
 *
 * API:
 *   await selectBackend()                  -> BackendReport (the engine now active, and why not better ones)
 *   await selectBackend({ force: 'cpu' })  -> that engine or an Error saying why it cannot be used
 *
 * TensorFlow.js backends are process-global: call selectBackend once per process (the worker),
 * before building models. Calling it again re-activates the requested engine.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { registerWasmTrainingKernels } from './wasm/registerTrainingKernels';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** `name` (e.g. tf.getBackend()) as one of ours, or an error naming it. */
export function asBackendName(name: string): BackendName {
  if (name === 'tensorflow' || name === 'wasm' || name === 'cpu') return name;
  throw new Error(`TensorFlow.js backend '${name}' is not one NAS Workbench trains on (tensorflow, wasm or cpu)`);
}

export interface BackendReport {
  /** The name TensorFlow.js gives the active backend. */
  backend: BackendName;
  /** Why each better engine is not in use (absent when it is the one in use or was not tried). */
  reasons: { tensorflow?: string; wasm?: string };
  /** process.version of the Node running TensorFlow.js. */
  node: string;
  /** Threads the engine computes with (wasm under Node is single-threaded). */
  threads: number;
  tfjsVersion: string;
}

export interface SelectBackendOptions {
  /** Use exactly this engine; fails with the reason when it cannot be loaded. */
  force?: BackendName;
}

export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendReport> {
  const order: BackendName[] = options.force ? [options.force] : ['tensorflow', 'wasm', 'cpu'];
  const reasons: BackendReport['reasons'] = {};
  for (const name of order) {
    const failure = await tryActivate(name);
    if (failure === undefined) {
      return { backend: name, reasons, node: process.version, threads: threadsOf(name), tfjsVersion: tf.version.tfjs };
    }
    if (options.force) throw new Error(`backend '${name}' cannot be used: ${failure}`);
    if (name !== 'cpu') reasons[name] = failure;
  }
  throw new Error(`no TensorFlow.js backend could be activated: ${JSON.stringify(reasons)}`);
}

/** Returns undefined on success, else a one-line reason. */
async function tryActivate(name: BackendName): Promise<string | undefined> {
  try {
    if (name === 'tensorflow') loadTfjsNode();
    if (name === 'wasm') loadWasm();
    if (!(await tf.setBackend(name))) return `tf.setBackend('${name}') returned false`;
    await tf.ready();
    if (name === 'wasm') registerWasmTrainingKernels();
    return undefined;
  } catch (e) {
    return firstLine(e);
  }
}

function loadTfjsNode(): void {
  // A plain require keeps it optional: bundlers leave it external and a missing or broken
  // native addon surfaces here as an exception we turn into a reason.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@tensorflow/tfjs-node');
}

let wasmPathsSet = false;

function loadWasm(): void {
  // Importing registers the 'wasm' backend factory with the global engine.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
  if (wasmPathsSet) return;
  // The .wasm binaries sit next to the package's main file; resolving it (rather than relying on
  // the caller's directory) keeps this working from a bundle in dist/.
  const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  wasm.setWasmPaths(dir + path.sep);
  wasmPathsSet = true;
}

function threadsOf(name: BackendName): number {
  if (name === 'wasm') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
    return wasm.getThreadsCount();
  }
  if (name === 'tensorflow') {
    const fromEnv = Number(process.env.TF_NUM_INTRAOP_THREADS);
    return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : os.availableParallelism();
  }
  return 1;
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : typeof e === 'object' && e !== null && 'message' in e ? String((e as { message: unknown }).message) : String(e);
  return text.split('\n')[0].trim();
}
