// A clock for timing compute on shared cores: wall time minus the time this thread spent
// runnable but waiting for a CPU (Linux's per-thread scheduler statistics). On a machine where
// other processes compete, a model of ~10 ms is preempted on every run, so even its fastest run
// reads 3-10x its cost (measured: 35 ms wall for 7 ms on a CPU at a load of 37 on 2 cores),
// while a unit timed in 1 ms samples or the 0.1-0.4 ms load reference still finds runs between
// preemptions: the table then predicted 6-14 ms for NAS-Bench-201 cells measured at 30-110 ms.
// With the waits taken out, a long run and a short one are timed alike. Time blocked on I/O
// or in a sleep is not taken out: the synchronous compute timed here does not block.
// Node-only (reads /proc); train/opTimer.ts and train/latency.ts take it as an option, so a
// browser page times on performance.now().
import * as fs from 'node:fs';
import { wallClock, type Clock } from './latency';

/**
 * `now` minus the waiting time `waitedNs` reports (cumulative, nanoseconds). The two are read as
 * one snapshot: a wait between the readings (the read of the statistic is a system call, where
 * the kernel likes to preempt) would otherwise be taken out of a run it was not in; at a load of
 * 40 that made runs read as -45 ms.
 */
export function waitFreeClock(now: Clock, waitedNs: () => number): Clock {
  return () => {
    let before = waitedNs();
    for (let tries = 0; ; tries++) {
      const t = now();
      const after = waitedNs();
      // `before` was read before `t`: on giving up, a wait is left in rather than taken out twice.
      if (after === before || tries >= 8) return t - before / 1e6;
      before = after;
    }
  };
}

/** The second field of schedstat (`<on-cpu ns> <run-queue wait ns> <timeslices>`), in ns; NaN when the text is not schedstat. */
export function runQueueWaitNs(schedstat: string): number {
  const fields = schedstat.trim().split(/\s+/);
  return fields.length >= 3 ? Number(fields[1]) : NaN;
}

const SCHEDSTAT = '/proc/thread-self/schedstat';

// One per thread (a worker thread loads its own copy of this module): the file is the thread's
// that opened it.
let opened: { clock: Clock; waitFree: boolean } | undefined;

/**
 * The wait-free clock of the calling thread, or the wall clock where the kernel does not keep
 * the statistic (not Linux, or schedstat absent). Each reading costs about 2 microseconds.
 */
export function onCpuClock(): { clock: Clock; waitFree: boolean } {
  return (opened ??= open());
}

function open(): { clock: Clock; waitFree: boolean } {
  let fd: number;
  try {
    fd = fs.openSync(SCHEDSTAT, 'r');
  } catch {
    return { clock: wallClock, waitFree: false };
  }
  const buf = Buffer.alloc(128);
  const read = () => runQueueWaitNs(buf.toString('latin1', 0, fs.readSync(fd, buf, 0, buf.length, 0)));
  if (!Number.isFinite(read())) {
    fs.closeSync(fd);
    return { clock: wallClock, waitFree: false };
  }
  return { clock: waitFreeClock(wallClock, read), waitFree: true };
}
