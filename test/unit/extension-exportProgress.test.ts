// Export Candidate's notification while it trains first (extension/exportProgress.ts): epoch,
// batch and loss in words, a bar that fills once over the epochs and never goes back, and the
// worker's event that carries the steps validated on arrival.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../../src/core/validate';
import { exportProgress } from '../../src/extension/exportProgress';
import { workerSide } from '../../src/protocol/workerProtocol';

test('the notification says epoch k of n, the batch and the loss, and its bar fills to 100% once', () => {
  const reports: { message?: string; increment?: number }[] = [];
  const onStep = exportProgress({ report: (v) => reports.push(v) });
  onStep({ epoch: 1, epochs: 2, batch: 5, batches: 10, loss: 2.5 });
  onStep({ epoch: 1, epochs: 2, batch: 10, batches: 10, loss: 2.1 });
  onStep({ epoch: 1, epochs: 2, batch: 5, batches: 10, loss: 2.4 }); // late: must not take the bar back
  onStep({ epoch: 2, epochs: 2, batch: 10, batches: 10, loss: 1.25 });
  assert.equal(reports[0].message, 'training: epoch 1/2 · batch 5/10 · loss 2.500');
  assert.deepEqual(reports.map((r) => r.increment), [25, 25, 0, 50]);
  assert.equal(reports.reduce((s, r) => s + (r.increment ?? 0), 0), 100);
  assert.equal(reports[3].message, 'training: epoch 2/2 · batch 10/10 · loss 1.250; validating and writing the model');
});

test('the worker\'s export training event is validated: a step without its export\'s folder is dropped', () => {
  const v = workerSide.events.exportTraining;
  assert.ok(check(v, { outDir: '/x', epoch: 1, epochs: 2, batch: 3, batches: 4, loss: 0.5 }).ok);
  const bad = check(v, { epoch: 1, epochs: 2, batch: 3, batches: 4, loss: 0.5 });
  assert.equal(bad.ok, false);
  assert.match(bad.ok ? '' : bad.error, /outDir/);
});
