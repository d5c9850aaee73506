// The evaluator pool that puts requests on a BullMQ queue in Redis and takes results back from
// `nas worker` processes on any machine. The search process stays the only one that runs the
// strategy and writes the run folder.
//
// Results are read from the jobs themselves (kept in Redis for a week), not only from events: a
// 'completed' event makes the pool look at that job at once, and a sweep every few seconds looks
// at every job in flight. So an event missed while Redis was away, a job lost with Redis (added
// again), and a job finished while the search was down (adopted when `nas resume` submits it
// again, as the job id is the run's and the candidate's) all end in exactly one outcome per
// submit; the loop drops any id it has recorded already.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Job, QueueEvents, type Queue } from 'bullmq';
import { AsyncQueue } from '../../core/pool/asyncQueue';
import type { EvaluatorPool, PoolOutcome, PoolRequest } from '../../core/pool/evaluatorPool';
import type { EvaluationResult } from '../../core/estimate/types';
import type { SearchSettings } from '../../core/run/types';
import type { DeviceProfile } from '../../hardware/deviceProfile';
import type { LoadedSpace } from '../spaceLoader';
import { ConnectionWatch, openQueue, reachable } from './queueConnection';
import { connectionOptions, jobId, JOB_NAME, JOB_OPTIONS, type EvaluationJob, type EvaluationQueueJob, type EvaluationSettings, type JobResult, type SpaceSources } from './queueJob';
import type { QueueAddress } from './queueUrl';
import { WeightsChannel, WEIGHTS_SENT } from './queueWeights';

const SWEEP_MS = 2000;

export interface QueuePoolOptions {
  queue: Queue;
  address: QueueAddress;
  runId: string;
  /** The run folder, where candidates' scored weights sent by the workers are kept. */
  runDir: string;
  settings: EvaluationSettings;
  space: SpaceSources;
  concurrency: number;
  estimatorName: string;
  log: (level: 'info' | 'warn', message: string) => void;
  /** Released with the pool (the local estimator the search built to learn its metrics). */
  dispose?: () => Promise<void>;
}

export class QueuePool implements EvaluatorPool {
  readonly concurrency: number;
  readonly estimatorName: string;
  /** Submitted and not yet answered: request id -> job id, and back. */
  private readonly inFlight = new Map<string, { jobId: string; request: PoolRequest }>();
  private readonly byJobId = new Map<string, string>();
  private readonly outcomes = new AsyncQueue<PoolOutcome>();
  private readonly watch: ConnectionWatch;
  private events?: QueueEvents;
  private sweeper?: NodeJS.Timeout;
  private sweeping = false;
  private readonly weightsIn: WeightsChannel;
  /** Finished jobs whose weights are being copied into the run folder. */
  private readonly taking = new Set<string>();

  private constructor(private readonly opts: QueuePoolOptions) {
    if (!Number.isInteger(opts.concurrency) || opts.concurrency < 1) throw new RangeError(`parallel: evaluations at once must be a whole number of at least 1, got ${opts.concurrency}`);
    this.concurrency = opts.concurrency;
    this.estimatorName = opts.estimatorName;
    this.watch = new ConnectionWatch(opts.address, opts.log);
    this.weightsIn = new WeightsChannel(opts.address);
    this.watch.watch(opts.queue);
  }

  /** The pool of a run: its jobs carry the run's evaluation settings and the space's sources. */
  static async forRun(address: QueueAddress, run: { runId: string; runDir: string; settings: SearchSettings; loaded: LoadedSpace; estimatorName: string; devices?: DeviceProfile[]; log: QueuePoolOptions['log']; dispose?: () => Promise<void> }): Promise<QueuePool> {
    const { settings, loaded } = run;
    const base = path.dirname(loaded.file);
    const space: SpaceSources = {
      fileName: path.basename(loaded.file),
      files: loaded.inputs.map((file) => ({ path: path.relative(base, file), content: fs.readFileSync(file, 'utf8') })),
      hash: loaded.hash,
    };
    const evaluation: EvaluationSettings = { estimator: settings.estimator, estimatorOptions: settings.estimatorOptions, objectives: settings.objectives, constraints: settings.constraints, seed: settings.seed, ...(run.devices?.length ? { deviceProfiles: run.devices } : {}) };
    const queue = await openQueue(address);
    try {
      return await QueuePool.open({ queue, address, runId: run.runId, runDir: run.runDir, settings: evaluation, space, concurrency: settings.parallel ?? 1, estimatorName: run.estimatorName, log: run.log, dispose: run.dispose });
    } catch (e) {
      await queue.close();
      throw e;
    }
  }

