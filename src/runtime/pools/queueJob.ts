// What travels through the queue, both ways, and the queue settings the search and the workers
// share. A job is a pool request plus everything a worker on another machine needs to evaluate it
// like the search process would: the run's settings and the space file's sources, with their hash.
import type { Job } from 'bullmq';
import type { EvaluationRequest, EvaluationResult } from '../../core/estimate/types';
import type { SearchSettings } from '../../core/run/types';
import type { DeviceProfile } from '../../hardware/deviceProfile';
import type { QueueAddress } from './queueUrl';

/** The space as the worker rebuilds it: every file the space file imports, relative to its folder. */
export interface SpaceSources {
  /** The space file's name (its folder is the base of `files`). */
  fileName: string;
  files: { path: string; content: string }[];
  /** LoadedSpace.hash of the search: the worker refuses to evaluate a space that hashes otherwise. */
  hash: string;
}

/**
 * The settings a worker needs (the search's, with the queue left out), and the profiles of the
 * devices the run names as the search read them: a worker on another machine has none of their
 * files, and `local` is the search's machine, not the worker's.
 */
export type EvaluationSettings = Pick<SearchSettings, 'estimator' | 'estimatorOptions' | 'objectives' | 'constraints' | 'seed'> & { deviceProfiles?: DeviceProfile[] };

export interface EvaluationJob {
  runId: string;
  request: EvaluationRequest;
  settings: EvaluationSettings;
  space: SpaceSources;
}

/** Where a result was produced, kept in the candidate's details as `ranOn`. */
export interface RanOn {
  host: string;
  /** The worker's id (host and process id). */
  worker: string;
  backend: string;
  threads: number;
}

export type JobResult = EvaluationResult & { details: { ranOn: RanOn } & Record<string, unknown> };

export type EvaluationQueueJob = Job<EvaluationJob, JobResult>;

export const JOB_NAME = 'evaluate';

/** The job's id: one per candidate of a run, so re-adding it (a resumed search) finds the existing job. */
export function jobId(runId: string, key: string): string {
  return `${runId}.${key}`.replace(/:/g, '_');
}

/**
 * A worker that throws (a bad job, a missing dataset) gets this many attempts in all, with
 * backoff, before the candidate fails with the worker's message. A worker that dies is a stall,
 * counted by the worker's maxStalledCount instead.
 */
export const JOB_ATTEMPTS = 3;

/** How long finished jobs stay in Redis, so a search resumed within a week adopts them. */
const KEEP_SECONDS = 7 * 24 * 3600;

export const JOB_OPTIONS = {
  attempts: JOB_ATTEMPTS,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: KEEP_SECONDS },
  removeOnFail: { age: KEEP_SECONDS },
} as const;

/**
 * The connection both sides use: commands wait while Redis is away (no per-request retry limit,
 * which BullMQ's workers require anyway) and reconnection backs off from 100 ms to 5 s.
 */
export function connectionOptions(address: QueueAddress) {
  return {
    host: address.host,
    port: address.port,
    username: address.username,
    password: address.password,
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    retryStrategy: (times: number) => Math.min(100 * 2 ** Math.min(times, 6), 5000),
  };
}
