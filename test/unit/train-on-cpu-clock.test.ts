import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { onCpuClock, runQueueWaitNs, waitFreeClock } from '../../src/train/onCpuClock';

/** A thread on a busy core, scripted: each reading of the wall clock or of the wait counter may first let time pass. */
function scriptedThread() {
  let wallMs = 0;
  let waitedNs = 0;
  const pending: { onRead: 'now' | 'wait'; waitMs: number }[] = [];
  const advance = (kind: 'now' | 'wait') => {
    const i = pending.findIndex((p) => p.onRead === kind);
    if (i >= 0) {
      const [{ waitMs }] = pending.splice(i, 1);
      wallMs += waitMs;
      waitedNs += waitMs * 1e6;
    }
  };
  return {
    now: () => (advance('now'), wallMs),
    waited: () => (advance('wait'), waitedNs),
    compute(ms: number) {
      wallMs += ms;
    },
    /** The thread is preempted for `ms`, just before the next reading of that kind. */
    preemptBefore(kind: 'now' | 'wait', ms: number) {
      pending.push({ onRead: kind, waitMs: ms });
    },
    wallMs: () => wallMs,
  };
}

test('a run preempted on a busy core is timed at its compute, not at the wall time it waited through', () => {
  // The NAS-Bench-201 case: 10 ms of compute, 30 ms waiting for the CPU. On the wall clock
  // it reads 40 ms, while its units, timed in short samples between preemptions, sum to 10.
  const thread = scriptedThread();
  const clock = waitFreeClock(thread.now, thread.waited);
  const w0 = thread.wallMs();
  const t0 = clock();
  thread.compute(4);
  thread.preemptBefore('now', 30);
  thread.compute(6);
  const t1 = clock();
  assert.equal(thread.wallMs() - w0, 40);
  assert.equal(t1 - t0, 10);
});

test('a wait between the two readings of one clock reading is not taken out of the run', () => {
  // Preempted inside the read of the statistic, after the wall clock was read: that wait is
  // after the run's end, so the run is still 5 ms (not 5 - 45).
  const thread = scriptedThread();
  const clock = waitFreeClock(thread.now, thread.waited);
  const t0 = clock();
  thread.compute(5);
  thread.preemptBefore('wait', 45);
  const t1 = clock();
  assert.equal(t1 - t0, 5);
  // And one between the wait's reading and the wall clock's, at the run's start: not counted in it either.
  const t2 = clock();
  thread.compute(3);
  thread.preemptBefore('now', 20);
  const t3 = clock();
  thread.compute(2);
  assert.equal(t3 - t2, 3);
  assert.equal(clock() - t3, 2);
});

test('schedstat text gives its run-queue wait; other text is NaN', () => {
  assert.equal(runQueueWaitNs('476541 72877197 1\n'), 72877197);
  assert.ok(Number.isNaN(runQueueWaitNs('')));
  assert.ok(Number.isNaN(runQueueWaitNs('0 x 1')));
});

test('on Linux the clock is wait-free, and never runs ahead of the wall clock or backwards', (t) => {
  if (!fs.existsSync('/proc/thread-self/schedstat')) {
    t.skip('no /proc/thread-self/schedstat here (not Linux): the wall clock is used');
    assert.equal(onCpuClock().waitFree, false);
    return;
  }
  const { clock, waitFree } = onCpuClock();
  assert.equal(waitFree, true);
  // Each reading bracketed by the wall clock: from one reading to the next, the clock advances
  // at most as much as the wall between the outer brackets.
  let last = { before: performance.now(), c: clock() };
  for (let i = 0; i < 2000; i++) {
    const before = performance.now();
    const c = clock();
    const after = performance.now();
    assert.ok(c >= last.c, `went back ${last.c - c} ms`);
    assert.ok(c - last.c <= after - last.before + 1e-6, `ran ahead of the wall clock: ${c - last.c} > ${after - last.before}`);
    last = { before, c };
  }
});
