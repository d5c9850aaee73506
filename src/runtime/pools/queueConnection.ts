// Opening the queue from either side: fail fast (with a one-line error) when Redis cannot be
// reached at the start; once running, connection loss is retried with backoff (queueJob.ts) and
// reported once per outage, never with the password.
import { Queue } from 'bullmq';
import type { EventEmitter } from 'node:events';
import { connectionOptions } from './queueJob';
import type { QueueAddress } from './queueUrl';

const REACH_TIMEOUT_MS = 5000;

/** Resolves once `ready` does, or throws naming the queue after a few seconds of retrying. */
export async function reachable<T>(address: QueueAddress, ready: Promise<T>, close: () => Promise<void>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`cannot reach the queue at ${address.display} (is redis-server running there?)`)), REACH_TIMEOUT_MS);
  });
  try {
    return await Promise.race([ready, timeout]);
  } catch (e) {
    await close().catch(() => {});
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

export async function openQueue(address: QueueAddress): Promise<Queue> {
  const queue = new Queue(address.name, { connection: connectionOptions(address) });
  queue.on('error', () => {}); // reported by the owner's ConnectionWatch
  await reachable(address, queue.waitUntilReady(), () => queue.close());
  return queue;
}

/** Says once that the queue is unreachable and once that it is back, however many errors come between. */
export class ConnectionWatch {
  private down = false;

  constructor(
    private readonly address: QueueAddress,
    private readonly log: (level: 'info' | 'warn', message: string) => void,
  ) {}

  watch(emitter: EventEmitter): void {
    emitter.on('error', (err: Error) => this.lost(err));
  }

  lost(err: Error): void {
    if (this.down) return;
    this.down = true;
    this.log('warn', `queue ${this.address.display}: ${err.message.replace(this.address.password ?? '\0', '***')}; retrying with backoff`);
  }

  /** Called after a command succeeded. */
  ok(): void {
    if (!this.down) return;
    this.down = false;
    this.log('info', `queue ${this.address.display}: reachable again`);
  }
}

/** Throws the one-line error when the queue cannot be reached (checked before a run folder is made). */
export async function checkQueue(address: QueueAddress): Promise<void> {
  await (await openQueue(address)).close();
}
