// The clock local latencies are timed with (train/timingClock.ts): for the single-threaded
// engines under Node, this process's CPU time, which does not advance while the process waits
// (as it does while another process holds the core); the wall clock otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timingClock } from '../../src/train/timingClock';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('the wasm backend is timed in CPU time: waiting does not count, work does', async () => {
  const cpu = timingClock('wasm');
  const wall = timingClock('tensorflow');
  const [c0, w0] = [cpu(), wall()];
  await sleep(200);
  const [c1, w1] = [cpu(), wall()];
  assert.ok(w1 - w0 >= 190, `the wall clock saw the wait (${w1 - w0} ms)`);
  assert.ok(c1 - c0 < (w1 - w0) / 2, `the CPU clock did not: ${c1 - c0} ms of CPU over ${w1 - w0} ms waiting`);
  let x = 0;
  while (cpu() - c1 < 20) x += Math.sqrt(x + 1);
  assert.ok(x > 0 && cpu() - c1 >= 20, 'work advances the CPU clock');
});
