import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DeltaBatcher, Scheduler } from '../../src/extension/deltaBatcher';

/** A manual clock: timers fire only when the test advances time. */
function fakeClock(): Scheduler & { advance(ms: number): void } {
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  return {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (h) => {
      timers = timers.filter((t) => t.id !== h);
    },
    advance(ms) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      due.forEach((t) => t.fn());
    },
  };
}

test('a burst becomes one batch, in order', () => {
  const clock = fakeClock();
  const sent: number[][] = [];
  const b = new DeltaBatcher<number>((x) => sent.push(x), 100, clock);
  for (let i = 0; i < 500; i++) b.push(i);
  assert.equal(sent.length, 0);
  clock.advance(0);
  assert.equal(sent.length, 1);
  assert.deepEqual(sent[0], Array.from({ length: 500 }, (_, i) => i));
});

test('a steady stream is sent at most once per interval', () => {
  const clock = fakeClock();
  const sent: number[][] = [];
  const b = new DeltaBatcher<number>((x) => sent.push(x), 100, clock);
  // One item per millisecond for one second: 1000 items, at most ~10 messages.
  for (let t = 0; t < 1000; t++) {
    b.push(t);
    clock.advance(1);
  }
  clock.advance(200);
  assert.ok(sent.length <= 11, `sent ${sent.length} batches`);
  assert.ok(sent.length >= 9, `sent ${sent.length} batches`);
  assert.deepEqual(sent.flat(), Array.from({ length: 1000 }, (_, i) => i));
});

test('flush sends immediately and dispose drops the queue', () => {
  const clock = fakeClock();
  const sent: string[][] = [];
  const b = new DeltaBatcher<string>((x) => sent.push(x), 100, clock);
  b.push('a');
  b.flush();
  assert.deepEqual(sent, [['a']]);
  b.push('b');
  b.dispose();
  clock.advance(1000);
  assert.deepEqual(sent, [['a']]);
  assert.equal(b.pending, 0);
});
