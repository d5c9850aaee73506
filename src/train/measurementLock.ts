// One latency measurement at a time on this machine: two of our processes measuring at once
// (two editor searches, the editor and a terminal) slow each other's figures down several times.
// A measurement holds a lock file under the OS temp dir, the run folder's lock mechanism
// (core/run/runLock.ts: names its holder, a killed holder's lock is taken over at once), and
// waits while another process holds it.
//
// Limit: it orders measurements, not trainings: a training of another search on the machine
// still competes with a measurement for the cores.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RunLock, RunLockedError } from '../core/run/runLock';

export const MEASUREMENT_LOCK_DIR = path.join(os.tmpdir(), 'nas-workbench-measurement');

/** Runs `measure` once no other measurement of ours runs on the machine, holding the lock meanwhile. */
export async function whileMeasuring<T>(measure: () => Promise<T>, dir: string = MEASUREMENT_LOCK_DIR, pollMs = 50): Promise<T> {
  fs.mkdirSync(dir, { recursive: true });
  let lock: RunLock;
  for (;;) {
    try {
      lock = RunLock.acquire(dir);
      break;
    } catch (e) {
      if (!(e instanceof RunLockedError)) throw e;
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }
  try {
    return await measure();
  } finally {
    lock.release();
  }
}