  private static async open(opts: QueuePoolOptions): Promise<QueuePool> {
    const pool = new QueuePool(opts);
    const events = new QueueEvents(opts.address.name, { connection: connectionOptions(opts.address) });
    pool.watch.watch(events);
    await reachable(opts.address, events.waitUntilReady(), () => events.close());
    events.on('completed', ({ jobId }) => pool.look(jobId));
    events.on('failed', ({ jobId }) => pool.look(jobId));
    pool.events = events;
    pool.sweeper = setInterval(() => void pool.sweep(), SWEEP_MS);
    return pool;
  }

  submit(request: PoolRequest): void {
    if (this.inFlight.has(request.id)) return;
    const id = jobId(this.opts.runId, request.id);
    this.inFlight.set(request.id, { jobId: id, request });
    this.byJobId.set(id, request.id);
    void this.enqueue(request.id).catch((err: Error) => this.watch.lost(err));
  }

  next(): Promise<PoolOutcome> {
    return this.outcomes.take();
  }

  /**
   * Stops waiting: the outcome is 'cancelled' at once. A job not yet taken is removed; one being
   * evaluated runs on, and its result is adopted if the run is resumed.
   */
  cancel(id: string): void {
    const entry = this.inFlight.get(id);
    if (!entry) return;
    this.answer(id, { cancelled: true });
    void this.opts.queue.remove(entry.jobId).catch(() => {});
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await this.events?.close();
    await this.opts.queue.close();
    this.weightsIn.close();
    await this.opts.dispose?.();
  }

  /** Adds the job (nothing happens if it exists: BullMQ keeps the first), then looks at it. */
  private async enqueue(id: string): Promise<void> {
    const entry = this.inFlight.get(id);
    if (!entry) return;
    const { id: _, ...request } = entry.request;
    const data: EvaluationJob = { runId: this.opts.runId, request, settings: this.opts.settings, space: this.opts.space };
    await this.opts.queue.add(JOB_NAME, data, { ...JOB_OPTIONS, jobId: entry.jobId });
    this.watch.ok();
    await this.check(id);
  }

  private look(jobId: string): void {
    const id = this.byJobId.get(jobId);
    if (id !== undefined) void this.check(id).catch((err: Error) => this.watch.lost(err));
  }

  /** Every job in flight, one sweep at a time: finished ones answered, missing ones (Redis lost them) added again. */
  private async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      for (const id of [...this.inFlight.keys()]) await this.check(id);
      this.watch.ok();
    } catch (err) {
      this.watch.lost(err as Error);
    } finally {
      this.sweeping = false;
    }
  }

  private async check(id: string): Promise<void> {
    const entry = this.inFlight.get(id);
    if (!entry) return;
    // The state first, then the job: a job read before it finished has no result yet.
    const state = await this.opts.queue.getJobState(entry.jobId);
    if (state === 'unknown') return this.enqueue(id);
    if (state !== 'completed' && state !== 'failed') return;
    const job = (await Job.fromId(this.opts.queue, entry.jobId)) as EvaluationQueueJob | undefined;
    if (!job) return;
    if (state === 'failed') this.answer(id, { result: failedResult(job) });
    else if (job.returnvalue && !this.taking.has(id)) {
      // A 'completed' event and a sweep may both get here: one of them takes the weights.
      this.taking.add(id);
      try {
        this.answer(id, { result: await this.withWeights(entry.jobId, entry.request.key, job.returnvalue) });
      } finally {
        this.taking.delete(id);
      }
    }
  }

  /** Takes the weights a worker sent with the result into the run folder; the result says when they did not arrive. */
  private async withWeights(jobId: string, key: string, result: JobResult): Promise<JobResult> {
    if (!result.details[WEIGHTS_SENT]) return result;
    const { [WEIGHTS_SENT]: _, ...details } = result.details;
    try {
      await this.weightsIn.receive(jobId, this.opts.runDir, key);
      return { ...result, details: { ...details, ranOn: result.details.ranOn } };
    } catch (err) {
      return { ...result, details: { ...details, ranOn: result.details.ranOn, weightsNotKept: `the trained weights from ${result.details.ranOn.worker} did not arrive: ${(err as Error).message}` } };
    }
  }

  /** The one outcome of a submit; later answers for the id are dropped here. */
  private answer(id: string, outcome: { result: JobResult | EvaluationResult } | { cancelled: true }): void {
    const entry = this.inFlight.get(id);
    if (!entry) return;
    this.inFlight.delete(id);
    this.byJobId.delete(entry.jobId);
    this.outcomes.push({ id, ...outcome });
  }
}

/** A job BullMQ gave up on: its worker kept dying (stalled too often) or kept throwing. */
function failedResult(job: EvaluationQueueJob): EvaluationResult {
  const reason = job.failedReason || 'unknown reason';
  const error = /stalled/i.test(reason)
    ? `the evaluation stopped its worker ${job.stalledCounter ?? 'several'} time(s) (${reason})`
    : `the workers could not evaluate it after ${job.attemptsMade} attempt(s): ${reason}`;
  return { status: 'failed', metrics: {}, error };
}
