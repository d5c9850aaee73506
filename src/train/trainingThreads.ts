/**
 * Worker threads that train candidates next to the proxy estimator's own thread, so that the
 * repeats of one candidate (its trainings with other seeds) run at the same time on machines with
 * cores to spare. The wasm backend computes on one thread only (tfjs disables its threaded build
 * under Node), so on 2 cores repeats=2 takes about the time of one training.
 *
 * Each thread loads its own TensorFlow.js and backend (same name as the caller's), converts the
 * dataset to tensors once and then trains one job at a time; a job's model never leaves the
 * thread, only its scores do. Threads are started on first use and kept for the next candidate;
 * a cancelled job terminates its thread (a training cannot be interrupted from outside), and a new
 * one is started when needed. Idle threads do not keep the process alive.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ArchitectureGraph } from '../core/space/types';
import type { BackendName } from './backend';
import type { Dataset } from './data/dataset';
import type { ProxySettings } from './proxySettings';
import { CANCELLED, failedScore, type TrainingScore } from './trainCandidate';

export interface ThreadSetup {
  backend: BackendName;
  train: Dataset;
  validation: Dataset;
}

export interface ThreadJob {
  id: number;
  graph: ArchitectureGraph;
  settings: ProxySettings;
}

export type ThreadReply = { id: number; run: TrainingScore } | { id: number; error: string };

/** Bundled next to the code that starts it: dist/trainingThread.js, or out/src/train/ under test. */
const THREAD_SCRIPT = path.join(__dirname, 'trainingThread.js');

export class TrainingThreads {
  private readonly idle: Worker[] = [];
  private readonly busy = new Set<Worker>();
  private nextId = 0;

  constructor(private readonly setup: ThreadSetup) {}

  /** Trains `graph` once with `settings` on an idle thread (a new one if none is idle). */
  train(graph: ArchitectureGraph, settings: ProxySettings, signal?: AbortSignal): Promise<TrainingScore> {
    if (signal?.aborted) return Promise.resolve(cancelled());
    const worker = this.idle.pop() ?? this.spawn();
    this.busy.add(worker);
    worker.ref();
    const id = this.nextId++;
    return new Promise<TrainingScore>((resolve, reject) => {
      const settle = (done: () => void, keep: boolean) => {
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        signal?.removeEventListener('abort', onAbort);
        this.busy.delete(worker);
        if (keep) {
          worker.unref();
          this.idle.push(worker);
        } else {
          void worker.terminate();
        }
        done();
      };
      const onMessage = (reply: ThreadReply) => {
        if (reply.id !== id) return;
        if ('error' in reply) settle(() => reject(new Error(reply.error)), true);
        else settle(() => resolve(reply.run), true);
      };
      const onError = (e: Error) => settle(() => reject(new Error(`training thread failed: ${e.message}`)), false);
      const onExit = (code: number) => settle(() => reject(new Error(`training thread exited with code ${code}`)), false);
      const onAbort = () => settle(() => resolve(cancelled()), false);
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.postMessage({ id, graph, settings } satisfies ThreadJob);
    });
  }

  private spawn(): Worker {
    const worker = new Worker(THREAD_SCRIPT, { workerData: this.setup });
    // A thread that dies while idle is dropped (and its 'error' is not an unhandled event).
    const forget = () => {
      const i = this.idle.indexOf(worker);
      if (i >= 0) this.idle.splice(i, 1);
    };
    worker.on('error', forget).on('exit', forget);
    return worker;
  }

  async dispose(): Promise<void> {
    const all = [...this.idle, ...this.busy];
    this.idle.length = 0;
    this.busy.clear();
    await Promise.all(all.map((w) => w.terminate()));
  }
}

const cancelled = () => failedScore(CANCELLED);
