// The weights a proxy candidate was scored with, carried from a `nas worker` (possibly on another
// machine, with no run folder) to the search's run folder, so `nas export` and the editor's Export
// Candidate can write the scored model of a queue-evaluated candidate too. The worker keeps them
// in a scratch folder, puts its files in one Redis hash beside the job and flags the result; the
// search copies them into the run folder before it records the candidate, then deletes the hash.
// They travel beside the job, not in its return value, because BullMQ keeps finished jobs for a
// week (to adopt them on resume) and a few MB of weights per job would stay in Redis that long.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Redis } from 'ioredis';
import { replaceScoredWeights } from '../../core/run/runFolder';
import { connectionOptions } from './queueJob';
import type { QueueAddress } from './queueUrl';

/** Set in a job result's details when the worker put the candidate's scored weights in Redis. */
export const WEIGHTS_SENT = 'weightsSent';

/** How long weights wait in Redis for the search to take them (a search resumed later adopts the job and its weights). */
const WEIGHTS_TTL_SECONDS = 7 * 24 * 3600;

/**
 * The weights' side channel of one queue, for either side. Its own Redis connection, opened on
 * first use (a table search never opens one), with the queue's connection settings.
 */
export class WeightsChannel {
  private redis?: Redis;

  constructor(private readonly address: QueueAddress) {}

  /** Worker side: puts a job's weights files in Redis. */
  async send(jobId: string, files: Record<string, Buffer>): Promise<void> {
    const key = this.key(jobId);
    await this.client().hset(key, files);
    await this.client().expire(key, WEIGHTS_TTL_SECONDS);
  }

  /**
   * Search side: writes a job's weights from Redis into the run folder (replaceScoredWeights, as
   * the proxy keeps them locally) and deletes them from Redis. Throws when they
   * are not there (expired, or Redis lost them).
   */
  async receive(jobId: string, runDir: string, candidateKey: string): Promise<void> {
    const key = this.key(jobId);
    const files = await this.client().hgetallBuffer(key);
    const names = Object.keys(files);
    if (names.length === 0) throw new Error('they are no longer in Redis');
    // A file name from Redis is written inside the folder only.
    const bad = names.find((name) => path.basename(name) !== name || name.startsWith('.'));
    if (bad !== undefined) throw new Error(`unexpected weights file name '${bad}'`);
    await replaceScoredWeights(runDir, candidateKey, async (dir) => {
      for (const name of names) await fs.promises.writeFile(path.join(dir, name), files[name]);
    });
    await this.client().del(key);
  }

  close(): void {
    this.redis?.disconnect();
    this.redis = undefined;
  }

  private key(jobId: string): string {
    return `nas-weights:${this.address.name}:${jobId}`;
  }

  private client(): Redis {
    return (this.redis ??= new Redis(connectionOptions(this.address)));
  }
}

/** The files of a scored-weights folder (model.json, weights.bin, scored.json), or undefined when there is none. */
export function readWeightsFolder(dir: string): Record<string, Buffer> | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const files: Record<string, Buffer> = {};
  for (const name of fs.readdirSync(dir)) files[name] = fs.readFileSync(path.join(dir, name));
  return Object.keys(files).length > 0 ? files : undefined;
}
