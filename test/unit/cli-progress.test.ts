import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProgressReporter } from '../../src/cli/progress';

function stream(isTTY: boolean): { out: string[]; s: NodeJS.WriteStream } {
  const out: string[] = [];
  return { out, s: { isTTY, write: (t: string) => (out.push(t), true) } as unknown as NodeJS.WriteStream };
}

const training = (batch: number) => ({ key: 'k1', repeat: 1, repeats: 1, epoch: 1, epochs: 2, batch, batches: 4, loss: 0.5, lossCurve: [], elapsedMs: 2500, etaSec: 90 });

test('without a TTY: plain lines, one per finished epoch and one per candidate with its duration', () => {
  const { out, s } = stream(false);
  const r = new ProgressReporter(s, ['val_acc']);
  for (let b = 1; b <= 4; b++) r.trainingStep(training(b));
  r.progress({ evaluated: 1, budget: 3, etaSec: 60 });
  r.candidate({ index: 0, key: 'k1', encoding: [], status: 'ok', metrics: { val_acc: 0.5 }, startedAt: 0, durationMs: 3000 }, 3);
  assert.deepEqual(out, ['  training k1: epoch 1/2 · batch 4/4 · loss 0.5000 · 2.5 s\n', '[1/3] k1  val_acc=0.5000  (3.0 s)\n']);
});

test('on a TTY: one redrawn line with the bar, the time left and the candidate in training', () => {
  const { out, s } = stream(true);
  const r = new ProgressReporter(s, ['val_acc']);
  r.progress({ evaluated: 1, budget: 3, etaSec: 60 });
  assert.equal(out.at(-1), `\r[${'#'.repeat(10)}${'.'.repeat(20)}] 1/3  1 min 00 s left\x1b[K`);
  r.trainingStep(training(2));
  r.progress({ evaluated: 3, budget: 3, etaSec: 0 });
  assert.ok(out.every((l) => !l.includes('\n')));
  r.end();
  assert.equal(out.at(-1), '\n');
});

test('plain lines on a TTY too when asked (--json: stdout is the result)', () => {
  const { out, s } = stream(true);
  const r = new ProgressReporter(s, ['val_acc'], true);
  r.progress({ evaluated: 1, budget: 3 });
  r.candidate({ index: 0, key: 'k1', encoding: [], status: 'failed', metrics: {}, error: 'diverged', startedAt: 0, durationMs: 100 }, 3);
  r.end();
  assert.deepEqual(out, ['[1/3] k1  failed: diverged  (0.1 s)\n']);
});
