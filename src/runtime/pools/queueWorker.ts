// `nas worker`'s loop: a BullMQ worker that takes evaluation jobs and answers each with its result
// (WorkerEvaluator). Its lock on a job is renewed every half lock while it evaluates, so a
// minutes-long evaluation keeps its job; when the worker dies the renewals stop, and another
// worker's stall check (every stalledInterval) puts the job back in the queue within
// lockDuration + stalledInterval. A job that stalls more than maxStalledCount times (it keeps
// killing its workers) is failed with that reason, and the search records the candidate as failed.
import { Worker } from 'bullmq';
import { ConnectionWatch, openQueue, reachable } from './queueConnection';
import { connectionOptions, type EvaluationJob, type EvaluationQueueJob, type JobResult } from './queueJob';
import { WeightsChannel, WEIGHTS_SENT } from './queueWeights';
import type { QueueAddress } from './queueUrl';
import { WorkerEvaluator } from './workerEvaluator';

export interface QueueWorkerOptions {
  /** Evaluations at once in this worker. */
  concurrency: number;
  /** How long a job stays locked without a renewal (the worker renews every half). */
  lockMs: number;
  /** Stalls (worker deaths) a job survives before it is failed. */
  maxStalls: number;
  dataDir?: string;
  log: (level: 'info' | 'warn', message: string) => void;
  /** Each finished job, for the worker's own output. */
  onDone?: (job: EvaluationJob, result: JobResult, ms: number) => void;
}

export interface RunningWorker {
  id: string;
  /** Stops taking jobs, lets the running ones finish, disconnects. */
  close(): Promise<void>;
}

export async function startQueueWorker(address: QueueAddress, opts: QueueWorkerOptions): Promise<RunningWorker> {
  const evaluator = new WorkerEvaluator({ dataDir: opts.dataDir, log: (m) => opts.log('info', m) });
  const hooks = testHooks();
  const weightsOut = new WeightsChannel(address);
  const worker = new Worker<EvaluationJob, JobResult>(
    address.name,
    async (job: EvaluationQueueJob, _token, signal) => {
      const started = Date.now();
      if (hooks.crashKey !== undefined && job.data.request?.key === hooks.crashKey) process.kill(process.pid, 'SIGKILL');
      const delayMs = hooks.delayMs();
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      const { result, weights } = await evaluator.evaluate(job.data, signal);
      if (weights && job.id) {
        try {
          await weightsOut.send(job.id, weights);
          result.details[WEIGHTS_SENT] = true;
        } catch (err) {
          // The candidate's result stands without them; its export then trains or says so.
          result.details.weightsNotKept = `the trained weights could not be sent to the search: ${(err as Error).message}`;
        }
      }
      opts.onDone?.(job.data, result, Date.now() - started);
      return result;
    },
    {
      connection: connectionOptions(address),
      concurrency: opts.concurrency,
      lockDuration: opts.lockMs,
      stalledInterval: Math.round(Math.min(5000, Math.max(500, opts.lockMs / 2))),
      maxStalledCount: opts.maxStalls,
      name: evaluator.workerId,
      autorun: false,
    },
  );
  const watch = new ConnectionWatch(address, opts.log);
  watch.watch(worker);
  worker.on('ready', () => watch.ok());
  worker.on('completed', () => watch.ok());
  await reachable(address, worker.waitUntilReady(), () => worker.close(true));
  void worker.run().catch((err: Error) => opts.log('warn', `worker stopped: ${err.message}`));
  return {
    id: evaluator.workerId,
    async close() {
      await worker.close();
      await evaluator.close();
      weightsOut.close();
    },
  };
}

/**
 * For the tests of at-least-once delivery only (no effect unless set): NAS_WORKER_TEST_DELAY_MS
 * pads every evaluation with a sleep (a simulated training): `300` for 300 ms, `500-1000` for a
 * uniform draw in that range per job (the chaos test's and bench:scale-out's trainings of varied
 * length); NAS_WORKER_TEST_CRASH_KEY makes the worker kill itself when it takes that candidate (a
 * candidate that keeps killing its worker).
 */
function testHooks(): { delayMs: () => number; crashKey?: string } {
  const [low, high] = (process.env.NAS_WORKER_TEST_DELAY_MS ?? '0').split('-').map(Number);
  const lo = Number.isFinite(low) ? low : 0;
  const hi = high !== undefined && Number.isFinite(high) && high > lo ? high : lo;
  return { delayMs: () => lo + Math.random() * (hi - lo), crashKey: process.env.NAS_WORKER_TEST_CRASH_KEY || undefined };
}

export interface LiveWorker {
  id: string;
  /** Seconds since it connected. */
  ageSec: number;
  /** Candidates it is evaluating: run id and key. */
  evaluating: { runId: string; key: string }[];
}

/** The workers connected to the queue now, and what each evaluates (`nas workers`). */
export async function liveWorkers(address: QueueAddress): Promise<LiveWorker[]> {
  const queue = await openQueue(address);
  try {
    const [clients, active] = await Promise.all([queue.getWorkers(), queue.getActive()]);
    return clients
      .map((c) => ({ c, id: workerName(c.rawname) ?? c.name }))
      .map(({ c, id }) => ({
        id,
        ageSec: Number(c.age),
        evaluating: (active as EvaluationQueueJob[]).filter((j) => j.processedBy === id).map((j) => ({ runId: j.data.runId, key: j.data.request.key })),
      }))
      .sort((a, b) => a.id.localeCompare(b.id));
  } finally {
    await queue.close();
  }
}

/** A worker's connection is named `bull:<queue, base64>:w:<worker name>`. */
function workerName(rawname: string | undefined): string | undefined {
  const at = rawname?.indexOf(':w:') ?? -1;
  return at >= 0 ? rawname!.slice(at + 3) : undefined;
}
